"""Efterfrågan in Chromium: no accessibility violations (axe), nothing blocked by the CSP,
readable at 1280 px and on a 390 px phone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from app.core.clock import STOCKHOLM
from app.staff import accounts
from bench.demand import STOCKHOLM_AREAS, registrations, seed_counters
from tests.browser import chromium, serve
from tests.conftest import CUSTOMER_ID, make_app
from tests.insight_pages import STAFF_EMAIL, STAFF_PASSWORD

pytestmark = pytest.mark.browser

# Records what the page's Content-Security-Policy blocked (run by the browser before the page).
WATCH_CSP = """
window.__blocked = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__blocked.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
});
"""


@pytest.fixture
def site(sandbox, database_url):
    app = make_app(sandbox.url, database_url, WTF_CSRF_ENABLED=True)
    engine = app.extensions["delivery"].engine
    accounts.add(engine, STAFF_EMAIL, STAFF_PASSWORD)
    today = datetime.now(UTC).astimezone(STOCKHOLM).date()
    seed_counters(engine, registrations(600, {CUSTOMER_ID: STOCKHOLM_AREAS}, today, days=80))
    with serve(app) as url:
        yield url


def open_statistics(browser, url: str, width: int):
    page = browser.new_page(locale="sv-SE", viewport={"width": width, "height": 900})
    page.add_init_script(WATCH_CSP)
    page.goto(url + "/staff/login")
    page.get_by_label("E-post").fill(STAFF_EMAIL)
    page.get_by_label("Lösenord").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("link", name="Efterfrågan").click()
    expect(page.get_by_role("heading", name="Efterfrågan", exact=True)).to_be_visible()
    return page


def test_the_statistics_page_has_no_axe_violations_and_nothing_blocked(site):
    with chromium() as browser:
        for width in (1280, 390):
            page = open_statistics(browser, site, width)
            chart = page.get_by_role("img", name="Anmälningar per vecka, staplade efter kanal")
            expect(chart).to_be_visible()
            expect(page.locator("#tabell-omraden")).to_contain_text("Södermalm")
            results = Axe().run(page)
            assert results.violations_count == 0, results.generate_report()
            assert page.evaluate("window.__blocked") == []
            # The page itself never scrolls sideways; wide tables scroll in their own box.
            assert page.evaluate("document.documentElement.scrollWidth") <= width

            page.get_by_role("link", name="Södermalm").click()
            expect(page.get_by_role("heading", name="Södermalm", level=1)).to_be_visible()
            results = Axe().run(page)
            assert results.violations_count == 0, results.generate_report()
            assert page.evaluate("window.__blocked") == []
            page.close()


# The lines each date in the period's heading takes (a date written "16 mars 2025").
DATE_LINES = r"""h => {
    const text = h.firstChild;
    const found = [...text.data.matchAll(/\d{1,2}\u00a0\p{L}+\u00a0\d{4}/gu)];
    return found.map(m => {
        const range = document.createRange();
        range.setStart(text, m.index);
        range.setEnd(text, m.index + m[0].length);
        return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
    });
}"""

# Whether every option's text fits inside the select, beside its arrow.
OPTIONS_FIT = """select => {
    const style = getComputedStyle(select);
    const context = document.createElement('canvas').getContext('2d');
    context.font = style.font;
    const room = select.clientWidth - parseFloat(style.paddingLeft)
        - parseFloat(style.paddingRight) - 20;  // the arrow
    return [...select.options].filter(o => context.measureText(o.text).width > room)
        .map(o => o.text);
}"""


def test_the_period_reads_whole_at_every_width(site):
    with chromium() as browser:
        for width in (1280, 1024, 800, 390, 320):
            page = open_statistics(browser, site, width)
            assert page.eval_on_selector("#period", OPTIONS_FIT) == [], width
            lines = page.eval_on_selector("#rubrik-summa", DATE_LINES)
            assert lines == [1, 1], (width, lines)
            page.close()
