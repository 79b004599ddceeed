"""The broker's alarm: refused, dead and locked-out registrations, one e-mail per interval."""

from __future__ import annotations

import pytest
import requests

from app import outbox
from tests.conftest import submit, valid_answers
from tests.mailtests import PUBLIC_URL, mail_rows, make_mail_app, send_mail

ALERTS = ["larm@soderhus.se", "jour@soderhus.se"]
# Vitec's 400 may quote what was typed; the alarm must not pass it on.
QUOTING_400 = {
    "Message": "The request is invalid.",
    "ModelState": {"interest.UpdatePerson.FirstName": ["'Åsa' is not a valid value."]},
}
SEND = "/Interest/SendInterestAndContactOnArea"  # faults only on the delivery itself
PERSONAL = ("Åsa", "Öberg", "asa.oberg@example.se", "070-123 45 67", "0701234567")


@pytest.fixture
def app(sandbox, database_url, smtp, clock):
    return make_mail_app(
        sandbox,
        database_url,
        smtp,
        clock,
        ALERT_EMAIL=ALERTS,
        RECEIPT_ENABLED=False,  # only the alarms here
        DELIVERY_MAX_AGE=60,
    )


def alarms(smtp):
    return [m for m in smtp.received() if m.message["Subject"].startswith("Larm")]


def registration(app, **changes) -> str:
    """Register once; the new row's id (the clock stands still, so not by time)."""
    engine = app.extensions["delivery"].engine
    before = {row["id"] for row in outbox.listing(engine, limit=10_000)}
    assert submit(app.test_client(), "/", data=valid_answers(**changes)).status_code == 302
    (new,) = {row["id"] for row in outbox.listing(engine, limit=10_000)} - before
    return new


def test_a_rejected_registration_rings_once_and_two_more_failures_join_the_same_e_mail(
    app, sandbox, smtp, clock
):
    worker = app.extensions["delivery"].worker()
    sandbox.fail_next(400, body=QUOTING_400, path=SEND)
    first = registration(app)
    worker.drain()
    assert send_mail(app) == 0  # the alarm collects for ALERT_INTERVAL first
    clock.advance(minutes=5)
    sandbox.fail_next(400, body=QUOTING_400, path=SEND)
    second = registration(app)
    worker.drain()
    clock.advance(minutes=5)
    sandbox.fail_next(503, count=0, path=SEND)  # never answers: dead after DELIVERY_MAX_AGE
    third = registration(app)
    worker.drain()
    clock.advance(seconds=61)
    worker.drain()
    requests.delete(sandbox.url + "/_sandbox/faults", timeout=5)
    states = {row["id"]: row["status"] for row in outbox.listing(app.extensions["delivery"].engine)}
    assert states == {first: "rejected", second: "rejected", third: "dead"}
    assert send_mail(app) == 0  # 11 minutes in: not yet
    clock.advance(minutes=5)
    assert send_mail(app) == 1
    [alarm] = alarms(smtp)
    assert sorted(alarm.recipients) == sorted(ALERTS)
    text, html = alarm.part("plain"), alarm.part("html")
    assert "3 anmälningar" in alarm.message["Subject"]
    for part in (text, html):
        for submission_id in (first, second, third):
            assert f"{PUBLIC_URL}/staff/anmalan/{submission_id}" in part
        assert "avvisad" in part and "misslyckad" in part and "webb" in part
        assert "Vitec avvisade uppgifterna: fält interest.UpdatePerson.FirstName." in part
        assert "Gav upp efter för många försök" in part
        for value in PERSONAL:
            assert value not in part, value
    # The next failure starts a new e-mail.
    clock.advance(minutes=1)
    sandbox.fail_next(400, body=QUOTING_400, path=SEND)
    fourth = registration(app)
    worker.drain()
    clock.advance(minutes=15)
    assert send_mail(app) == 1
    assert fourth in alarms(smtp)[1].part("plain")
    assert first not in alarms(smtp)[1].part("plain")


def test_vitec_refusing_the_login_rings_once_per_office(sandbox, database_url, smtp, clock):
    app = make_mail_app(
        sandbox, database_url, smtp, clock, ALERT_EMAIL=ALERTS, RECEIPT_ENABLED=False
    )
    worker = app.extensions["delivery"].worker()
    sandbox.fail_next(401, count=0, path=SEND)
    both = (registration(app), registration(app))
    worker.drain()  # sent side by side: either may be the one refused first
    clock.advance(minutes=16)
    assert send_mail(app) == 1
    worker.drain()  # retried: still refused, but said already
    clock.advance(minutes=16)
    assert send_mail(app) == 0
    requests.delete(sandbox.url + "/_sandbox/faults", timeout=5)
    [alarm] = alarms(smtp)
    text = alarm.part("plain")
    assert "Kontor M99999" in text and "nekade åtkomst" in text and "väntar" in text
    assert text.count("Anmälan ") == 1
    assert [sid in text for sid in both].count(True) == 1  # the office's refusal, said once
    assert "1 anmälan" in alarm.message["Subject"]


def test_no_alarm_without_alert_email(sandbox, database_url, smtp, clock):
    app = make_mail_app(sandbox, database_url, smtp, clock, RECEIPT_ENABLED=False)
    sandbox.fail_next(400, path=SEND)
    registration(app)
    app.extensions["delivery"].worker().drain()
    clock.advance(hours=1)
    assert mail_rows(app) == []
    assert send_mail(app) == 0


def test_a_delivered_registration_rings_no_alarm(app, smtp, clock):
    registration(app)
    app.extensions["delivery"].worker().drain()
    clock.advance(hours=1)
    assert send_mail(app) == 0
    assert smtp.received() == []
