"""How the staff pages speak: to the staff member without "du" or "ni", of the person on the
staff form; the login's errors in a summary, never "Fel: Fel"."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from tests.test_public_form import field_block
from tests.test_staff import EMAIL, app, log_in, post_entry, staff_entry, token  # noqa: F401

NBSP = "\u00a0"
ADDRESSING = re.compile(r"\b(du|dig|din|ditt|dina|ni|er|era|ert)\b", re.IGNORECASE)


def summary(html: str) -> str:
    """The error summary's text."""
    found = re.search(r'<div class="error-summary"[^>]*id="felsammanfattning".*?</div>', html, re.S)
    assert found, "no error summary"
    return re.sub(r"<[^>]+>", " ", found.group(0))


def test_a_refused_login_is_in_a_summary_and_says_fel_once(app):  # noqa: F811
    response = log_in(app.test_client(), password="fel-lösenord-123")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Fel e-postadress eller lösenord." in summary(html)
    assert '<a href="#password">Fel e-postadress eller lösenord.</a>' in html
    error = re.search(r'<p class="field-error" id="password-error">(.*?)</p>', html).group(1)
    assert error == "Fel e-postadress eller lösenord."  # no hidden "Fel: " before it
    assert "Fel: Fel" not in re.sub(r"<[^>]+>", "", html)


def test_an_empty_login_names_each_field_without_addressing_anyone(app):  # noqa: F811
    client = app.test_client()
    page = client.get("/staff/login").get_data(as_text=True)
    html = client.post("/staff/login", data={"csrf_token": token(page)}).get_data(as_text=True)
    text = summary(html)
    assert "Ange e-postadressen." in text and "Ange lösenordet." in text
    assert not ADDRESSING.search(text)
    assert '<a href="#email">Ange e-postadressen.</a>' in html


def test_the_erase_page_does_not_address_the_staff_as_ni(app):  # noqa: F811
    client = app.test_client()
    log_in(client)
    assert post_entry(client, staff_entry()).status_code == 302
    detail = client.get("/staff/").get_data(as_text=True)
    submission_id = re.search(r"/staff/anmalan/([0-9a-f]{32})", detail).group(1)
    html = client.get(f"/staff/anmalan/{submission_id}/radera").get_data(as_text=True)
    text = re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1])
    assert not ADDRESSING.search(text), ADDRESSING.search(text)
    assert "Radera också kontakten i Vitec" in text


@pytest.mark.parametrize(
    ("typed", "question"),
    [
        ("500", f"Menar personen 500{NBSP}000{NBSP}kr eller 500{NBSP}000{NBSP}000{NBSP}kr?"),
        ("3500", f"Menar personen 3{NBSP}500{NBSP}000{NBSP}kr?"),
    ],
)
def test_the_staff_forms_price_question_speaks_of_the_person(app, typed, question):  # noqa: F811
    client = app.test_client()
    log_in(client)
    html = post_entry(client, staff_entry(price_max=typed)).get_data(as_text=True)
    assert question in field_block(html, "price_max")
    assert "Menar du" not in html


def test_the_registration_page_names_the_receipt_to_the_person(app):  # noqa: F811
    client = app.test_client()
    log_in(client)
    assert post_entry(client, staff_entry()).status_code == 302
    desk = client.get("/staff/").get_data(as_text=True)
    submission_id = re.search(r"/staff/anmalan/([0-9a-f]{32})", desk).group(1)
    html = client.get(f"/staff/anmalan/{submission_id}").get_data(as_text=True)
    assert "<dt>Kvitto till personen</dt>" in html
    assert "köparen" not in html


NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
LATER = datetime(2026, 5, 4, 12, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("event", "row", "sentence"),
    [
        ("stored", {"status": "queued"}, "Anmälan är sparad och skickas till Vitec."),
        ("stored", {"status": "delivered"}, "Anmälan är sparad och Vitec har tagit emot den."),
        (
            "stored",
            {"status": "rejected"},
            "Anmälan är sparad, men Vitec avvisade den. Se Vitecs svar nedan.",
        ),
        (
            "stored",
            {"status": "retrying", "next_attempt_at": LATER},
            "Anmälan är sparad, men Vitec har inte tagit emot den än. Nya försök görs automatiskt.",
        ),
        # Corrected or sent again, and due now: nothing has failed since.
        (
            "corrected",
            {"status": "retrying", "next_attempt_at": NOW},
            "Rättelsen är sparad och skickas till Vitec.",
        ),
        (
            "resent",
            {"status": "retrying", "next_attempt_at": NOW},
            "Anmälan skickas igen till Vitec.",
        ),
        (
            "corrected",
            {"status": "rejected"},
            "Rättelsen är sparad, men Vitec avvisade den. Se Vitecs svar nedan.",
        ),
        (
            "stored",
            {"status": "dead", "erased_at": NOW},
            "Anmälan sparades, men personuppgifterna har raderats sedan dess.",
        ),
        (
            "duplicate",
            {"status": "delivered"},
            "Anmälan var redan sparad och ändrades inte. Vitec har tagit emot den.",
        ),
        (
            "not_resent",
            {"status": "delivered"},
            "Anmälan skickades inte igen: Vitec har redan tagit emot den.",
        ),
        (
            "not_corrected",
            {"status": "dead", "erased_at": NOW},
            "Anmälan kan inte rättas: personuppgifterna är raderade.",
        ),
    ],
)
def test_what_an_action_did_is_worded_from_the_rows_state_now(event, row, sentence):
    from app.web.staff.row_news import said

    assert said(event, row, NOW) == sentence
