"""A registration's page at a desktop's width in Chromium: its history fits its column after an
erase, and its action buttons are one height. The login's error summary takes focus."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from app.staff import accounts
from tests.browser import serve
from tests.conftest import make_app, register

pytestmark = pytest.mark.browser

EMAIL = "margareta.lindqvist-åkerström@maklarbyran.se"  # a long address, as real ones are
PASSWORD = "visning-på-söndag-42"


@pytest.fixture
def site(sandbox, database_url):
    app = make_app(sandbox.url, database_url, WTF_CSRF_ENABLED=True)
    accounts.add(app.extensions["delivery"].engine, EMAIL, PASSWORD)
    submission_id = register(app)
    with serve(app) as url:
        yield url, submission_id


@pytest.fixture
def page(browser):
    page = browser.new_page(locale="sv-SE", viewport={"width": 1280, "height": 900})
    yield page
    page.close()


def log_in(page, url: str, password: str = PASSWORD) -> None:
    page.goto(url + "/staff/login")
    page.get_by_label("E-post").fill(EMAIL)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()


def test_the_history_fits_its_column_after_an_erase(site, page):
    url, submission_id = site
    log_in(page, url)
    page.goto(f"{url}/staff/anmalan/{submission_id}")
    page.get_by_role("link", name="Radera personuppgifter").click()
    page.get_by_role("button", name="Ja, radera personuppgifterna här").click()
    expect(page.get_by_role("cell", name="raderade personuppgifter")).to_be_visible()
    region = page.get_by_role("region", name="Händelser för anmälan")
    overflow = region.evaluate("wrap => wrap.scrollWidth - wrap.clientWidth")
    assert overflow == 0
    expect(page.get_by_role("columnheader", name="Detalj")).to_be_in_viewport(ratio=1)


def test_the_action_buttons_are_one_height(site, page):
    url, submission_id = site
    log_in(page, url)
    page.goto(f"{url}/staff/anmalan/{submission_id}")
    actions = page.locator(".actions .button")
    expect(actions).to_have_count(3)  # Skicka igen, Rätta och skicka igen, Radera
    heights = actions.evaluate_all("buttons => buttons.map(b => b.getBoundingClientRect().height)")
    assert len(set(heights)) == 1, heights


def test_a_wrong_password_moves_focus_to_the_error_summary(site, page):
    url, _ = site
    log_in(page, url, password="fel-lösenord-123")
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Fel e-postadress eller lösenord.")
    expect(page).to_have_title("Fel: Logga in – Mäklarbyrån")
