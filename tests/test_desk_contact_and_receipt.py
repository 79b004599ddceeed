"""The desk shows phone numbers as Vitec gets them, and says the one reason a registration has
no receipt."""

from __future__ import annotations

import pytest

from app import outbox
from app.staff import accounts
from app.web.staff.desk_words import person_of
from tests.conftest import make_app, submit, valid_answers
from tests.mailtests import make_mail_app
from tests.test_mail_desk_and_sandbox import newest, receipt_line
from tests.test_staff import EMAIL, PASSWORD, logged_in, post_entry


def staff_client(app):
    """A client logged in as a staff member."""
    accounts.add(app.extensions["delivery"].engine, EMAIL, PASSWORD)
    return logged_in(app)


@pytest.fixture
def app(sandbox, database_url):
    return make_app(sandbox.url, database_url, WTF_CSRF_ENABLED=True)


@pytest.fixture
def mail_app(sandbox, database_url, smtp, clock):
    return make_mail_app(sandbox, database_url, smtp, clock, WTF_CSRF_ENABLED=True)


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("0701234567", "070-123 45 67"), ("+46 70 555 12 34", "070-555 12 34")],
)
def test_the_desk_shows_a_phone_number_as_vitec_gets_it(app, typed, shown):
    submit(app.test_client(), "/", valid_answers(cell_phone=typed))
    client = staff_client(app)
    desk = client.get("/staff/").get_data(as_text=True)
    assert f'<span class="nowrap">{shown}</span>' in desk
    assert typed not in desk
    detail = client.get(f"/staff/anmalan/{newest(app)}").get_data(as_text=True)
    assert f"<dt>Telefon</dt><dd>{shown}</dd>" in detail


def test_a_phone_number_that_does_not_parse_is_shown_as_typed(app):
    sealer = app.extensions["delivery"].sealer
    assert person_of(sealer, sealer.seal({"cell_phone": ["ring växeln"]})).phone == "ring växeln"
    assert person_of(sealer, sealer.seal({"home_phone": ["08 123 456 78"]})).phone == (
        "08-123 456 78"
    )


def test_no_receipt_because_there_was_no_e_mail_address(mail_app):
    submit(mail_app.test_client(), "/", valid_answers(email=None))
    line = receipt_line(staff_client(mail_app), newest(mail_app))
    assert line == "Inget kvitto: ingen e-postadress angavs."


def test_no_receipt_because_it_was_taken_for_spam(mail_app):
    submit(mail_app.test_client(), "/", valid_answers(kontrollfalt="http://spam.example"))
    line = receipt_line(staff_client(mail_app), newest(mail_app))
    assert line == "Inget kvitto: anmälan togs för misstänkt spam."


def test_no_receipt_because_staff_did_not_ask_for_one(mail_app):
    client = staff_client(mail_app)
    data = valid_answers(obtain_through="Phone", watched="Yes")  # the receipt box unticked
    assert post_entry(client, data).status_code == 302
    line = receipt_line(client, newest(mail_app))
    assert line == "Inget kvitto: det valdes bort när anmälan registrerades."


def test_no_receipt_because_receipts_are_switched_off(app):
    submit(app.test_client(), "/", valid_answers())
    line = receipt_line(staff_client(app), newest(app))
    assert line == "Inget kvitto: tjänsten skickar inga kvitton (RECEIPT_ENABLED är av)."


def test_no_receipt_and_the_data_erased_says_the_reason_is_gone(mail_app, clock):
    submit(mail_app.test_client(), "/", valid_answers(email=None))
    submission_id = newest(mail_app)
    outbox.erase(mail_app.extensions["delivery"].engine, submission_id, clock())
    line = receipt_line(staff_client(mail_app), submission_id)
    assert line == "Inget kvitto. Skälet syns inte längre: personuppgifterna är raderade."
