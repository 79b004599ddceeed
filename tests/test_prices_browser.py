"""The price reading live as one types (static/form.js), in Chromium: the same words the
server shows when the page comes back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from app.intake.validators import InvalidValue, parse_price
from tests.browser import serve
from tests.conftest import make_app
from tests.test_prices import READINGS

pytestmark = pytest.mark.browser


def server_words(typed: str) -> str:
    """What the server shows beside the field for this price (its note), or '' for none."""
    try:
        return parse_price(typed, Decimal(1_000_000_000)).note or ""
    except InvalidValue:
        return ""


def test_the_reading_follows_what_is_typed(sandbox, database_url, browser):
    app = make_app(sandbox.url, database_url)
    with serve(app) as url:
        page = browser.new_page(viewport={"width": 390, "height": 800})
        page.goto(url + "/")
        field, reading = page.locator("#price_min"), page.locator("#price_min-reading")
        expect(reading).to_have_attribute("aria-live", "polite")
        for typed, _, note in READINGS:
            field.fill(typed)
            expect(reading).to_have_text(note or "")
            assert (note or "") == server_words(typed)
        field.fill("500")
        expect(reading).to_contain_text("Menar du 500\u00a0000\u00a0kr")
        page.locator("#present_price").fill("3,2")
        expect(page.locator("#present_price-reading")).to_have_text(
            "Tolkat som 3\u00a0200\u00a0000\u00a0kr"
        )
        page.close()


def server_question(typed: str) -> str:
    """The server's question beside a price that could be thousands or millions."""
    try:
        parse_price(typed, Decimal(1_000_000_000))
    except InvalidValue as exc:
        return str(exc)
    raise AssertionError(f"{typed!r} is not asked about")


def test_the_live_question_is_the_servers_word_for_word(sandbox, database_url, browser):
    app = make_app(sandbox.url, database_url)
    with serve(app) as url:
        page = browser.new_page(viewport={"width": 390, "height": 800})
        page.goto(url + "/")
        field, reading = page.locator("#price_max"), page.locator("#price_max-reading")
        for typed in ("500", "3500", "100"):
            field.fill(typed)
            expect(reading).to_have_text(server_question(typed))
        page.close()


def test_on_the_staff_form_the_live_question_speaks_of_the_person(sandbox, database_url, browser):
    from app.staff import accounts

    app = make_app(sandbox.url, database_url)
    accounts.add(app.extensions["delivery"].engine, "p@maklarbyran.se", "pris-lösenord-123")
    with serve(app) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url + "/staff/login")
        page.get_by_label("E-post").fill("p@maklarbyran.se")
        page.get_by_label("Lösenord").fill("pris-lösenord-123")
        page.get_by_role("button", name="Logga in").click()
        page.goto(url + "/staff/ny")
        page.locator("#price_min").fill("500")
        expect(page.locator("#price_min-reading")).to_contain_text(
            "Menar personen 500\u00a0000\u00a0kr"
        )
        page.close()
