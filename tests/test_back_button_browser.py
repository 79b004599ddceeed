"""Back from the thank-you page: the form comes out of Chromium's back-forward cache with the
send button working again (form.js's double-click guard resets on `pageshow`)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import BACK_FORWARD_CACHE, chromium, fill_in_a_buyer, serve
from tests.conftest import make_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    """Chromium with its back-forward cache on (Playwright switches it off by default)."""
    with chromium(**BACK_FORWARD_CACHE) as launched:
        yield launched


@pytest.fixture
def site(sandbox, database_url):
    app = make_app(sandbox.url, database_url)
    with serve(app) as url:
        yield url


def test_after_back_from_thanks_the_send_button_works_again(browser, site):
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.goto(site + "/")
    page.evaluate("window.keptInMemory = true")  # survives only a back-forward cache restore
    fill_in_a_buyer(page, areas=("Södermalm",))
    send = page.get_by_role("button", name="Skicka intresseanmälan")
    send.click()
    expect(page.get_by_role("heading", name="Tack för din intresseanmälan!")).to_be_visible()

    # A page restored from the cache fires no load event: wait for the commit, then the form.
    page.go_back(wait_until="commit")
    expect(send).to_be_visible()
    assert page.evaluate("window.keptInMemory === true"), "not restored from the cache"
    expect(page.get_by_label("Förnamn")).to_have_value("Åsa")

    with page.expect_request(lambda r: r.method == "POST", timeout=5000):
        send.click()
    expect(page.get_by_role("heading", name="Tack för din intresseanmälan!")).to_be_visible()
    context.close()
