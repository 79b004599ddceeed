"""Broker staff on a busy day, in Chromium: log in, enter an interest by hand, see it delivered."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from app import outbox
from app.staff import accounts
from tests.browser import chromium, serve
from tests.conftest import make_app
from tests.polling import wait_until

pytestmark = pytest.mark.browser

EMAIL = "erik@maklarbyran.se"
PASSWORD = "visning-på-söndag-42"


@pytest.fixture
def site(sandbox, database_url):
    """The service with one staff account, delivering in-process: (app, url)."""
    app = make_app(sandbox.url, database_url, WTF_CSRF_ENABLED=True, DELIVERY_POLL_SECONDS=0.05)
    accounts.add(app.extensions["delivery"].engine, EMAIL, PASSWORD)
    app.extensions["delivery"].start_in_process()
    with serve(app) as url:
        yield app, url
    app.extensions["delivery"].stop.set()


def delivered_rows(app) -> list[dict]:
    """The outbox rows in the state 'delivered'."""
    return outbox.listing(app.extensions["delivery"].engine, status="delivered")


def test_staff_enter_an_interest_by_hand_and_the_desk_shows_it_delivered(site, sandbox):
    app, url = site
    with chromium() as browser:
        page = browser.new_page(locale="sv-SE", viewport={"width": 1100, "height": 900})
        page.goto(url + "/staff/")
        expect(page).to_have_title("Logga in – Mäklarbyrån")
        page.get_by_label("E-post").fill(EMAIL)
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        expect(page.get_by_role("heading", name="Inkomna anmälningar")).to_be_visible()

        page.get_by_role("link", name="Ny intresseanmälan").click()
        page.get_by_label("Förnamn").fill("Åsa")
        page.get_by_label("Efternamn").fill("Öberg")
        page.get_by_label("Mobiltelefon").fill("070-123 45 67")
        page.get_by_role("textbox", name="Personnummer").fill("19811218-9876")
        page.get_by_label("Hur kom intresset in?").select_option(label="Telefon")
        page.get_by_label("Handläggare", exact=True).select_option(label="Erik Johansson")
        page.get_by_label("Spekulant").check()
        page.get_by_label("Typ av uppgift", exact=True).select_option(label="Ring upp intressenten")
        page.get_by_label("Uppgiften tilldelas").select_option(label="Anna Lindqvist")
        page.get_by_label("Anteckning till uppgiften").fill("Ring efter klockan 17")
        page.get_by_label("Vasastan").check()
        page.get_by_label("Bostadsrätt", exact=True).first.check()
        page.get_by_label("Personen har fått information").check()
        page.get_by_role("button", name="Spara och skicka till Vitec").click()
        expect(page.get_by_role("status").first).to_contain_text("Anmälan är sparad")

        (stored,) = wait_until(lambda: delivered_rows(app), what="the entry to be delivered")
        assert stored["entered_by"] == EMAIL
        page.get_by_role("link", name="Inkomna anmälningar").click()
        page.get_by_role("link", name="Levererade").click()
        row = page.get_by_role("row").filter(has_text=f"Registrerad av {EMAIL}")
        expect(row).to_contain_text("levererad")
        expect(row).to_contain_text("Vitec tog emot anmälan.")

    (received,) = sandbox.received()
    person = received["payload"]["updatePerson"]
    assert person["socialSecurityNumber"] == "19811218-9876"
    assert person["obtainThrough"] == "Phone"
    assert person["userId"] == "HAN002"
    assert person["categoryIds"] == ["KAT-1"]
    assert person["task"] == {
        "predefinedTaskId": "UPG-1",
        "note": "Ring efter klockan 17",
        "assignedTo": "HAN001",
    }
