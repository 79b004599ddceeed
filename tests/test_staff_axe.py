"""The staff pages in Chromium at a desktop's width: no axe violations (the desk, a registration,
its correction and erasure, manual entry, the log, an area's demand, a listing's correction),
dates on one line, the login's password field like the other inputs."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from app import outbox
from app.staff import accounts
from app.vitec.client import SEND_ESTATE_INTEREST_PATH as SEND_ESTATE
from app.vitec.client import SEND_INTEREST_PATH as SEND
from tests.browser import serve
from tests.conftest import CUSTOMER_ID, make_app, register, submit
from tests.test_estate_pages import estate_answers

pytestmark = pytest.mark.browser

EMAIL = "erik@maklarbyran.se"
PASSWORD = "visning-på-söndag-42"
MODEL_STATE = {
    "interest.UpdatePerson.Email.EmailAddress": ["The EmailAddress field is not valid."],
    "interest.LookingForAccommodations[0].AreaIds": ["Området OMR-SOD saknar polygon"],
    # A long answer crowds the desk's table, as a busy day's would.
    "interest.UpdatePerson.CellPhone": [
        "The field CellPhone must be a string or array type with a maximum length of '17'."
    ],
    "interest.UpdatePerson.Address.StreetAddress": [
        "The field StreetAddress must be a string or array type with a maximum length of '68'."
    ],
}
ESTATE = {
    "interest.EstateId": ["Objektet är inte längre till salu."],
    "interest.UpdatePerson.Email.EmailAddress": ["The EmailAddress field is not valid."],
}


@pytest.fixture
def site(sandbox, database_url):
    app = make_app(sandbox.url, database_url, WTF_CSRF_ENABLED=True)
    accounts.add(app.extensions["delivery"].engine, EMAIL, PASSWORD)
    register(app, first_name="Per", last_name="Persson", email="per@example.se")
    app.extensions["delivery"].worker().drain()
    sandbox.fail_next(
        400, path=SEND, body={"Message": "The request is invalid.", "ModelState": MODEL_STATE}
    )
    rejected = register(app, first_name="Åsa", last_name="Öberg")
    app.extensions["delivery"].worker().drain()
    assert outbox.get(app.extensions["delivery"].engine, rejected)["status"] == "rejected"
    # Interest in one home for sale, refused by Vitec too: it waits on its own correction page.
    sandbox.fail_next(400, path=SEND_ESTATE, body={"Message": "Ogiltig.", "ModelState": ESTATE})
    buyer = app.test_client()
    assert submit(buyer, "/bostad/OBJ-STH-102", estate_answers(last_name="Lind")).status_code == 302
    app.extensions["delivery"].worker().drain()
    with serve(app) as url:
        yield url, rejected


@pytest.fixture
def page(site, browser):
    page = browser.new_page(locale="sv-SE", viewport={"width": 1280, "height": 900})
    yield page
    page.close()


def assert_no_violations(page, state: str) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, f"{state}:\n{results.generate_report()}"


def log_in(page, url: str) -> None:
    page.goto(url + "/staff/")
    page.get_by_label("E-post").fill(EMAIL)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name="Inkomna anmälningar")).to_be_visible()


def test_the_staff_pages_have_no_axe_violations(site, page):
    url, _ = site
    page.goto(url + "/staff/login")
    assert_no_violations(page, "login")
    log_in(page, url)
    assert_no_violations(page, "desk")

    page.get_by_label("Sök person").fill("asa.oberg@example.se")
    page.get_by_role("button", name="Sök").click()
    expect(page.get_by_role("link", name="Åsa Öberg")).to_be_visible()
    expect(page.get_by_role("link", name="Per Persson")).to_have_count(0)
    assert_no_violations(page, "desk with a search")

    page.get_by_role("link", name="Åsa Öberg").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Åsa Öberg")
    assert_no_violations(page, "detail")

    expect(page.get_by_role("heading", name="Vad personen anmälde")).to_be_visible()

    page.get_by_role("link", name="Radera personuppgifter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Radera Åsa Öbergs uppgifter?")
    assert_no_violations(page, "erase")
    page.go_back()

    page.get_by_role("link", name="Rätta och skicka igen").click()
    expect(page.get_by_text("Vitec avvisade uppgifterna").first).to_be_visible()
    assert_no_violations(page, "correction")

    page.goto(url + "/staff/ny")
    assert_no_violations(page, "staff form")
    page.get_by_role("button", name="Spara och skicka till Vitec").click()
    expect(page.get_by_role("heading", name="Något behöver rättas")).to_be_visible()
    assert_no_violations(page, "staff form with errors")

    page.goto(url + "/staff/logg")
    assert_no_violations(page, "audit log")


def test_an_areas_demand_and_a_listings_correction_have_no_axe_violations(site, page):
    url, _ = site
    log_in(page, url)
    # Södermalm as the desk's registrations counted it: housing types and price bands.
    page.goto(f"{url}/staff/statistik/omrade/{CUSTOMER_ID}/OMR-SOD")
    expect(page.get_by_role("heading", name="Södermalm", level=1)).to_be_visible()
    expect(page.get_by_text("2 anmälningar från")).to_be_visible()
    for counted in ("bostadstyp", "prisklass"):
        chart = page.get_by_role("img", name=f"Anmälningar per {counted} i Södermalm")
        expect(chart).to_be_visible()
    assert_no_violations(page, "an area's demand")

    page.goto(url + "/staff/")
    page.get_by_role("link", name="Åsa Lind").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Åsa Lind")
    assert_no_violations(page, "a listing registration's detail")
    page.get_by_role("link", name="Rätta och skicka igen").click()
    expect(page.get_by_role("heading", name="Rätta anmälan från Åsa Lind")).to_be_visible()
    assert_no_violations(page, "a listing's correction")
    page.get_by_label("Förnamn").fill("")
    page.get_by_role("button", name="Spara och skicka till Vitec").click()
    expect(page.get_by_role("heading", name="Något behöver rättas")).to_be_visible()
    assert_no_violations(page, "a listing's correction with errors")


def lines_of(page, selector: str) -> list[int]:
    """How many lines the text of each matching element takes."""
    return page.eval_on_selector_all(
        selector,
        """cells => cells.map(cell => {
            const range = document.createRange();
            range.selectNodeContents(cell);
            const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            return tops.size;
        })""",
    )


def test_dates_stay_on_one_line_at_a_desktops_width(site, page):
    url, _ = site
    log_in(page, url)
    for path in ("/staff/", "/staff/logg"):
        page.goto(url + path)
        lines = lines_of(page, "td.date")
        assert lines and set(lines) == {1}, (path, lines)
    width = page.eval_on_selector("main", "main => main.getBoundingClientRect().width")
    assert width > 44 * 16 * 1.5  # the desk uses the width, not the buyer's 44rem column


def test_the_password_field_looks_like_the_other_inputs(site, page):
    url, _ = site
    page.goto(url + "/staff/login")
    style = """el => {
        const s = getComputedStyle(el);
        return [s.borderTopWidth, s.borderTopStyle, s.borderTopColor, s.paddingTop,
                s.paddingLeft, s.borderTopLeftRadius, s.fontSize, s.width, s.display];
    }"""
    email = page.eval_on_selector("#email", style)
    password = page.eval_on_selector("#password", style)
    assert password == email


def test_the_erase_pages_buttons_share_a_baseline_with_space_between(site, browser):
    url, rejected = site
    for width in (1280, 390):
        page = browser.new_page(locale="sv-SE", viewport={"width": width, "height": 900})
        log_in(page, url)
        page.goto(f"{url}/staff/anmalan/{rejected}/radera")
        erase = page.get_by_role("button", name="Ja, radera personuppgifterna här")
        cancel = page.get_by_role("link", name="Avbryt")
        # Where each one's text sits: the bottom of the text's first line box.
        baseline = """el => {
            const range = document.createRange();
            range.selectNodeContents(el);
            return Math.round(range.getClientRects()[0].bottom);
        }"""
        first, second = erase.bounding_box(), cancel.bounding_box()
        if second["y"] < first["y"] + first["height"]:  # side by side
            assert erase.evaluate(baseline) == cancel.evaluate(baseline), width
            assert round(first["height"]) == round(second["height"]), width
            assert second["x"] - (first["x"] + first["width"]) >= 8, width
        else:  # stacked on a narrow screen: still apart
            assert second["y"] - (first["y"] + first["height"]) >= 8, width
        page.close()
