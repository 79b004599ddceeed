"""Back from the thank-you page to correct (as the thank-you page tells the buyer to): the page
shows no errors that belonged to answers sent since, the chosen areas match the ticks the
browser put back, the price reading matches the restored price, and sending again corrects the
registration. In Chromium with its back-forward cache on and off (Playwright switches it off
by default)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from app import outbox
from tests.browser import BACK_FORWARD_CACHE, chromium, fill_in_a_buyer, serve

pytestmark = pytest.mark.browser

THANKS = "Tack för din intresseanmälan!"
NBSP = "\u00a0"


@pytest.fixture(scope="module", params=["bfcache", "no-bfcache"])
def browser(request):
    """Chromium with, or without, its back-forward cache."""
    bfcache = request.param == "bfcache"
    with chromium(**(BACK_FORWARD_CACHE if bfcache else {})) as launched:
        launched.bfcache = bfcache
        yield launched


@pytest.fixture
def page(browser, app):
    with serve(app) as url:
        context = browser.new_context(locale="sv-SE", base_url=url)
        yield context.new_page()
        context.close()


def send(page) -> None:
    page.get_by_role("button", name="Skicka intresseanmälan").click()


def back_to_the_form(page) -> None:
    """The browser's Back button, then wait until the form is shown and settled: a page from
    the back-forward cache fires no load event, and `pageshow` follows the form's restoration."""
    page.evaluate("window.__gone = true")  # a new document will not have it
    page.go_back(wait_until="commit")
    page.wait_for_function("!window.__gone && document.readyState === 'complete'")
    expect(page.get_by_role("button", name="Skicka intresseanmälan")).to_be_visible()


def chip_names(page) -> list[str]:
    return page.locator(".chips .chip__name").all_inner_texts()


def ticked_areas(page) -> list[str]:
    return page.locator("input[name=areas]:checked").evaluate_all(
        "boxes => boxes.map(b => b.labels[0].textContent.trim())"
    )


def picked_in(page, municipality: str):
    summary = page.locator("summary", has=page.locator(".area-fold__name", has_text=municipality))
    return summary.locator("[data-picked]")


def stored_answers(app) -> list[dict]:
    engine = app.extensions["delivery"].engine
    sealer = app.extensions["delivery"].sealer
    return [sealer.open(outbox.get(engine, row["id"])["answers"]) for row in outbox.listing(engine)]


def test_back_after_a_corrected_error_shows_no_stale_errors_and_sends_a_correction(page, app):
    page.goto("/")
    fill_in_a_buyer(page)
    page.get_by_label("Södermalm").check()
    page.get_by_label("Lägsta pris").fill("500")  # thousands or millions? asked about
    send(page)
    expect(page.get_by_role("alert")).to_contain_text("Menar du 500")
    assert page.title().startswith("Fel: ")

    page.get_by_label("Lägsta pris").fill("2,5")
    send(page)
    expect(page.get_by_role("heading", name=THANKS)).to_be_visible()

    back_to_the_form(page)
    price = page.get_by_label("Lägsta pris")
    expect(price).to_have_value("2,5")  # the browser put back the latest answer
    expect(page.locator("#felsammanfattning")).to_have_count(0)
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.locator(".field-error")).to_have_count(0)
    expect(page.locator(".field--error")).to_have_count(0)
    expect(page.locator("[aria-invalid]")).to_have_count(0)
    assert not page.title().startswith("Fel: "), page.title()
    # No field still points at an error that is gone.
    described = page.locator("[aria-describedby]").evaluate_all(
        "els => els.flatMap(e => e.getAttribute('aria-describedby').split(/\\s+/))"
    )
    missing = page.evaluate("ids => ids.filter(id => !document.getElementById(id))", described)
    assert missing == []
    # The reading beside the price is about the price now in the field.
    expect(page.locator("#price_min-reading")).to_have_text(
        f"Tolkat som 2{NBSP}500{NBSP}000{NBSP}kr"
    )

    price.fill("3 000 000")
    with page.expect_request(lambda r: r.method == "POST", timeout=5000):
        send(page)
    expect(page.get_by_role("heading", name=THANKS)).to_be_visible()
    expect(page.locator(".summary-list")).to_contain_text(f"minst 3{NBSP}000{NBSP}000{NBSP}kr")
    (answers,) = stored_answers(app)  # corrected, not registered twice
    assert answers["price_min"] == ["3 000 000"]


def test_back_shows_chips_and_counts_for_the_ticks_the_browser_put_back(page, browser):
    page.goto("/")
    page.evaluate("window.__firstDocument = true")
    fill_in_a_buyer(page)
    page.get_by_label("Södermalm").check()
    page.get_by_label("Råsunda").check()
    send(page)
    expect(page.get_by_role("heading", name=THANKS)).to_be_visible()

    back_to_the_form(page)
    restored = page.evaluate("window.__firstDocument === true")
    assert restored == browser.bfcache, "restored from the cache only when it is on"
    assert sorted(ticked_areas(page)) == ["Råsunda", "Södermalm"]
    assert sorted(chip_names(page)) == ["Råsunda", "Södermalm"]
    expect(page.get_by_text(re.compile(r"^Valda områden \(2\)$"))).to_be_visible()
    expect(picked_in(page, "Stockholm")).to_have_text(", 1 vald")
    expect(picked_in(page, "Solna")).to_have_text(", 1 vald")


def test_back_to_an_error_page_shows_the_chips_of_the_latest_ticks(page):
    page.goto("/")
    page.get_by_label("Södermalm").check()
    send(page)  # no name: the page comes back with errors and Södermalm ticked
    expect(page.get_by_role("alert")).to_be_visible()
    fill_in_a_buyer(page)
    page.get_by_label("Råsunda").check()
    page.get_by_label("Södermalm").uncheck()
    send(page)
    expect(page.get_by_role("heading", name=THANKS)).to_be_visible()

    back_to_the_form(page)
    assert ticked_areas(page) == ["Råsunda"]
    assert chip_names(page) == ["Råsunda"]
    expect(picked_in(page, "Stockholm")).to_have_text("")
    expect(picked_in(page, "Solna")).to_have_text(", 1 vald")
    expect(page.locator(".field-error")).to_have_count(0)


def test_a_page_from_a_back_forward_cache_drops_its_errors_too(page):
    """Chromium keeps no page that answered a post in its cache; other browsers do, and show
    it with `pageshow` (persisted): the same event, raised here by hand."""
    page.goto("/")
    send(page)
    expect(page.get_by_role("alert")).to_be_visible()
    page.wait_for_load_state("load")  # form.js (deferred) has run and listens for pageshow
    page.evaluate("window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")
    expect(page.locator("#felsammanfattning")).to_have_count(0)
    expect(page.locator(".field-error")).to_have_count(0)
    assert not page.title().startswith("Fel: ")
    # The contact rule's hint, hidden while its error stood instead, is back and tied again.
    expect(page.locator("#kontakt-hint")).to_be_visible()
    expect(page.get_by_label("E-post")).to_have_accessible_description(
        "Fyll i minst ett av dessa tre: e-post, mobiltelefon eller hemtelefon."
    )
