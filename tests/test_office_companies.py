"""Offices that are companies of their own: each its own controller, consent text, privacy
page, receipt, alarm inbox and framing sites; an office without its own falls back to the
service-wide settings."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
import requests

from app import outbox
from app.settings.loading import ConfigError, finalize, load_settings
from app.staff import accounts
from sandbox import SandboxServer, SandboxState, create_sandbox_app
from tests.conftest import app_config, hidden_fields, make_app, submit, valid_answers
from tests.mailtests import BROKER, BROKER_ADDRESS, PUBLIC_URL, mail_config, send_mail

FIRST, SECOND = "M10001", "M10002"
LOGINS = {FIRST: ("kedjan-sod", "lösen-ett-111"), SECOND: ("kedjan-gbg", "lösen-två-222")}
GLOBAL_ORG = "556677-8899"
WEST = "Västkustens Mäklare AB"
WEST_ORG = "559012-3456"
WEST_ADDRESS = "Kungsportsavenyen 3, 411 36 Göteborg"
WEST_CONSENT = "Jag samtycker till att Västkustens Mäklare AB i Göteborg behandlar mina uppgifter."
SEND = "/Interest/SendInterestAndContactOnArea"


@pytest.fixture
def chain_sandbox():
    server = SandboxServer(create_sandbox_app(SandboxState(LOGINS)))
    server.start()
    yield server
    server.stop()


def chain_config(**overrides) -> dict:
    """Two offices: the first without a company of its own, the second Västkustens."""
    return {
        "VITEC_OFFICES": [(FIRST, "Södermalm"), (SECOND, "Göteborg")],
        "VITEC_CUSTOMER_ID": FIRST,
        "VITEC_USERNAME": LOGINS[FIRST][0],
        "VITEC_PASSWORD": LOGINS[FIRST][1],
        f"VITEC_USERNAME_{SECOND}": LOGINS[SECOND][0],
        f"VITEC_PASSWORD_{SECOND}": LOGINS[SECOND][1],
        "VITEC_USER_ID": None,
        "BROKER_ORG_NUMBER": GLOBAL_ORG,
        "BROKER_EMAIL": "integritet@soderhus.se",
        f"BROKER_NAME_{SECOND}": WEST,
        f"BROKER_ORG_NUMBER_{SECOND}": WEST_ORG,
        f"BROKER_ADDRESS_{SECOND}": WEST_ADDRESS,
        f"BROKER_EMAIL_{SECOND}": "dataskydd@vastkusten.se",
        f"BROKER_CONTACT_{SECOND}": "031-700 12 34, info@vastkusten.se",
        f"MAIL_REPLY_TO_{SECOND}": "info@vastkusten.se",
        f"CONSENT_TEXT_{SECOND}": WEST_CONSENT,
        f"FRAME_ANCESTORS_{SECOND}": "https://www.vastkusten.se",
        "FRAME_ANCESTORS": ["https://www.soderhus.se"],
        **overrides,
    }


@pytest.fixture
def chain(chain_sandbox, database_url, smtp, clock):
    url = f"http://127.0.0.1:{chain_sandbox.port}"
    return make_app(url, database_url, **mail_config(smtp, clock, **chain_config()))


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_each_office_shows_its_own_controller_on_the_form_the_privacy_page_and_the_receipt(
    chain, smtp
):
    client = chain.test_client()
    west_form = client.get(f"/?kontor={SECOND}").get_data(as_text=True)
    assert WEST_CONSENT in text_of(west_form)
    assert f"så hör {WEST} av sig" in text_of(west_form)
    assert BROKER not in text_of(west_form)
    assert f'href="/integritet?kontor={SECOND}"' in west_form
    own_form = client.get("/").get_data(as_text=True)
    assert f"Jag samtycker till att {BROKER} behandlar" in text_of(own_form)
    assert WEST not in text_of(own_form)

    west_privacy = text_of(client.get(f"/integritet?kontor={SECOND}").get_data(as_text=True))
    assert f"{WEST} (organisationsnummer {WEST_ORG}) är personuppgiftsansvarig" in west_privacy
    assert WEST_ADDRESS in west_privacy and "dataskydd@vastkusten.se" in west_privacy
    assert BROKER not in west_privacy and GLOBAL_ORG not in west_privacy
    own_privacy = text_of(client.get("/integritet").get_data(as_text=True))
    assert f"{BROKER} (organisationsnummer {GLOBAL_ORG}) är personuppgiftsansvarig" in own_privacy
    assert client.get("/integritet?kontor=M99999").status_code == 404

    west = valid_answers(areas=["OMR-GBG-HAG"], email="gbg@example.se")
    assert submit(client, f"/?kontor={SECOND}", west).status_code == 302
    assert submit(client, "/", valid_answers(email="sod@example.se")).status_code == 302
    assert send_mail(chain) == 2
    mails = {mail.recipients: mail for mail in smtp.received()}
    west_mail, own_mail = mails[("gbg@example.se",)], mails[("sod@example.se",)]
    assert west_mail.message["Subject"] == f"Din intresseanmälan hos {WEST}"
    assert west_mail.message["Reply-To"] == "info@vastkusten.se"
    for part in (west_mail.part("plain"), west_mail.part("html")):
        assert WEST_ADDRESS in part and "031-700 12 34" in part
        assert f"{PUBLIC_URL}/integritet?kontor={SECOND}" in part
        assert BROKER not in part and BROKER_ADDRESS not in part
    assert own_mail.message["Subject"] == f"Din intresseanmälan hos {BROKER}"
    assert own_mail.message["Reply-To"] == "info@soderhus.se"
    for part in (own_mail.part("plain"), own_mail.part("html")):
        assert BROKER_ADDRESS in part and WEST not in part
        assert f"{PUBLIC_URL}/integritet" in part and "kontor=" not in part


def test_the_stored_consent_of_a_registration_for_an_office_is_its_own_text(chain):
    client = chain.test_client()
    engine = chain.extensions["delivery"].engine
    assert submit(client, f"/?kontor={SECOND}", valid_answers(areas=["OMR-GBG-HAG"])).status_code
    assert submit(client, "/", valid_answers()).status_code == 302
    rows = {row["office"]: outbox.get(engine, row["id"]) for row in outbox.listing(engine)}
    west = json.loads(rows[SECOND]["consent"])
    assert west["purposes"]["processing"]["text"] == WEST_CONSENT
    assert west["purposes"]["marketing"]["text"] == (
        "Jag vill få nyheter och erbjudanden från Västkustens Mäklare AB."
    )
    assert west["privacyPolicyUrl"] == f"/integritet?kontor={SECOND}"
    own = json.loads(rows[FIRST]["consent"])
    assert own["purposes"]["processing"]["text"] == (
        f"Jag samtycker till att {BROKER} behandlar mina uppgifter för att hantera min "
        "intresseanmälan."
    )
    assert own["privacyPolicyUrl"] == "/integritet"
    assert rows[SECOND]["consent_version"] != rows[FIRST]["consent_version"]
    assert rows[SECOND]["consent_version"] == west["purposes"]["processing"]["version"]


def test_an_office_with_its_own_alert_email_gets_its_own_alarms(
    chain_sandbox, database_url, smtp, clock
):
    url = f"http://127.0.0.1:{chain_sandbox.port}"
    overrides = chain_config(
        ALERT_EMAIL=["larm@soderhus.se"],
        **{f"ALERT_EMAIL_{SECOND}": "larm@vastkusten.se jour@vastkusten.se"},
        RECEIPT_ENABLED=False,
    )
    app = make_app(url, database_url, **mail_config(smtp, clock, **overrides))
    client = app.test_client()
    for office, areas in ((SECOND, ["OMR-GBG-HAG"]), (FIRST, ["OMR-SOD"])):
        body = {"status": 400, "count": 1, "path": SEND}
        requests.post(url + "/_sandbox/faults", json=body, timeout=5).raise_for_status()
        assert submit(client, f"/?kontor={office}", valid_answers(areas=areas)).status_code == 302
        app.extensions["delivery"].worker().drain()
    clock.advance(minutes=16)
    assert send_mail(app) == 2
    alarms = {tuple(sorted(m.recipients)): m for m in smtp.received()}
    assert set(alarms) == {("jour@vastkusten.se", "larm@vastkusten.se"), ("larm@soderhus.se",)}
    west = alarms[("jour@vastkusten.se", "larm@vastkusten.se")]
    assert WEST in west.message["Subject"] and "1 anmälan" in west.message["Subject"]
    assert BROKER in alarms[("larm@soderhus.se",)].message["Subject"]
    engine = app.extensions["delivery"].engine
    ids = {row["office"]: row["id"] for row in outbox.listing(engine)}
    assert ids[SECOND] in west.part("plain") and ids[FIRST] not in west.part("plain")


def test_the_embed_of_an_office_may_be_framed_by_its_own_sites(chain):
    client = chain.test_client()
    west = client.get(f"/embed?kontor={SECOND}").headers["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://www.vastkusten.se;" in west + ";"
    assert "soderhus" not in west
    own = client.get("/embed").headers["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://www.soderhus.se;" in own + ";"


def test_an_office_without_its_own_values_uses_the_service_wide_ones(chain):
    first, second = chain.extensions["settings"].offices.all
    company = first.company
    assert (company.name, company.org_number, company.address) == (
        BROKER,
        GLOBAL_ORG,
        BROKER_ADDRESS,
    )
    assert company.email == "integritet@soderhus.se"
    assert company.contact == "08-555 123 45, info@soderhus.se"
    assert (company.privacy_url, company.reply_to) == ("/integritet", "info@soderhus.se")
    assert company.frame_ancestors == ("https://www.soderhus.se",)
    assert company.consent_text.startswith("Jag samtycker till att {broker} behandlar")
    assert (second.company.name, second.company.privacy_url) == (
        WEST,
        f"/integritet?kontor={SECOND}",
    )
    assert second.company.staff_marketing_text == "Personen vill få nyheter och erbjudanden."


def test_an_office_naming_its_own_company_must_say_who_it_is(tmp_path):
    config = load_settings({})
    config.update(app_config("https://connect.maklare.vitec.net", TESTING=False, **chain_config()))
    config.update(
        {
            f"BROKER_ORG_NUMBER_{SECOND}": None,
            f"BROKER_ADDRESS_{SECOND}": None,
            "PUBLIC_URL": PUBLIC_URL,
            "OUTBOX_ENCRYPTION_KEYS": ["x"],
            "BROKER_ADDRESS": BROKER_ADDRESS,
        }
    )
    with pytest.raises(ConfigError) as caught:
        finalize(config, str(tmp_path))
    assert f"BROKER_ORG_NUMBER_{SECOND}" in str(caught.value)
    assert f"BROKER_ADDRESS_{SECOND}" in str(caught.value)
    assert f"BROKER_EMAIL_{SECOND}" not in str(caught.value)


def test_a_malformed_office_value_names_its_setting(tmp_path):
    config = load_settings({})
    config.update(app_config("https://connect.maklare.vitec.net", **chain_config()))
    config[f"FRAME_ANCESTORS_{SECOND}"] = "www.vastkusten.se/sida"
    with pytest.raises(ConfigError, match=f"FRAME_ANCESTORS_{SECOND}: ange ursprung"):
        finalize(config, str(tmp_path))


def test_staff_entering_one_for_an_office_confirm_its_own_consent_text(chain):
    accounts.add(chain.extensions["delivery"].engine, "kedja@soderhus.se", "kedjans-lösenord-12")
    client = chain.test_client()
    page = client.get("/staff/login").get_data(as_text=True)
    login = {"email": "kedja@soderhus.se", "password": "kedjans-lösenord-12"}
    client.post("/staff/login", data={**login, **hidden_fields(page)})
    west = text_of(client.get(f"/staff/ny?kontor={SECOND}").get_data(as_text=True))
    assert (
        f"Personen har fått information om hur {WEST} behandlar personuppgifter och har samtyckt."
    ) in west
    own = text_of(client.get("/staff/ny").get_data(as_text=True))
    assert f"hur {BROKER} behandlar personuppgifter" in own and WEST not in own
    second = chain.extensions["settings"].offices.get(SECOND)
    with chain.app_context():
        intake = chain.extensions["delivery"].intake(staff=True, office=second)
    assert intake.texts["processing"].text == (
        f"Personen har fått information om hur {WEST} behandlar personuppgifter och har samtyckt."
    )
    assert intake.privacy_url == f"/integritet?kontor={SECOND}"


def test_the_embedding_guide_lists_the_sites_each_office_may_be_shown_on(chain):
    guide = text_of(chain.test_client().get("/inbaddning").get_data(as_text=True))
    assert "Södermalm (M10001): https://www.soderhus.se" in guide
    assert "Göteborg (M10002): https://www.vastkusten.se" in guide


def test_per_office_values_are_read_from_the_environment(tmp_path):
    environment = {
        "VITEC_BASE_URL": "https://connect.maklare.vitec.net",
        "VITEC_OFFICES": f"{FIRST}=Södermalm, {SECOND}=Göteborg",
        "VITEC_USERNAME": "kedjan",
        "VITEC_PASSWORD": "lösen",
        "SMTP_URL": "smtp://127.0.0.1:2525",
        "MAIL_FROM": "noreply@vastkusten.se",
        "RECEIPT_ENABLED": "false",
        f"BROKER_NAME_{SECOND}": f" {WEST} ",
        f"ALERT_EMAIL_{SECOND}": "larm@vastkusten.se, jour@vastkusten.se",
        f"CONSENT_TEXT_{SECOND}": "",  # blank: as if unset
    }
    config = load_settings(environment)
    config["TESTING"] = True
    finalize(config, str(tmp_path))
    first, second = config["OFFICES"].all
    assert second.company.name == WEST
    assert second.company.alert_emails == ("larm@vastkusten.se", "jour@vastkusten.se")
    assert second.company.consent_text == first.company.consent_text
    assert first.company.name == "Mäklarbyrån" and first.company.alert_emails == ()


def test_an_office_alert_email_needs_a_mail_server(tmp_path):
    config = load_settings({})
    config.update(app_config("https://connect.maklare.vitec.net", **chain_config()))
    config[f"ALERT_EMAIL_{SECOND}"] = "larm@vastkusten.se"
    with pytest.raises(ConfigError, match=f"ALERT_EMAIL_{SECOND} kräver SMTP_URL"):
        finalize(config, str(tmp_path))


def test_two_offices_of_one_company_each_keep_their_own_reply_to(
    chain_sandbox, database_url, smtp, clock
):
    """Offices that differ only in their reply-to: each receipt answers to its own office,
    whichever office was sent to first."""
    own = {
        key: value
        for key, value in chain_config().items()
        if not key.endswith(f"_{SECOND}") or key.startswith(("VITEC_", "MAIL_REPLY_TO_"))
    }
    url = f"http://127.0.0.1:{chain_sandbox.port}"
    app = make_app(url, database_url, **mail_config(smtp, clock, **own))
    client = app.test_client()
    assert submit(client, "/", valid_answers(email="sod@example.se")).status_code == 302
    west = valid_answers(areas=["OMR-GBG-HAG"], email="gbg@example.se")
    assert submit(client, f"/?kontor={SECOND}", west).status_code == 302
    assert send_mail(app) == 2
    reply_to = {mail.recipients: mail.message["Reply-To"] for mail in smtp.received()}
    assert reply_to == {
        ("sod@example.se",): "info@soderhus.se",
        ("gbg@example.se",): "info@vastkusten.se",
    }
