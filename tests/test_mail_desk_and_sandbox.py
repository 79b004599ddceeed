"""The staff form's receipt question, the desk's receipt line, the sandbox's mail page."""

from __future__ import annotations

import re

import pytest

from app import create_app, outbox
from app.core import migrate
from app.staff import accounts
from tests.conftest import submit, valid_answers
from tests.mailtests import make_mail_app, send_mail
from tests.test_staff import EMAIL, PASSWORD, log_in, post_entry


@pytest.fixture
def app(sandbox, database_url, smtp, clock):
    app = make_mail_app(sandbox, database_url, smtp, clock, WTF_CSRF_ENABLED=True)
    accounts.add(app.extensions["delivery"].engine, EMAIL, PASSWORD)
    return app


def entry(**changes) -> dict:
    return valid_answers(obtain_through="Phone", watched="Yes", **changes)


def newest(app) -> str:
    return outbox.listing(app.extensions["delivery"].engine, limit=1)[0]["id"]


def receipt_line(client, submission_id: str) -> str:
    page = client.get(f"/staff/anmalan/{submission_id}").get_data(as_text=True)
    return re.search(r"<dt>Kvitto till personen</dt><dd>([^<]*)</dd>", page).group(1)


def test_the_staff_form_asks_whether_to_send_a_receipt_ticked_by_default(app):
    client = app.test_client()
    log_in(client)
    page = client.get("/staff/ny").get_data(as_text=True)
    box = re.search(r'<input type="checkbox" name="send_receipt"[^>]*>', page).group(0)
    assert "checked" in box
    assert "Skicka ett kvitto till personens e-postadress" in page


def test_staff_send_the_receipt_when_ticked_and_the_desk_says_so(app, smtp):
    client = app.test_client()
    log_in(client)
    assert post_entry(client, entry(send_receipt="y")).status_code == 302
    sid = newest(app)
    assert receipt_line(client, sid) == "Väntar på att skickas."
    send_mail(app)
    assert [m.recipients for m in smtp.received()] == [("asa.oberg@example.se",)]
    assert receipt_line(client, sid) == "Skickat 2026-11-30 kl. 10.00."


def test_staff_can_choose_no_receipt(app, smtp):
    client = app.test_client()
    log_in(client)
    assert post_entry(client, entry()).status_code == 302  # the box left unticked
    assert receipt_line(client, newest(app)).startswith("Inget kvitto")
    assert send_mail(app) == 0


def test_the_desk_says_why_a_receipt_was_not_sent(app, smtp, clock):
    client = app.test_client()
    log_in(client)
    smtp.stop()
    submit(app.test_client(), "/", data=valid_answers())
    sid = newest(app)
    send_mail(app)
    assert receipt_line(client, sid).startswith("Väntar: E-postservern gick inte att nå")
    outbox.erase(app.extensions["delivery"].engine, sid, clock())
    line = receipt_line(client, sid)
    assert line == "Skickades inte: uppgifterna raderades innan det skickades."


@pytest.fixture
def sandbox_app(tmp_path, monkeypatch):
    for name in ("VITEC_BASE_URL", "VITEC_USERNAME", "VITEC_PASSWORD", "VITEC_CUSTOMER_ID"):
        monkeypatch.delenv(name, raising=False)
    app = create_app(
        {
            "TESTING": True,
            "VITEC_SANDBOX": True,
            "WTF_CSRF_ENABLED": False,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'sandbox.db'}",
            "FORM_MIN_SECONDS": 0,
            "ALERT_EMAIL": ["larm@example.com"],
        }
    )
    migrate.upgrade(app.extensions["delivery"].engine)
    yield app
    app.extensions["sandbox"].app.config["SANDBOX_MAILBOX"].stop()
    app.extensions["sandbox"].stop()


def test_sandbox_mode_keeps_the_mail_and_shows_it_on_loopback_only(sandbox_app):
    assert sandbox_app.config["RECEIPT_ENABLED"] is True
    client = sandbox_app.test_client()
    assert submit(client, "/", data=valid_answers(special_request="Hemligt önskemål")).status_code
    assert send_mail(sandbox_app) == 1
    page = client.get("/sandlada/e-post").get_data(as_text=True)
    assert "Din intresseanmälan hos Mäklarbyrån" in page
    assert "asa.oberg@example.se" in page  # the recipient, shown to the developer
    assert "Södermalm" in page and "Hemligt önskemål" not in page
    assert client.get("/sandlada/_sandbox/mail").get_json()[0]["to"] == "asa.oberg@example.se"
    outside = {"REMOTE_ADDR": "203.0.113.9"}
    assert client.get("/sandlada/e-post", environ_base=outside).status_code == 404
    assert client.get("/sandlada/_sandbox/mail", environ_base=outside).status_code == 404
    assert client.delete("/sandlada/_sandbox/mail").status_code == 204
    assert "Inga e-postmeddelanden än." in client.get("/sandlada/e-post").get_data(as_text=True)
