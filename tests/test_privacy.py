"""Privacy and abuse: consent records, retention and erasure, spam, limits, headers, leaks."""

from __future__ import annotations

import base64
import json
import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from app import outbox
from app.outbox import submissions
from app.staff import accounts
from tests.conftest import (
    SANDBOX_PASSWORD,
    SANDBOX_USER,
    form_token_for,
    hidden_fields,
    make_app,
    submit,
    thanks_address,
    valid_answers,
)
from tests.test_staff import logged_in

PERSON = {
    "first_name": "Ingrid",
    "last_name": "Stjärnström",
    "email": "ingrid.stjarnstrom@example.se",
    "cell_phone": "070-765 43 21",
}
STAFF_EMAIL = "sara@maklarbyran.se"
STAFF_PASSWORD = "tolv-tecken-minst-9"


def hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" type="hidden" value="([^"]*)"', html).group(1)


def rendered_form(client, path="/") -> dict:
    """The hidden fields of a freshly rendered form."""
    return hidden_fields(client.get(path).get_data(as_text=True))


def aged_form(app, age_seconds: float) -> dict:
    """The hidden fields of a form rendered `age_seconds` ago (a genuine token, no waiting)."""
    submission_id = uuid.uuid4().hex
    return {
        "submission_id": submission_id,
        "form_token": form_token_for(app, submission_id, age_seconds),
    }


def only_row(app) -> dict:
    (row,) = outbox.listing(app.extensions["delivery"].engine)
    return outbox.get(app.extensions["delivery"].engine, row["id"])


# Consent -------------------------------------------------------------------------------


def test_each_submission_keeps_a_consent_record_per_purpose(client, app):
    html = client.get("/").get_data(as_text=True)
    assert "Jag samtycker till att Mäklarbyrån behandlar mina uppgifter" in html
    submit(client, "/", data=valid_answers(wish_advertising="y"))
    record = json.loads(only_row(app)["consent"])
    processing, marketing = record["purposes"]["processing"], record["purposes"]["marketing"]
    assert processing["given"] is True and marketing["given"] is True
    assert processing["text"] in html and marketing["text"] in html
    assert len(processing["sha256"]) == 64 and processing["version"] == processing["sha256"][:12]
    assert datetime.fromisoformat(processing["at"]).tzinfo is not None
    assert record["privacyPolicyUrl"] == "/integritet" and record["channel"] == "web"


def test_declined_news_is_recorded_as_not_given(client, app):
    submit(client, "/", data=valid_answers())
    record = json.loads(only_row(app)["consent"])
    assert record["purposes"]["marketing"]["given"] is False


def test_changing_a_consent_text_changes_its_version(sandbox, database_url, tmp_path):
    versions = []
    for text in ("Jag samtycker till A.", "Jag samtycker till B."):
        app = make_app(sandbox.url, f"sqlite:///{tmp_path / (text[-2] + '.db')}", CONSENT_TEXT=text)
        submit(app.test_client(), "/", data=valid_answers())
        record = json.loads(only_row(app)["consent"])
        assert record["purposes"]["processing"]["text"] == text
        versions.append(record["purposes"]["processing"]["version"])
    assert versions[0] != versions[1]


# Retention and erasure -------------------------------------------------------------------


def test_privacy_purge_applies_both_retention_rules(app, client, sandbox, runner):
    engine = app.extensions["delivery"].engine
    client.get("/")
    sandbox.fail_next(400, count=1)
    submit(client, "/", data=valid_answers(email="gammal@example.se"))
    submit(client, "/", data=valid_answers(email="ny@example.se"))
    app.extensions["delivery"].worker().drain()
    rows = {r["id"]: outbox.get(engine, r["id"]) for r in outbox.listing(engine)}
    rejected = next(i for i, r in rows.items() if r["status"] == "rejected")
    delivered = next(i for i, r in rows.items() if r["status"] == "delivered")
    long_ago = datetime.now(UTC) - timedelta(days=400)
    with engine.begin() as conn:
        conn.execute(
            update(submissions).where(submissions.c.id == rejected).values(created_at=long_ago)
        )
        conn.execute(
            update(submissions).where(submissions.c.id == delivered).values(delivered_at=long_ago)
        )
    result = runner.invoke(args=["privacy", "purge"])
    assert result.exit_code == 0 and "1 gallrade" in result.output and "1 raderade" in result.output
    old = outbox.get(engine, rejected)
    assert old["payload"] is None and old["answers"] is None and old["erased_at"]
    assert outbox.get(engine, delivered)["payload"] is None


def test_erasing_one_registration_from_the_cli(app, client, runner):
    submit(client, "/", data=valid_answers())
    sid = only_row(app)["id"]
    assert runner.invoke(args=["privacy", "erase", sid]).exit_code == 0
    row = only_row(app)
    assert row["payload"] is None and row["answers"] is None and row["status"] == "dead"
    assert app.extensions["delivery"].worker().drain() == 0


def test_logs_never_hold_a_name_email_phone_or_personnummer(sandbox, database_url, caplog):
    caplog.set_level("DEBUG")
    app = make_app(sandbox.url, database_url, WTF_CSRF_ENABLED=True)
    engine = app.extensions["delivery"].engine
    accounts.add(engine, STAFF_EMAIL, STAFF_PASSWORD)
    public = app.test_client()
    worker = app.extensions["delivery"].worker()
    # The public form: a mistake, then a valid post, a 503, then Vitec's 400.
    assert submit(public, "/", data=valid_answers(**PERSON, zip_code="1")).status_code == 422
    sandbox.fail_next(503)
    assert submit(public, "/", data=valid_answers(**PERSON)).status_code == 302
    sid = only_row(app)["id"]
    assert worker.run_once() == 1
    assert outbox.get(engine, sid)["status"] == "retrying"
    sandbox.fail_next(400, body={"Message": "Fel", "ModelState": {"x": ["y"]}})
    assert outbox.retry(engine, datetime.now(UTC), sid) == 1  # due now, not after the backoff
    worker.drain()
    assert outbox.get(engine, sid)["status"] == "rejected"
    # The embedded form.
    assert submit(app.test_client(), "/embed", data=valid_answers(**PERSON)).status_code == 302
    # Staff: log in, enter by hand with a personnummer, correct the rejected one.
    staff = logged_in(app, STAFF_EMAIL, STAFF_PASSWORD)
    entry = hidden_fields(staff.get("/staff/ny").get_data(as_text=True))
    person = valid_answers(**PERSON, social_security_number="811218-9876", obtain_through="Phone")
    response = staff.post("/staff/ny", data={**person, **entry})
    assert response.status_code == 302
    assert outbox.get(engine, entry["submission_id"])["entered_by"] == STAFF_EMAIL
    page = staff.get(f"/staff/anmalan/{sid}/ratta").get_data(as_text=True)
    assert 'value="Stjärnström"' in page  # the stored answers are shown for correction
    response = staff.post(f"/staff/anmalan/{sid}/ratta", data={**person, **hidden_fields(page)})
    assert response.status_code == 302
    worker.drain()
    assert outbox.get(engine, sid)["status"] == "delivered"
    assert outbox.counts(engine)["delivered"] == 3
    app.test_cli_runner().invoke(args=["outbox", "status"])
    text = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert "stored" in text and "delivered" in text and "corrected" in text
    for value in (
        *PERSON.values(),
        "0707654321",
        "+46707654321",
        "811218-9876",
        "19811218-9876",
        STAFF_PASSWORD,
    ):
        assert value not in text, value


# Spam ----------------------------------------------------------------------------------


@pytest.fixture
def trap_app(sandbox, database_url):
    return make_app(sandbox.url, database_url, FORM_MIN_SECONDS=1.0)


def test_a_filled_honeypot_gets_thanks_but_is_never_sent(trap_app, sandbox):
    client = trap_app.test_client()
    fields = aged_form(trap_app, 60)
    response = client.post("/", data={**valid_answers(), **fields, "kontrollfalt": "http://spam"})
    assert response.status_code == 302 and thanks_address(response.headers["Location"]) == "/tack"
    assert trap_app.extensions["delivery"].worker().drain() == 0
    assert only_row(trap_app)["status"] == "spam"
    assert sandbox.received() == []


def test_a_post_faster_than_a_person_is_shown_again_never_thanked_and_dropped(trap_app, sandbox):
    client = trap_app.test_client()
    response = client.post("/", data={**valid_answers(), **aged_form(trap_app, 0.5)})
    assert response.status_code == 422  # the form again, to be sent once more
    assert "skickades väldigt snabbt" in response.get_data(as_text=True)
    assert outbox.listing(trap_app.extensions["delivery"].engine) == []


def test_a_post_after_the_minimum_time_is_a_persons(trap_app, sandbox):
    client = trap_app.test_client()
    response = client.post("/", data={**valid_answers(), **aged_form(trap_app, 1.5)})
    assert response.status_code == 302
    assert trap_app.extensions["delivery"].worker().drain() == 1
    assert len(sandbox.received()) == 1


def test_a_forged_form_token_is_refused(trap_app, sandbox):
    client = trap_app.test_client()
    fields = {**aged_form(trap_app, 60), "form_token": "eyJzaWQiOiJ4In0.forged"}
    response = client.post("/", data={**valid_answers(), **fields})
    assert response.status_code == 403
    assert outbox.listing(trap_app.extensions["delivery"].engine) == []


def test_staff_can_send_a_spam_row_that_was_a_person(trap_app, sandbox):
    client = trap_app.test_client()
    fields = aged_form(trap_app, 60)
    client.post("/", data={**valid_answers(), **fields, "kontrollfalt": "https://autofill.example"})
    row = only_row(trap_app)
    assert row["status"] == "spam"  # the honeypot filled: kept, never sent on its own
    assert trap_app.extensions["delivery"].worker().drain() == 0
    sid = row["id"]
    assert outbox.retry(trap_app.extensions["delivery"].engine, datetime.now(UTC), sid) == 1
    assert trap_app.extensions["delivery"].worker().drain() == 1


def test_the_honeypot_is_hidden_from_people_and_autofill(client):
    html = client.get("/").get_data(as_text=True)
    block = re.search(r'<div class="hp" aria-hidden="true">.*?</div>', html, re.S).group(0)
    assert 'tabindex="-1"' in block and 'autocomplete="off"' in block
    assert "data-lpignore" in block and "data-1p-ignore" in block


# Rate limits ---------------------------------------------------------------------------


def test_the_n_plus_first_post_from_one_address_gets_a_swedish_429(sandbox, database_url):
    app = make_app(sandbox.url, database_url, FORM_RATE_LIMIT="3 per minute")
    client = app.test_client()
    codes = [submit(client, "/", data=valid_answers()).status_code for _ in range(3)]
    assert codes == [302, 302, 302]
    response = submit(client, "/", data=valid_answers())
    assert response.status_code == 429
    assert "För många försök" in response.get_data(as_text=True)
    other = submit(client, "/", data=valid_answers(), environ_base={"REMOTE_ADDR": "10.9.8.7"})
    assert other.status_code == 302  # another address is not affected


def test_trusted_proxy_hops_decide_the_client_address(sandbox, database_url):
    app = make_app(sandbox.url, database_url, FORM_RATE_LIMIT="1 per minute", PROXY_FIX_HOPS=1)
    client = app.test_client()
    one = {"X-Forwarded-For": "192.0.2.1"}
    two = {"X-Forwarded-For": "192.0.2.2"}
    assert submit(client, "/", data=valid_answers(), headers=one).status_code == 302
    assert submit(client, "/", data=valid_answers(), headers=one).status_code == 429
    assert submit(client, "/", data=valid_answers(), headers=two).status_code == 302


# Headers and error pages ---------------------------------------------------------------


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    for name in ("X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy"):
        assert name in secure.headers


def test_error_pages_are_swedish_plain_and_leak_nothing(sandbox, database_url):
    app = make_app(sandbox.url, database_url, FORM_RATE_LIMIT="1 per minute")

    @app.get("/_boom")
    def boom():
        raise RuntimeError(f"internal detail {SANDBOX_PASSWORD}")

    client = app.test_client()
    submit(client, "/", data=valid_answers())
    cases = {
        400: client.post("/staff/login", data={}),  # no CSRF token: refused
        404: client.get("/finns-inte"),
        405: client.put("/"),
        413: client.post("/staff/login", data={"x": "y" * 70_000}),
        429: submit(client, "/", data=valid_answers()),
        500: client.get("/_boom"),
    }
    app.config["WTF_CSRF_ENABLED"] = True
    cases[400] = app.test_client().post("/staff/login", data={"email": "a"})
    titles = {
        400: "Det gick inte att läsa uppgifterna",
        404: "Sidan finns inte",
        405: "Det går inte",
        413: "För mycket data",
        429: "För många försök",
        500: "Något gick fel",
    }
    for status, response in cases.items():
        body = response.get_data(as_text=True)
        assert response.status_code == status, (status, response.status_code)
        assert titles[status] in body and '<html lang="sv">' in body
        assert "Traceback" not in body and "internal detail" not in body
        assert SANDBOX_PASSWORD not in body


def test_no_secret_in_any_response_of_any_flow(sandbox, database_url):
    app = make_app(sandbox.url, database_url, WTF_CSRF_ENABLED=True)
    accounts.add(app.extensions["delivery"].engine, STAFF_EMAIL, STAFF_PASSWORD)
    secrets = {
        SANDBOX_USER,
        SANDBOX_PASSWORD,
        base64.b64encode(f"{SANDBOX_USER}:{SANDBOX_PASSWORD}".encode()).decode(),
        app.config["SECRET_KEY"],
        *app.config["OUTBOX_ENCRYPTION_KEYS"],
    }
    client = app.test_client()
    responses = [
        client.get(p)
        for p in (
            "/",
            "/embed",
            "/tack",
            "/embed/tack",
            "/inbaddning",
            "/integritet",
            "/embed/tema.css",
            "/healthz",
            "/readyz",
            "/static/style.css",
            "/static/form.js",
            "/static/embed.js",
            "/finns-inte",
            "/staff/login",
        )
    ]
    responses.append(submit(client, "/", data={**valid_answers(), **rendered_form(client)}))
    responses.append(
        submit(client, "/embed", data={**valid_answers(), **rendered_form(client, "/embed")})
    )
    responses.append(submit(client, "/", data={}))
    page = client.get("/staff/login").get_data(as_text=True)
    login = client.post(
        "/staff/login",
        data={
            "email": STAFF_EMAIL,
            "password": STAFF_PASSWORD,
            "csrf_token": hidden(page, "csrf_token"),
        },
    )
    assert login.status_code == 302 and login.headers["Location"] == "/staff/"
    responses.append(login)
    sandbox.fail_next(400, body={"Message": "Nej", "ModelState": {"a": ["b"]}})
    app.extensions["delivery"].worker().drain()
    for path in ("/staff/", "/staff/ny", "/staff/logg", "/staff/?status=avvisad"):
        responses.append(client.get(path))
    for row in outbox.listing(app.extensions["delivery"].engine):
        responses.append(client.get(f"/staff/anmalan/{row['id']}"))
        responses.append(client.get(f"/staff/anmalan/{row['id']}/ratta"))
    assert len(responses) > 25
    for response in responses:
        text = response.get_data(as_text=True) + json.dumps(dict(response.headers))
        for secret in secrets:
            assert secret not in text


def test_an_unreachable_limits_store_never_loses_a_registration(sandbox, database_url, caplog):
    import socket

    with socket.socket() as unused:  # a port nothing listens on
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    app = make_app(
        sandbox.url,
        database_url,
        RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{port}/0",
        FORM_RATE_LIMIT="2 per hour",
    )
    client = app.test_client()
    for _ in range(3):  # past the limit too: the limit cannot be counted, the post goes in
        assert submit(client, "/", data=valid_answers()).status_code == 302
    assert len(outbox.listing(app.extensions["delivery"].engine)) == 3
    assert "form limits not counted" in caplog.text
    page = client.get("/staff/login").get_data(as_text=True)
    login = client.post(
        "/staff/login", data={"email": "a@b.se", "password": "x" * 12, **hidden_fields(page)}
    )
    assert login.status_code == 422  # a wrong password, told as such: not a 500
