"""Which consent text a registration's record holds: the staff text for a staff entry, the
public text for the public form."""

from __future__ import annotations

import hashlib
import json

import pytest

from app import outbox
from app.staff import accounts
from tests.conftest import hidden_fields, make_app, submit, valid_answers
from tests.test_staff import logged_in

STAFF_EMAIL = "karin@maklarbyran.se"
STAFF_PASSWORD = "samtycke-i-telefon-31"
PUBLIC_TEXT = "Jag samtycker till att {broker} hanterar min anmälan (allmän text)."
STAFF_TEXT = "Personen har informerats muntligt av {broker} och samtyckt (personalens text)."
PUBLIC_NEWS = "Jag vill ha nyheter (allmän text)."
STAFF_NEWS = "Personen vill ha nyheter (personalens text)."


@pytest.fixture
def app(sandbox, database_url):
    """An app with distinct public and staff consent texts, and one staff account."""
    app = make_app(
        sandbox.url,
        database_url,
        WTF_CSRF_ENABLED=True,
        BROKER_NAME="Mäklarhuset",
        CONSENT_TEXT=PUBLIC_TEXT,
        MARKETING_TEXT=PUBLIC_NEWS,
        STAFF_CONSENT_TEXT=STAFF_TEXT,
        STAFF_MARKETING_TEXT=STAFF_NEWS,
    )
    accounts.add(app.extensions["delivery"].engine, STAFF_EMAIL, STAFF_PASSWORD)
    return app


def record_of(app, channel: str) -> tuple[dict, dict]:
    """The one row stored through `channel`, and its consent record."""
    engine = app.extensions["delivery"].engine
    (listed,) = [r for r in outbox.listing(engine) if r["channel"] == channel]
    row = outbox.get(engine, listed["id"])
    return row, json.loads(row["consent"])


def version(text: str) -> str:
    """A consent text's version: the first 12 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def test_a_staff_entry_records_the_staff_consent_text_and_its_version(app):
    client = logged_in(app, STAFF_EMAIL, STAFF_PASSWORD)
    page = client.get("/staff/ny").get_data(as_text=True)
    shown = STAFF_TEXT.replace("{broker}", "Mäklarhuset")
    assert shown in page and "allmän text" not in page
    data = {**hidden_fields(page), **valid_answers(wish_advertising="y", office="M99999")}
    assert client.post("/staff/ny", data=data).status_code == 302

    row, record = record_of(app, "staff")
    processing, marketing = record["purposes"]["processing"], record["purposes"]["marketing"]
    assert processing["text"] == shown
    assert processing["sha256"] == hashlib.sha256(shown.encode("utf-8")).hexdigest()
    assert processing["version"] == version(shown) == row["consent_version"]
    assert marketing["text"] == STAFF_NEWS and marketing["version"] == version(STAFF_NEWS)
    assert record["enteredBy"] == STAFF_EMAIL and row["entered_by"] == STAFF_EMAIL


def test_a_public_registration_records_the_public_consent_text_and_its_version(app):
    client = app.test_client()
    shown = PUBLIC_TEXT.replace("{broker}", "Mäklarhuset")
    assert shown in client.get("/").get_data(as_text=True)
    assert submit(client, "/", data=valid_answers(wish_advertising="y")).status_code == 302

    row, record = record_of(app, "web")
    processing, marketing = record["purposes"]["processing"], record["purposes"]["marketing"]
    assert processing["text"] == shown
    assert processing["version"] == version(shown) == row["consent_version"]
    assert marketing["text"] == PUBLIC_NEWS and marketing["version"] == version(PUBLIC_NEWS)
    assert "enteredBy" not in record and row["entered_by"] is None


@pytest.mark.parametrize("first", ["web", "staff"])
def test_one_app_records_each_form_with_its_own_text_whichever_comes_first(app, first):
    """The buyer's form and the staff form of the same office, one after the other in one app:
    each registration holds its own form's text, whichever was sent first."""
    staff = logged_in(app, STAFF_EMAIL, STAFF_PASSWORD)

    def by_staff():
        page = staff.get("/staff/ny").get_data(as_text=True)
        data = {**hidden_fields(page), **valid_answers(office="M99999")}
        assert staff.post("/staff/ny", data=data).status_code == 302

    def by_buyer():
        assert submit(app.test_client(), "/", data=valid_answers()).status_code == 302

    for send in (by_buyer, by_staff) if first == "web" else (by_staff, by_buyer):
        send()
    texts = {
        channel: record_of(app, channel)[1]["purposes"]["processing"]["text"]
        for channel in ("web", "staff")
    }
    assert texts == {
        "web": "Jag samtycker till att Mäklarhuset hanterar min anmälan (allmän text).",
        "staff": (
            "Personen har informerats muntligt av Mäklarhuset och samtyckt (personalens text)."
        ),
    }
