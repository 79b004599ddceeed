"""Layout a person sees (Chromium): /inbaddning's tables break lines only between words, from a
desktop down to a 320 px phone, without widening the page; the thank-you page keeps clear
space between its focused panel and the heading under it."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser import fill_in_a_buyer, serve
from tests.conftest import make_app

pytestmark = pytest.mark.browser

# Every place inside `root` where a line ends between two visible characters of one cell: a
# word (or a code such as data-forskjutning) broken in two, shown as "Attribu|t".
BROKEN_WORDS = """root => {
  const broken = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let previous = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const cell = node.parentElement.closest("td, th");
    if (previous && previous.cell !== cell) previous = null;
    for (let i = 0; i < node.data.length; i++) {
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      const char = node.data[i];
      if (!rect) {  // a blank collapsed at the end of a line: a break between words
        if (previous) previous.char = char;
        continue;
      }
      const between = /\\s/.test(char) || /\\s/.test(previous ? previous.char : " ");
      if (previous && rect.top > previous.top + 1 && !between) {
        broken.push(previous.before + "|" + node.data.slice(i, i + 12));
      }
      previous = {top: rect.top, char: char, cell: cell,
                  before: node.data.slice(Math.max(0, i - 11), i + 1)};
    }
  }
  return broken;
}"""


@pytest.fixture
def site(sandbox, database_url):
    with serve(make_app(sandbox.url, database_url)) as url:
        yield url


@pytest.mark.parametrize("width", [1280, 390, 320])
def test_the_guides_tables_break_lines_only_between_words(browser, site, width):
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="sv-SE")
    page.goto(site + "/inbaddning")
    tables = page.locator("table.options")
    assert tables.count() == 3
    for table in tables.all():
        assert table.evaluate(BROKEN_WORDS) == [], table.locator("th").first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # the page stays put
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.close()


def test_the_thank_you_heading_has_room_under_the_focused_panel(browser, site):
    page = browser.new_page(viewport={"width": 390, "height": 800}, locale="sv-SE")
    page.goto(site + "/")
    fill_in_a_buyer(page, areas=("Södermalm",))
    page.get_by_role("button", name="Skicka intresseanmälan").click()
    panel = page.locator("#tack")
    expect(panel).to_be_focused()
    heading = page.get_by_role("heading", name="Det här registrerade vi")
    ring_bottom = panel.evaluate(
        """panel => {
          const style = getComputedStyle(panel);
          return panel.getBoundingClientRect().bottom
            + parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth);
        }"""
    )
    clear = heading.bounding_box()["y"] - ring_bottom
    assert clear >= 16, f"{clear:.1f} px between the focus ring and the heading"
    page.close()
