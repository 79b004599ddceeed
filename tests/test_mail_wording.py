"""The e-mails say "e-post" (the word the form and the pages use), never "mejl": the buyer's
receipt and the broker's alarm, both parts, through a real SMTP server on loopback."""

from __future__ import annotations

import re

from tests.conftest import submit, valid_answers
from tests.mailtests import make_mail_app, send_mail


def words(part: str) -> set[str]:
    return set(re.findall(r"[\wåäöÅÄÖ-]+", part.lower()))


def test_the_receipt_says_e_post(sandbox, database_url, smtp, clock):
    app = make_mail_app(sandbox, database_url, smtp, clock)  # with a reply-to: "Svara på ..."
    assert submit(app.test_client(), "/", data=valid_answers()).status_code == 302
    assert send_mail(app) == 1
    [mail] = smtp.received()
    for part in (mail.part("plain"), mail.part("html")):
        assert not any(word.startswith("mejl") for word in words(part)), part
        assert "Svara på det här e-postmeddelandet" in part
        assert "sådana e-postmeddelanden per dygn" in part


def test_the_alarm_says_e_post(sandbox, database_url, smtp, clock):
    app = make_mail_app(
        sandbox, database_url, smtp, clock, ALERT_EMAIL=["larm@soderhus.se"], RECEIPT_ENABLED=False
    )
    sandbox.fail_next(400, path="/Interest/SendInterestAndContactOnArea")
    assert submit(app.test_client(), "/", data=valid_answers()).status_code == 302
    app.extensions["delivery"].worker().drain()
    clock.advance(hours=1)  # past the alarm's collecting interval
    assert send_mail(app) == 1
    [alarm] = smtp.received()
    for part in (alarm.part("plain"), alarm.part("html")):
        assert not any(word.startswith("mejl") for word in words(part)), part
        assert "Det här e-postmeddelandet innehåller inga personuppgifter" in part
