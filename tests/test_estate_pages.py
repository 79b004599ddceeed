"""The buyer's page for one home for sale (/bostad/<id>) and its embed: it names the home,
shows its viewings with Vitec's booking link, stores interest that Vitec's estate call takes,
and stores nothing for a home that is sold or unknown."""

from __future__ import annotations

import html5lib
import pytest

from app import outbox
from app.staff import accounts
from sandbox import contract
from tests.conftest import hidden_fields, make_app, register, submit
from tests.test_staff import EMAIL, PASSWORD, logged_in

ESTATE_MODEL = "Interest.Models.InterestOnEstateAndContact"
FLAT = "/bostad/OBJ-STH-102"


def estate_answers(**overrides) -> dict:
    """What a buyer posts on a listing's form."""
    data = {
        "first_name": "Åsa",
        "last_name": "Öberg",
        "email": "asa.oberg@example.se",
        "cell_phone": "070-123 45 67",
        "interest_note": "Finns det förråd?",
        "present_estate_type": "HousingCooperative",
        "present_living_space": "41",
        "consent": "y",
    }
    data.update(overrides)
    return data


def test_the_page_names_the_home_and_its_viewings_with_the_booking_link(client):
    response = client.get(FLAT)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Anmäl intresse för Götgatan 12" in page
    assert "Bostadsrätt i Södermalm" in page
    assert 'href="https://visning.example.se/boka/VIS-1021"' in page
    assert "Välkommen på visning!" in page
    assert "Endast för grannar" not in page  # not shown on the internet
    assert page.count("Boka visning") == 1  # the other viewing has no link
    assert 'name="areas"' not in page and 'name="price_min"' not in page


def test_interest_through_the_page_reaches_vitec_as_its_estate_model(client, sandbox, deliver):
    response = submit(client, FLAT, estate_answers())
    assert response.status_code == 302
    assert response.headers["Location"] == FLAT + "/tack"
    assert deliver() == 1
    assert sandbox.state.rejected == []
    payload = sandbox.state.received[-1]["payload"]
    assert contract.errors(payload, ESTATE_MODEL) == []
    assert payload["estateId"] == "OBJ-STH-102"
    assert payload["interestNote"] == "Finns det förråd?"
    assert payload["presentAccommodation"] == {
        "estateType": "HousingCooperative",
        "livingSpace": 41,
    }
    assert payload["updatePerson"]["email"] == {"emailAddress": "asa.oberg@example.se"}
    assert "lookingForAccommodations" not in payload
    thanks = client.get(FLAT + "/tack").get_data(as_text=True)
    assert "Vi har tagit emot din anmälan för Götgatan 12, Södermalm" in thanks


def test_interest_through_the_embed_is_stored_from_the_embed(app, client, sandbox, deliver):
    page = client.get("/embed" + FLAT)
    assert page.status_code == 200
    assert "X-Frame-Options" not in page.headers
    response = submit(client, "/embed" + FLAT, estate_answers())
    assert response.status_code == 302
    assert response.headers["Location"] == "/embed" + FLAT + "/tack#tack"
    (row,) = outbox.listing(app.extensions["delivery"].engine)
    assert (row["channel"], row["kind"], row["estate_title"]) == (
        "embed",
        "estate",
        "Götgatan 12, Södermalm",
    )
    assert deliver() == 1
    assert contract.errors(sandbox.state.received[-1]["payload"], ESTATE_MODEL) == []


@pytest.mark.parametrize("estate_id", ["OBJ-STH-103", "OBJ-FINNS-INTE"], ids=["sold", "unknown"])
@pytest.mark.parametrize("prefix", ["", "/embed"])
def test_a_sold_or_unknown_home_gets_a_page_that_says_so_and_stores_nothing(
    app, client, estate_id, prefix
):
    path = f"{prefix}/bostad/{estate_id}"
    response = client.get(path)
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Bostaden finns inte till salu" in page
    assert "Ingen intresseanmälan har sparats." in page
    assert f'href="{prefix or "/"}"' in page  # the area form
    posted = client.post(path, data={**estate_answers(), "submission_id": "a" * 32})
    assert posted.status_code == 404
    assert outbox.listing(app.extensions["delivery"].engine) == []


def test_a_missing_contact_is_said_next_to_the_fields_and_keeps_what_was_typed(app, client):
    response = submit(client, FLAT, estate_answers(email="", cell_phone=""))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Fyll i e-post, mobiltelefon eller hemtelefon så att mäklaren kan nå dig." in page
    assert "Finns det förråd?" in page
    assert outbox.listing(app.extensions["delivery"].engine) == []


def test_the_desk_says_which_kind_each_row_is(sandbox, database_url):
    app = make_app(sandbox.url, database_url)
    accounts.add(app.extensions["delivery"].engine, EMAIL, PASSWORD)
    buyer = app.test_client()
    assert submit(buyer, FLAT, estate_answers()).status_code == 302
    register(app)
    desk = logged_in(app).get("/staff/").get_data(as_text=True)
    assert "<td>Bostad: Götgatan 12, Södermalm</td>" in desk
    assert "<td>Område</td>" in desk


