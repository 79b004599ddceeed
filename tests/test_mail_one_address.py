"""One address the mail server will not take fails alone: the rest of the batch goes at once."""

from __future__ import annotations

import pytest

from app.staff import accounts
from sandbox.mailbox import Mailbox
from tests.conftest import submit, valid_answers
from tests.mailtests import mail_rows, make_mail_app, send_mail
from tests.test_mail_desk_and_sandbox import receipt_line
from tests.test_staff import EMAIL, PASSWORD, log_in

OTHERS = ["ett@example.se", "tva@example.se", "tre@example.se"]
UTF8_REFUSED = (
    "E-postservern tar inte emot adresser med å, ä, ö eller andra tecken utanför a–z "
    "(den saknar stöd för SMTPUTF8). Be personen om en annan adress."
)


@pytest.fixture
def plain_ascii():
    """A mail server that does not offer SMTPUTF8."""
    mailbox = Mailbox(smtputf8=False)
    mailbox.start()
    yield mailbox
    mailbox.stop()


def test_an_address_with_a_swedish_letter_fails_alone_and_the_others_go_at_once(
    sandbox, database_url, plain_ascii, clock
):
    app = make_mail_app(sandbox, database_url, plain_ascii, clock)
    accounts.add(app.extensions["delivery"].engine, EMAIL, PASSWORD)
    client = app.test_client()
    for email in (OTHERS[0], "köpare@example.se", *OTHERS[1:]):
        assert submit(client, "/", data=valid_answers(email=email)).status_code == 302
    assert send_mail(app) == 4
    assert sorted(m.recipients[0] for m in plain_ascii.received()) == sorted(OTHERS)
    # The clock stands still, so the rows are told apart by state, not by time.
    assert sorted(row["status"] for row in mail_rows(app)) == ["failed", "sent", "sent", "sent"]
    [failed] = [row for row in mail_rows(app) if row["status"] == "failed"]
    assert failed["last_error"] == UTF8_REFUSED
    assert failed["message"] is None and failed["attempts"] == 1
    staff = app.test_client()
    log_in(staff)
    assert receipt_line(staff, failed["submission_id"]) == f"Kunde inte skickas: {UTF8_REFUSED}"
    clock.advance(days=1)
    assert send_mail(app) == 0  # nothing is tried again
    clock.advance(days=7)
    assert send_mail(app) == 0
    assert len(plain_ascii.received()) == 3


def test_a_server_that_offers_smtputf8_gets_the_address_as_it_was_typed(
    sandbox, database_url, clock
):
    mailbox = Mailbox(smtputf8=True)
    mailbox.start()
    try:
        app = make_mail_app(sandbox, database_url, mailbox, clock)
        submit(app.test_client(), "/", data=valid_answers(email="köpare@example.se"))
        assert send_mail(app) == 1
        [mail] = mailbox.received()
        assert mail.recipients == ("köpare@example.se",)
        assert [row["status"] for row in mail_rows(app)] == ["sent"]
    finally:
        mailbox.stop()


def test_a_permanent_refusal_in_the_middle_of_a_batch_holds_up_nothing(app_and_smtp):
    app, smtp = app_and_smtp
    smtp.refused.add("finns.inte@example.se")
    client = app.test_client()
    for email in (OTHERS[0], "finns.inte@example.se", *OTHERS[1:]):
        submit(client, "/", data=valid_answers(email=email))
    assert send_mail(app) == 4
    assert sorted(m.recipients[0] for m in smtp.received()) == sorted(OTHERS)
    assert sorted(row["status"] for row in mail_rows(app)) == ["failed", "sent", "sent", "sent"]


@pytest.fixture
def app_and_smtp(sandbox, database_url, smtp, clock):
    return make_mail_app(sandbox, database_url, smtp, clock), smtp


def test_a_sender_address_the_server_cannot_take_keeps_the_mail_waiting(
    sandbox, database_url, plain_ascii, clock
):
    app = make_mail_app(
        sandbox, database_url, plain_ascii, clock, MAIL_FROM="Söderhus <noreply@söderhus.se>"
    )
    submit(app.test_client(), "/", data=valid_answers())
    assert send_mail(app) == 1
    [row] = mail_rows(app)
    assert row["status"] == "retrying" and row["message"] is not None
    assert row["last_error"] == (
        "E-postservern saknar stöd för SMTPUTF8, som avsändaradressen (MAIL_FROM) behöver."
    )
    assert plain_ascii.received() == []
