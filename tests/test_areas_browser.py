"""A large broker's 300 areas on a 320 px phone: search, folded municipalities, "Välj alla",
chips, and the same registration without JavaScript (Debian's Chromium via Playwright)."""

from __future__ import annotations

import re

import pytest
import requests
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser import fill_in_a_buyer, serve
from tests.conftest import CUSTOMER_ID, make_app
from tests.many_areas import area_ids_in, area_names_matching, many_areas
from tests.polling import wait_until

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 320, 640
AREA_BOXES = "input[type=checkbox][name=areas]"


@pytest.fixture
def areas(sandbox) -> dict:
    """300 areas in 12 municipalities, set before the app asks for them (it caches them)."""
    body = many_areas()
    url = f"{sandbox.url}/_sandbox/areas/{CUSTOMER_ID}"
    requests.put(url, json=body, timeout=5).raise_for_status()
    return body


@pytest.fixture
def site(areas, sandbox, database_url):
    app = make_app(sandbox.url, database_url, DELIVERY_POLL_SECONDS=0.05)
    app.extensions["delivery"].start_in_process()
    with serve(app) as url:
        yield url
    app.extensions["delivery"].stop.set()


def phone_context(browser, **options):
    return browser.new_context(
        viewport={"width": WIDTH, "height": HEIGHT},
        locale="sv-SE",
        is_mobile=True,
        has_touch=True,
        **options,
    )


@pytest.fixture
def phone(browser):
    context = phone_context(browser)
    yield context.new_page()
    context.close()


def visible_area_names(page) -> list[str]:
    labels = page.locator(f".check:has({AREA_BOXES}):visible label")
    return labels.all_inner_texts()


def ticked_area_ids(page) -> list[str]:
    return page.locator(f"{AREA_BOXES}:checked").evaluate_all("boxes => boxes.map(b => b.value)")


def ticked_area_names(page) -> list[str]:
    return page.locator(f"{AREA_BOXES}:checked").evaluate_all(
        "boxes => boxes.map(b => b.labels[0].textContent.trim())"
    )


def chips(page):
    return page.get_by_role("button", name=re.compile(r"^Ta bort "))


def chip_names(page) -> list[str]:
    """The area each chip names (its accessible name is "Ta bort <område>")."""
    return chips(page).locator(".chip__name").all_inner_texts()


def group_summary(page, municipality: str):
    return page.locator("summary", has=page.locator(".area-fold__name", has_text=municipality))


def wait_for_deliveries(sandbox, count: int, timeout: float = 10.0) -> list[dict]:
    """What the sandbox received, once it holds `count` registrations."""
    wait_until(lambda: len(sandbox.state.received) >= count, timeout, f"{count} deliveries")
    return sandbox.received()


def assert_no_axe_violations(page, state: str) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, f"{state}:\n{results.generate_report()}"


def test_typing_filters_the_areas_ignoring_case_and_diacritics(phone, site, areas):
    phone.goto(site + "/")
    assert visible_area_names(phone) == []  # 300 areas: every municipality starts folded
    search = phone.get_by_role("searchbox", name="Sök område")
    status = phone.locator("#omradessok-antal")
    expect(status).to_have_attribute("aria-live", "polite")

    search.press_sequentially("luth")
    expect(phone.locator(f".check:has({AREA_BOXES}):visible label")).to_have_text(
        area_names_matching(areas, "luth")
    )
    assert area_names_matching(areas, "luth") == ["Luthagen"]
    expect(status).to_have_text("1 område matchar")

    search.fill("alvsjo")
    expect(phone.locator(f".check:has({AREA_BOXES}):visible label")).to_have_text(["Älvsjö"])

    search.fill("UPPSALA")  # a municipality's name shows all of its areas
    expect(status).to_have_text("25 områden matchar")
    assert sorted(visible_area_names(phone)) == sorted(area_names_matching(areas, "uppsala"))

    search.fill("qzx")
    expect(status).to_have_text("Inga områden matchar")
    assert visible_area_names(phone) == []

    search.fill("")  # cleared: back to the folded list
    expect(phone.locator("details.area-fold[open]")).to_have_count(0)
    expect(phone.locator("details.area-fold:visible")).to_have_count(12)
    search.press("Enter")  # Enter in the search box does not send the form
    expect(phone.get_by_role("alert")).to_have_count(0)


def test_choose_all_in_uppsala_shows_chips_and_reaches_vitec(phone, site, sandbox, areas):
    uppsala = area_ids_in(areas, "Uppsala")
    phone.goto(site + "/")
    group_summary(phone, "Uppsala").click()
    phone.get_by_role("button", name="Välj alla i Uppsala").click()
    assert sorted(ticked_area_ids(phone)) == sorted(uppsala)
    expect(chips(phone)).to_have_count(25)
    names = ticked_area_names(phone)
    assert chip_names(phone) == names
    expect(group_summary(phone, "Uppsala")).to_contain_text("25 valda")

    # Removing a chip unticks its area and leaves focus on the next chip.
    removed = names[3]
    chip = phone.get_by_role("button", name=f"Ta bort {removed}")
    chip.focus()
    chip.press("Enter")
    expect(phone.get_by_role("button", name=f"Ta bort {names[4]}")).to_be_focused()
    expect(phone.get_by_label(removed, exact=True)).not_to_be_checked()
    assert chip_names(phone) == ticked_area_names(phone)
    expect(group_summary(phone, "Uppsala")).to_contain_text("24 valda")
    chosen = ticked_area_ids(phone)
    assert len(chosen) == 24 and set(chosen) < set(uppsala)

    fill_in_a_buyer(phone)
    phone.get_by_role("button", name="Skicka intresseanmälan").click()
    expect(phone.get_by_role("heading", name="Tack för din intresseanmälan!")).to_be_visible()
    (received,) = wait_for_deliveries(sandbox, 1)
    wish = received["payload"]["lookingForAccommodations"][0]
    assert sorted(wish["areaIds"]) == sorted(chosen)