def test_staff_correct_a_listing_row_with_its_own_form_for_the_same_home(sandbox, database_url):
    app = make_app(sandbox.url, database_url)
    accounts.add(app.extensions["delivery"].engine, EMAIL, PASSWORD)
    # Vitec refuses it first, so that it waits to be corrected.
    sandbox.fail_next(400, path="/Interest/SendInterestAndContactOnEstate")
    assert submit(app.test_client(), FLAT, estate_answers()).status_code == 302
    app.extensions["delivery"].worker().run_once()
    (row,) = outbox.listing(app.extensions["delivery"].engine)
    assert row["status"] == "rejected"
    staff = logged_in(app)
    edit = f"/staff/anmalan/{row['id']}/ratta"
    response = staff.get(edit)
    assert response.headers["Location"] == edit + "-bostad"
    page = staff.get(edit + "-bostad").get_data(as_text=True)
    assert "Rätta anmälan från Åsa Öberg" in page
    assert '<option value="OBJ-STH-102" selected>Götgatan 12, Södermalm</option>' in page
    assert "Finns det förråd?" in page  # what the buyer typed
    fields = hidden_fields(page)
    answers = {**estate_answers(interest_note="Finns det hiss?"), "obtain_through": "Interest"}
    response = staff.post(edit + "-bostad", data={**fields, **answers, "estate_id": "OBJ-STH-101"})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert app.extensions["delivery"].worker().drain() == 1
    payload = sandbox.state.received[-1]["payload"]
    assert contract.errors(payload, ESTATE_MODEL) == []
    assert payload["estateId"] == "OBJ-STH-102"  # the home stays the one registered for
    assert payload["interestNote"] == "Finns det hiss?"
    assert payload["updatePerson"]["obtainThrough"] == "Interest"
    assert outbox.get(app.extensions["delivery"].engine, row["id"])["status"] == "delivered"


def test_without_vitecs_estate_list_the_page_says_so_and_stores_nothing(app, client, sandbox):
    sandbox.fail_next(503, path="/Estate/GetEstateList")
    response = client.post(FLAT, data={**estate_answers(), "submission_id": "b" * 32})
    assert response.status_code == 503
    assert "Bostaden kan inte visas just nu" in response.get_data(as_text=True)
    assert outbox.listing(app.extensions["delivery"].engine) == []


def test_each_office_names_its_own_homes(sandbox, database_url):
    offices = [("M99999", "Stockholm"), ("M88888", "Göteborg")]
    sandbox.state.accounts["M88888"] = sandbox.state.accounts["M99999"]
    from sandbox.data import office_data

    sandbox.state.offices["M88888"] = office_data(1, "M88888")
    app = make_app(sandbox.url, database_url, VITEC_OFFICES=offices)
    client = app.test_client()
    page = client.get("/bostad/OBJ-GBG-201?kontor=M88888").get_data(as_text=True)
    assert "Anmäl intresse för Linnégatan 21" in page
    assert client.get("/bostad/OBJ-GBG-201").status_code == 404  # not the default office's
    assert client.get("/bostad/OBJ-GBG-201?kontor=M00000").status_code == 404
    response = submit(client, "/bostad/OBJ-GBG-201?kontor=M88888", estate_answers())
    assert response.headers["Location"] == "/bostad/OBJ-GBG-201/tack?kontor=M88888"
    engine = app.extensions["delivery"].engine
    (row,) = outbox.listing(engine)
    assert (row["office"], outbox.get(engine, row["id"])["estate_id"]) == ("M88888", "OBJ-GBG-201")


def test_every_listing_page_is_well_formed_html(client):
    pages = [
        client.get(FLAT),
        client.get("/embed" + FLAT),
        submit(client, FLAT, estate_answers(first_name="", consent="")),
        client.get("/bostad/OBJ-STH-103"),
        client.get("/embed/bostad/OBJ-STH-103"),
        client.get(FLAT + "/tack"),
        client.get("/embed" + FLAT + "/tack"),
    ]
    assert [page.status_code for page in pages] == [200, 200, 422, 404, 404, 200, 200]
    for page in pages:
        parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
        parser.parse(page.get_data(as_text=True))  # raises ParseError at the first departure


def test_the_desk_finds_and_erases_a_listing_row_like_any_other(sandbox, database_url):
    from tests.test_desk_search import search

    app = make_app(sandbox.url, database_url)
    accounts.add(app.extensions["delivery"].engine, EMAIL, PASSWORD)
    assert submit(app.test_client(), FLAT, estate_answers()).status_code == 302
    staff = logged_in(app)
    (found,), page, _ = search(staff, "asa.oberg@example.se")
    assert "<td>Bostad: Götgatan 12, Södermalm</td>" in page
    assert staff.get(f"/staff/anmalan/{found}/radera").status_code == 200
    response = staff.post(f"/staff/anmalan/{found}/radera")  # CSRF is off in these tests
    assert response.status_code == 302
    row = outbox.get(app.extensions["delivery"].engine, found)
    assert row["erased_at"] is not None and row["payload"] is None and row["answers"] is None
    assert row["estate_title"] == "Götgatan 12, Södermalm"  # the home, not the person
    assert search(staff, "asa.oberg@example.se")[0] == []
