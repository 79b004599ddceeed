"""The listing pages in Chromium: no axe violations on the form (empty and with errors), the
page for a sold home, the thanks, the staff entry, its correction and the statistics per listing."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from app import outbox
from app.staff import accounts
from tests.browser import serve
from tests.conftest import make_app, submit
from tests.test_estate_pages import estate_answers

pytestmark = pytest.mark.browser

EMAIL = "erik@maklarbyran.se"
PASSWORD = "visning-på-söndag-42"


def assert_no_violations(page, state: str) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, f"{state}:\n{results.generate_report()}"


@pytest.mark.parametrize("width", [320, 1280])
def test_the_listing_pages_have_no_axe_violations(sandbox, database_url, browser, width):
    app = make_app(sandbox.url, database_url)
    accounts.add(app.extensions["delivery"].engine, EMAIL, PASSWORD)
    with serve(app) as url:
        page = browser.new_page(locale="sv-SE", viewport={"width": width, "height": 900})
        page.goto(url + "/bostad/OBJ-STH-102")
        assert_no_violations(page, "the form")
        page.get_by_role("button", name="Skicka intresseanmälan").click()
        expect(page.get_by_role("alert")).to_be_visible()
        assert_no_violations(page, "the form with errors")
        page.goto(url + "/embed/bostad/OBJ-STH-102")
        assert_no_violations(page, "the embedded form")
        page.goto(url + "/bostad/OBJ-STH-103")
        assert_no_violations(page, "a sold home")
        page.goto(url + "/bostad/OBJ-STH-102/tack")
        assert_no_violations(page, "the thanks")
        page.goto(url + "/staff/login")
        page.get_by_label("E-post").fill(EMAIL)
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        page.goto(url + "/staff/ny/bostad")
        expect(page.get_by_role("heading", name="Ny intresseanmälan för en bostad")).to_be_visible()
        assert_no_violations(page, "the staff entry")
        page.get_by_role("button", name="Spara och skicka till Vitec").click()
        expect(page.get_by_role("alert")).to_be_visible()
        assert_no_violations(page, "the staff entry with errors")
        page.goto(url + "/staff/statistik/bostader")
        expect(page.get_by_role("heading", name="Efterfrågan per bostad")).to_be_visible()
        assert_no_violations(page, "the statistics per listing")
        submit(app.test_client(), "/bostad/OBJ-STH-102", estate_answers())
        (row,) = outbox.listing(app.extensions["delivery"].engine)
        page.goto(url + f"/staff/anmalan/{row['id']}/ratta-bostad")
        expect(page.get_by_role("button", name="Spara och skicka till Vitec")).to_be_visible()
        assert_no_violations(page, "the listing correction")
        page.close()
