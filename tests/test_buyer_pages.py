"""The buyer's pages: the contact rule tied to its fields, the valuation question, the privacy
page as configured, a 429 that keeps what was typed, and plain Swedish throughout."""

from __future__ import annotations

import re

import pytest

from app import outbox
from app.staff import accounts
from app.vitec.vocabulary import ESTATE_TYPE_LABELS, HOUSING_LABELS
from app.web.errors import wait_in_words
from tests.conftest import CUSTOMER_ID, make_app, submit, valid_answers

CONTACT_FIELDS = ("email", "cell_phone", "home_phone")


def described_by(html: str, field_id: str) -> list[str]:
    match = re.search(rf'<input [^>]*id="{field_id}"[^>]*>', html)
    described = re.search(r'aria-describedby="([^"]*)"', match[0])
    return described[1].split() if described else []


def label_of(html: str, field_id: str) -> str:
    return re.search(rf'<label for="{field_id}">(.*?)</label>', html, re.S)[1]


def test_the_contact_rule_is_one_hint_tied_to_each_of_its_fields(client):
    html = client.get("/").get_data(as_text=True)
    hint = re.search(r'<p class="hint" id="kontakt-hint">([^<]*)</p>', html)
    assert hint and "minst ett av dessa" in hint[1]
    for field in CONTACT_FIELDS:
        assert "kontakt-hint" in described_by(html, field)
        assert "frivilligt" not in label_of(html, field)  # one of them is required
    assert "frivilligt" in label_of(html, "street_address")  # a truly optional field is marked


def test_the_contact_rule_error_sits_with_its_hint(client, sandbox):
    answers = valid_answers(email="", cell_phone="", home_phone="")
    response = submit(client, "/", data=answers)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    group = html[html.index('<div class="contact-group') : html.index('id="email"')]
    assert '<p class="hint" id="kontakt-hint" hidden>' in group  # the error says it instead
    assert 'id="kontakt-error"' in group
    assert "Fyll i e-post, mobiltelefon eller hemtelefon" in group
    for field in CONTACT_FIELDS:
        assert described_by(html, field)[:1] == ["kontakt-error"]
    summary = html[html.index('id="felsammanfattning"') : html.index("</ul>")]
    assert re.search(r'<a href="#email">Fyll i e-post, mobiltelefon eller hemtelefon', summary)
    assert sandbox.received() == []


def test_one_way_of_contact_is_enough(client, deliver, sandbox):
    answers = valid_answers(email="", cell_phone="", home_phone="08-123 456 78")
    assert submit(client, "/", data=answers).status_code == 302
    assert deliver() == 1


# The valuation question --------------------------------------------------------------------

QUESTION = (
    "Behöver du sälja din nuvarande bostad? Vill du bli kontaktad om en kostnadsfri värdering?"
)


@pytest.fixture
def valuing_app(sandbox, database_url):
    return make_app(sandbox.url, database_url, VALUATION_TASK_ID="UPG-2")


def test_a_ticked_valuation_question_adds_a_task_for_the_handlaggare(valuing_app, sandbox):
    client = valuing_app.test_client()
    page = client.get("/").get_data(as_text=True)
    assert QUESTION in page
    response = submit(client, "/", data=valid_answers(valuation="y"))
    assert response.status_code == 302
    assert valuing_app.extensions["delivery"].worker().drain() == 1
    (received,) = sandbox.received()
    task = received["payload"]["updatePerson"]["task"]
    assert task["predefinedTaskId"] == "UPG-2"
    assert task["assignedTo"] == "HAN001"  # the office's handläggare (VITEC_USER_ID)
    assert "värdering" in task["note"]
    summary = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "kostnadsfri värdering" in summary


def test_no_task_when_the_question_is_not_ticked(valuing_app, sandbox):
    client = valuing_app.test_client()
    assert submit(client, "/", data=valid_answers()).status_code == 302
    valuing_app.extensions["delivery"].worker().drain()
    assert "task" not in sandbox.received()[0]["payload"]["updatePerson"]


def test_no_question_and_no_task_when_no_valuation_task_is_configured(client, sandbox, deliver):
    assert QUESTION not in client.get("/").get_data(as_text=True)
    assert submit(client, "/", data=valid_answers(valuation="y")).status_code == 302
    deliver()
    assert "task" not in sandbox.received()[0]["payload"]["updatePerson"]


def test_the_staff_form_does_not_ask_the_buyers_valuation_question(sandbox, database_url):
    from tests.test_staff import EMAIL, PASSWORD, log_in

    app = make_app(sandbox.url, database_url, VALUATION_TASK_ID="UPG-2", WTF_CSRF_ENABLED=True)
    accounts.add(app.extensions["delivery"].engine, EMAIL, PASSWORD)
    client = app.test_client()
    assert log_in(client).status_code == 302
    assert QUESTION not in client.get("/staff/ny").get_data(as_text=True)


# The privacy page ----------------------------------------------------------------------------


