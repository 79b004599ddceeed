"""The buyer's form as it lines up (Chromium): Postnummer beside Ort on a phone, and the
ranges' inputs ending at one edge whatever their unit (kr, m², rum)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from app.staff import accounts
from tests.browser import serve
from tests.conftest import make_app
from tests.insight_pages import STAFF_EMAIL, STAFF_PASSWORD
from tests.polling import wait_until

pytestmark = pytest.mark.browser

# The right edge of each range's "från" and "till" input, by field name.
RANGE_EDGES = """() => Object.fromEntries(
  [...document.querySelectorAll('fieldset.range input')].map(
    input => [input.name, input.getBoundingClientRect().right]))"""


@pytest.fixture
def site(sandbox, database_url):
    with serve(make_app(sandbox.url, database_url)) as url:
        yield url


@pytest.mark.parametrize("path", ["/", "/embed"])
def test_postnummer_and_ort_share_a_line_on_a_390_px_phone(browser, site, path):
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="sv-SE")
    page.goto(site + path)
    zip_code = page.get_by_label("Postnummer").bounding_box()
    city = page.get_by_label("Ort").bounding_box()
    assert zip_code["y"] == city["y"], (zip_code, city)
    assert zip_code["x"] + zip_code["width"] < city["x"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.close()


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_the_range_inputs_end_at_one_edge_whatever_the_unit(browser, site, width):
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="sv-SE")
    page.goto(site + "/")
    edges = page.evaluate(RANGE_EDGES)
    lows = {name: edge for name, edge in edges.items() if name.endswith("_min")}
    highs = {name: edge for name, edge in edges.items() if name.endswith("_max")}
    assert len(lows) == len(highs) >= 3, edges  # price, rooms, living space
    for column in (lows, highs):
        assert max(column.values()) - min(column.values()) < 0.5, column
    page.close()


def test_the_contact_rule_is_said_once_when_its_error_shows(browser, site):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    page.goto(site + "/")
    group = page.locator(".contact-group")
    expect(group.locator("p:visible")).to_have_text(
        ["Fyll i minst ett av dessa tre: e-post, mobiltelefon eller hemtelefon."]
    )
    page.get_by_role("button", name="Skicka intresseanmälan").click()
    expect(page.get_by_role("alert")).to_be_focused()
    expect(group.locator("p:visible")).to_have_text(
        ["Fel: Fyll i e-post, mobiltelefon eller hemtelefon så att mäklaren kan nå dig."]
    )
    expect(page.get_by_label("E-post")).to_have_accessible_description(
        "Fel: Fyll i e-post, mobiltelefon eller hemtelefon så att mäklaren kan nå dig."
    )
    page.close()


# The left edges of the header's name (the logo's place) and of the form's heading and fields.
LEFT_EDGES = """() => ({
  logo: document.querySelector('.site-name').getBoundingClientRect().left,
  heading: document.querySelector('main h1').getBoundingClientRect().left,
  form: document.querySelector('form.interest-form').getBoundingClientRect().left,
})"""


@pytest.mark.parametrize("width", [1280, 390])
def test_the_header_logo_lines_up_with_the_form(browser, site, width):
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="sv-SE")
    page.goto(site + "/")
    edges = page.evaluate(LEFT_EDGES)
    assert abs(edges["logo"] - edges["form"]) < 0.5, edges
    assert abs(edges["heading"] - edges["form"]) < 0.5, edges
    page.close()


# The layout shift the page has had since it began (the CLS sum; shifts right after input do
# not count), read from Chromium's buffered 'layout-shift' entries.
LAYOUT_SHIFT = """() => {
  let total = 0;
  const sources = [];
  const observer = new PerformanceObserver(() => {});
  observer.observe({type: 'layout-shift', buffered: true});
  for (const entry of observer.takeRecords()) {
    if (entry.hadRecentInput) continue;
    total += entry.value;
    for (const source of entry.sources || []) {
      if (source.node) sources.push(source.node.className || source.node.nodeName);
    }
  }
  observer.disconnect();
  return {total, sources};
}"""


@pytest.mark.parametrize("width", [420, 1280])
def test_the_embed_barely_shifts_as_the_area_search_and_chips_arrive(browser, site, width):
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="sv-SE")
    # The worst case, a slow network: areas.js arrives only after the form has been painted.
    held = []
    page.route("**/static/areas.js*", lambda route: held.append(route))
    page.goto(site + "/embed", wait_until="commit")
    painted = "performance.getEntriesByName('first-contentful-paint').length > 0"
    wait_until(lambda: page.evaluate(painted) and held, 10, "a painted form, areas.js held")
    held[0].continue_()
    expect(page.locator(".area-tools.is-live")).to_be_visible()  # areas.js has run
    expect(page.locator(".area-chosen__title")).to_have_text("Inga områden valda ännu")
    page.wait_for_load_state("load")
    shift = page.evaluate(LAYOUT_SHIFT)
    assert shift["total"] < 0.02, shift
    page.close()


def painted_after(page, held: list) -> bool:
    """Whether the document that asked for areas.js (held) has painted: the one a post made."""
    asked = bool(held)  # by an earlier call: Playwright hands requests over only during one
    try:
        painted = page.evaluate("performance.getEntriesByName('first-contentful-paint').length")
    except PlaywrightError:  # the old document going while the new one comes
        return False
    return asked and painted > 0


@pytest.mark.parametrize("width", [1280, 420])
def test_the_form_barely_shifts_when_it_comes_back_with_errors_and_areas_ticked(
    browser, site, width
):
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="sv-SE")
    page.goto(site + "/")
    for area in ("Södermalm", "Hammarby sjöstad", "Råsunda"):
        page.get_by_label(area, exact=True).check()
    # The page the post brings back, its areas.js again late: after the form has been painted.
    held = []
    page.route("**/static/areas.js*", lambda route: held.append(route))
    page.get_by_role("button", name="Skicka intresseanmälan").click()
    wait_until(lambda: painted_after(page, held), 10, "the posted form painted, areas.js held")
    # The person has scrolled down to the areas (a scroll is no shift) when the script arrives.
    page.locator("[data-areas]").evaluate("block => block.scrollIntoView()")
    held[0].continue_()
    expect(page.locator(".area-tools.is-live")).to_be_visible()  # areas.js has run
    expect(page.locator(".area-chosen__title")).to_have_text("Valda områden (3)")
    expect(page.locator(".chip")).to_have_count(3)
    page.wait_for_load_state("load")
    shift = page.evaluate(LAYOUT_SHIFT)
    assert shift["total"] < 0.02, shift
    page.close()


def test_without_javascript_no_room_is_kept_for_the_area_search(browser, site):
    context = browser.new_context(viewport={"width": 420, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/embed")
    heights = page.locator(".area-tools, .area-fold__tools").evaluate_all(
        "places => places.map(p => p.getBoundingClientRect().height)"
    )
    assert len(heights) >= 2 and set(heights) == {0}, heights
    context.close()


def test_when_areas_js_never_arrives_no_dead_search_or_chips_show(browser, site):
    # Scripting is on, so room is kept for the search and the chips, but they do nothing until
    # areas.js runs: a person must not meet a search box or a "Ta bort" that never answers.
    page = browser.new_page(viewport={"width": 420, "height": 900}, locale="sv-SE")
    page.route("**/static/areas.js*", lambda route: route.abort())
    page.goto(site + "/embed")
    page.wait_for_load_state("load")
    expect(page.get_by_role("searchbox", name="Sök område")).to_be_hidden()
    expect(page.locator(".area-chosen__title")).to_be_hidden()
    # The grouped checkboxes still work as they are.
    expect(page.locator("[data-areas] input[type=checkbox]").first).to_be_visible()
    page.close()


@pytest.mark.parametrize("path", ["/staff/", "/staff/statistik"])
def test_the_header_lines_up_with_the_staff_pages_too(browser, sandbox, database_url, path):
    app = make_app(sandbox.url, database_url)
    accounts.add(app.extensions["delivery"].engine, STAFF_EMAIL, STAFF_PASSWORD)
    with serve(app) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="sv-SE")
        page.goto(url + "/staff/login")
        page.get_by_label("E-post").fill(STAFF_EMAIL)
        page.get_by_label("Lösenord").fill(STAFF_PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        expect(page.get_by_role("heading", name="Inkomna anmälningar")).to_be_visible()
        page.goto(url + path)
        edges = page.evaluate(
            """() => ({
              logo: document.querySelector('.site-name').getBoundingClientRect().left,
              heading: document.querySelector('main h1').getBoundingClientRect().left,
            })"""
        )
        assert abs(edges["logo"] - edges["heading"]) < 0.5, edges
        page.close()