def test_removing_the_last_chip_leaves_focus_in_the_search_box(phone, site):
    phone.goto(site + "/")
    search = phone.get_by_role("searchbox", name="Sök område")
    search.fill("luth")
    phone.get_by_label("Luthagen").check()
    expect(chips(phone)).to_have_count(1)
    expect(phone.get_by_role("button", name="Ta bort Luthagen")).to_be_visible()
    chips(phone).first.press("Enter")
    expect(chips(phone)).to_have_count(0)
    expect(search).to_be_focused()
    expect(phone.get_by_label("Luthagen")).not_to_be_checked()


def test_without_javascript_the_same_registration_works(browser, site, sandbox, areas):
    uppsala = area_ids_in(areas, "Uppsala")
    context = phone_context(browser, java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/")
    expect(page.get_by_role("searchbox")).to_have_count(0)
    group_summary(page, "Uppsala").click()  # <details> folds and opens without a script
    for area_id in uppsala:
        page.locator(f"#areas-{area_id}").check()
    fill_in_a_buyer(page)
    page.get_by_role("button", name="Skicka intresseanmälan").click()
    expect(page.get_by_role("heading", name="Tack för din intresseanmälan!")).to_be_visible()
    (received,) = wait_for_deliveries(sandbox, 1)
    assert sorted(received["payload"]["lookingForAccommodations"][0]["areaIds"]) == sorted(uppsala)
    context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_300_areas_fold_to_at_most_three_screens_at_320_px(browser, site, javascript):
    context = phone_context(browser, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(site + "/")
    expect(page.locator("details.area-fold")).to_have_count(12)
    expect(page.locator("details.area-fold[open]")).to_have_count(0)
    block = page.locator("fieldset.areas").bounding_box()
    assert block["height"] <= 3 * HEIGHT, f"areas block {block['height']} px at {HEIGHT} px"
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    context.close()


def test_no_axe_violations_folded_searched_with_chips_and_with_errors(phone, site):
    phone.goto(site + "/")
    expect(phone.get_by_role("searchbox", name="Sök område")).to_be_visible()
    assert_no_axe_violations(phone, "folded")

    phone.get_by_role("searchbox", name="Sök område").fill("berg")
    expect(phone.locator("#omradessok-antal")).to_contain_text("matchar")
    assert_no_axe_violations(phone, "searched")

    phone.get_by_role("searchbox", name="Sök område").fill("")
    group_summary(phone, "Uppsala").click()
    phone.get_by_role("button", name="Välj alla i Uppsala").click()
    expect(chips(phone)).to_have_count(25)
    assert_no_axe_violations(phone, "with chips")

    phone.get_by_role("button", name="Skicka intresseanmälan").click()
    expect(phone.get_by_role("alert")).to_be_focused()
    expect(chips(phone)).to_have_count(25)  # the ticks survive the round trip
    assert_no_axe_violations(phone, "with errors")


def test_the_areas_error_link_opens_the_folded_group(phone, site):
    phone.goto(site + "/")
    phone.get_by_role("button", name="Skicka intresseanmälan").click()
    summary = phone.get_by_role("alert")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name=re.compile("^Områden")).click()
    first_box = phone.locator(AREA_BOXES).first
    expect(first_box).to_be_focused()
    expect(first_box).to_be_visible()


def test_choose_all_while_searching_acts_on_the_areas_shown_and_says_so(phone, site, areas):
    phone.goto(site + "/")
    search = phone.get_by_role("searchbox", name="Sök område")
    search.fill("ster")  # three of Stockholm's 25 areas
    status = phone.locator("#omradessok-antal")
    stockholm = phone.locator("details.area-fold", has=group_summary(phone, "Stockholm"))
    expect(stockholm.locator(".area-fold__all")).to_have_text("Välj de 3 som visas i Stockholm")

    stockholm.get_by_role("button", name="Välj de 3 som visas i Stockholm").click()
    assert sorted(ticked_area_names(phone)) == ["Västerdal", "Österdal", "Östermalm"]
    expect(status).to_have_text("3 områden valda i Stockholm")
    expect(stockholm.locator(".area-fold__all")).to_have_text(
        "Avmarkera de 3 som visas i Stockholm"
    )

    search.fill("luth")  # one shown
    uppsala = phone.locator("details.area-fold", has=group_summary(phone, "Uppsala"))
    uppsala.get_by_role("button", name="Välj området som visas i Uppsala").click()
    expect(status).to_have_text("1 område valt i Uppsala")
    assert ticked_area_names(phone).count("Luthagen") == 1

    search.fill("")  # no search: the button is about the whole municipality again
    expect(stockholm.locator(".area-fold__all")).to_have_text("Välj alla i Stockholm")
    group_summary(phone, "Stockholm").click()  # folded again, as before the search
    stockholm.locator(".area-fold__all").click()
    assert len(ticked_area_ids(phone)) == 26
    expect(stockholm.locator(".area-fold__all")).to_have_text("Avmarkera alla i Stockholm")