def test_the_privacy_page_is_complete_and_shows_the_configured_retention(sandbox, database_url):
    app = make_app(
        sandbox.url,
        database_url,
        BROKER_NAME="Södermäklarna",
        BROKER_ORG_NUMBER="556123-4567",
        BROKER_ADDRESS="Götgatan 1, 118 46 Stockholm",
        BROKER_EMAIL="dataskydd@sodermaklarna.se",
        DELIVERED_RETENTION_DAYS=14.0,
        RETENTION_DAYS=180.0,
    )
    html = app.test_client().get("/integritet").get_data(as_text=True)
    for needed in (
        "Södermäklarna",
        "556123-4567",
        "Götgatan 1, 118 46 Stockholm",
        'href="mailto:dataskydd@sodermaklarna.se"',
        "artikel 6.1 a",
        "Vitec",
        "personuppgiftsbiträde",
        "14 dagar",
        "180 dagar",
        "tillgång",
        "rättelse",
        "radering",
        "ta tillbaka ditt samtycke",
        "dataportabilitet",
        "invända",
        "Integritetsskyddsmyndigheten (IMY)",
    ):
        assert needed in html, needed


def test_the_built_in_privacy_page_needs_the_brokers_details_outside_sandbox_mode(monkeypatch):
    from app.settings.loading import ConfigError, finalize

    config = {
        "VITEC_BASE_URL": "https://connect.example.test",
        "BROKER_NAME": "Mäklarbyrån",
        "VITEC_CUSTOMER_ID": CUSTOMER_ID,
        "VITEC_USERNAME": "kund",
        "VITEC_PASSWORD": "lösen",
        "SECRET_KEY": "s",
        "OUTBOX_ENCRYPTION_KEYS": ["k"],
        "PUBLIC_URL": "https://intresse.maklarbyran.example",
        "PRIVACY_POLICY_URL": "/integritet",
        "BROKER_EMAIL": "dataskydd@example.se",
    }
    with pytest.raises(ConfigError) as caught:
        finalize(dict(config), "/nonexistent")
    assert "BROKER_ORG_NUMBER" in str(caught.value) and "BROKER_ADDRESS" in str(caught.value)
    assert "BROKER_EMAIL" not in str(caught.value)
    # The broker's own privacy policy elsewhere: the built-in page's details are not needed.
    finalize({**config, "PRIVACY_POLICY_URL": "https://maklare.example/integritet"}, "/x")


# A 429 keeps what was typed ----------------------------------------------------------------


def test_past_the_limit_the_form_comes_back_with_the_answers_and_when_to_try_again(
    sandbox, database_url
):
    app = make_app(sandbox.url, database_url, FORM_RATE_LIMIT="2 per hour")
    client = app.test_client()
    for _ in range(2):
        assert submit(client, "/", data=valid_answers()).status_code == 302
    answers = valid_answers(first_name="Märta", special_request="Gärna balkong", price_min="2,5")
    response = submit(client, "/", data=answers)
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    wait = int(response.headers["Retry-After"])
    assert 0 < wait <= 3600
    assert "För många försök" in html
    assert f"Vänta {wait_in_words(wait)} (till kl. " in html
    assert re.search(r"till kl\. \d\d\.\d\d\)", html)  # one time format: kl. 10.29
    assert 'value="Märta"' in html and "Gärna balkong" in html and 'value="2,5"' in html
    assert re.search(r'id="areas-OMR-SOD" value="OMR-SOD" checked', html)
    assert re.search(r'name="form_token" type="hidden" value="[^"]+"', html)
    assert len(outbox.listing(app.extensions["delivery"].engine)) == 2  # nothing stored


def test_the_staff_login_429_carries_retry_after(sandbox, database_url):
    app = make_app(sandbox.url, database_url, LOGIN_RATE_LIMIT="2 per minute")
    client = app.test_client()
    for _ in range(2):
        client.post("/staff/login", data={"email": "x@y.se", "password": "nej"})
    response = client.post("/staff/login", data={"email": "x@y.se", "password": "nej"})
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 61  # the limiter rounds up a second
    assert "Vänta en minut och försök igen." in response.get_data(as_text=True)


# Language ----------------------------------------------------------------------------------


def test_the_wishes_and_the_present_home_use_the_same_words():
    shared = set(HOUSING_LABELS.values()) & set(ESTATE_TYPE_LABELS.values())
    assert shared == {
        "Villa",
        "Radhus",
        "Bostadsrätt",
        "Fritidshus",
        "Tomt",
        "Gård",
        "Lokal",
        "Hyresrätt",
        "Annat boende",
    }
    assert set(ESTATE_TYPE_LABELS.values()) - shared == {"Ägarlägenhet"}  # no wish flag for it
    assert set(HOUSING_LABELS.values()) - shared == {"Utlandsbostad"}  # no present-home type


def test_messages_write_numbers_the_swedish_way(client, sandbox):
    response = submit(client, "/", data=valid_answers(special_request="x" * 1001))
    assert "Skriv högst 1\u00a0000 tecken." in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/embed", "/integritet", "/tack", "/finns-inte"])
def test_the_buyers_pages_use_no_http_calques(client, path):
    html = client.get(path).get_data(as_text=True)
    for calque in ("begäran", "förfrågningar", "Ange "):
        assert calque not in html, (path, calque)
