"""Staff enter interest in one of the office's homes for sale; Vitec gets its estate model."""

from __future__ import annotations

import html5lib
import pytest

from app import outbox
from app.staff import accounts
from sandbox import contract
from tests.conftest import hidden_fields, make_app
from tests.test_staff import EMAIL, PASSWORD, logged_in

ENTRY = "/staff/ny/bostad"


@pytest.fixture
def app(sandbox, database_url):
    app = make_app(sandbox.url, database_url)
    accounts.add(app.extensions["delivery"].engine, EMAIL, PASSWORD)
    return app


def entry(**changes) -> dict:
    data = {
        "estate_id": "OBJ-STH-101",
        "interest_note": "Vill gå på visning på söndag.",
        "social_security_number": "811218-9876",
        "first_name": "Åsa",
        "last_name": "Öberg",
        "cell_phone": "070-123 45 67",
        "obtain_through": "Visit",
        "user_id": "HAN002",
        "notify_user": "y",
        "consent": "y",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def post_entry(staff, data):
    fields = hidden_fields(staff.get(ENTRY).get_data(as_text=True))
    return staff.post(ENTRY, data={**fields, **data})


def test_the_form_offers_the_homes_for_sale_and_not_the_sold_one(app):
    page = logged_in(app).get(ENTRY).get_data(as_text=True)
    assert '<option value="OBJ-STH-101">Björkvägen 3, Bergshamra (Villa)</option>' in page
    assert '<option value="OBJ-STH-104">Sickla kaj 7, Sickla (Ägarlägenhet)</option>' in page
    assert "OBJ-STH-103" not in page
    assert 'name="areas"' not in page and 'name="watched"' not in page


def test_an_entry_for_a_home_reaches_vitec_as_its_estate_model(app, sandbox, deliver):
    staff = logged_in(app)
    response = post_entry(staff, entry())
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert deliver() == 1
    assert sandbox.state.rejected == []
    payload = sandbox.state.received[-1]["payload"]
    assert contract.errors(payload, "Interest.Models.InterestOnEstateAndContact") == []
    assert payload["estateId"] == "OBJ-STH-101"
    assert payload["interestNote"] == "Vill gå på visning på söndag."
    assert payload["notifyUser"] is True
    person = payload["updatePerson"]
    assert person["socialSecurityNumber"] == "19811218-9876"
    assert (person["obtainThrough"], person["userId"]) == ("Visit", "HAN002")
    (row,) = outbox.listing(app.extensions["delivery"].engine)
    assert (row["channel"], row["entered_by"], row["estate_title"]) == (
        "staff",
        EMAIL,
        "Björkvägen 3, Bergshamra",
    )


@pytest.mark.parametrize(
    ("estate_id", "message"),
    [
        (None, "Välj den bostad personen är intresserad av."),
        ("OBJ-STH-103", "Bostaden finns inte längre till salu. Välj i listan."),
    ],
    ids=["none", "sold"],
)
def test_an_entry_without_a_home_for_sale_stores_nothing(app, estate_id, message):
    response = post_entry(logged_in(app), entry(estate_id=estate_id))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert "Vill gå på visning på söndag." in page  # what was typed is kept
    assert outbox.listing(app.extensions["delivery"].engine) == []


def test_the_entry_page_is_well_formed_html_with_and_without_errors(app):
    staff = logged_in(app)
    for response in (staff.get(ENTRY), post_entry(staff, entry(first_name=""))):
        parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
        parser.parse(response.get_data(as_text=True))  # raises ParseError at the first departure


def test_a_colleagues_listing_entry_cannot_be_rewritten_by_posting_its_id(app, sandbox, deliver):
    anna = logged_in(app)
    assert post_entry(anna, entry()).status_code == 302
    assert deliver() == 1
    (listed,) = outbox.listing(app.extensions["delivery"].engine)
    row = outbox.get(app.extensions["delivery"].engine, listed["id"])
    accounts.add(app.extensions["delivery"].engine, "bo@maklarbyran.se", "ett-annat-långt-lösen")
    bo = logged_in(app, "bo@maklarbyran.se", "ett-annat-långt-lösen")
    fields = hidden_fields(bo.get(ENTRY).get_data(as_text=True))
    forged = {**fields, **entry(last_name="Annorlunda"), "submission_id": row["id"]}
    response = bo.post(ENTRY, data=forged)
    assert response.status_code == 422
    assert "Formuläret hörde inte till din inloggning, så inget sparades." in response.get_data(
        as_text=True
    )
    after = outbox.get(app.extensions["delivery"].engine, row["id"])
    assert (after["version"], after["payload"]) == (row["version"], row["payload"])
    assert deliver() == 0
    assert len(sandbox.state.received) == 1
