"""The focus indicator stands out (3:1 or more) against every background it meets, whatever
the embed's accent colour, and buttons keep a border in forced-colours mode (Chromium)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser import serve
from tests.conftest import make_app

pytestmark = pytest.mark.browser

# The focused element's ring (outline outside, box-shadow inside), its own background and the
# first opaque background behind it (the canvas is white).
RING = """element => {
  const style = getComputedStyle(element);
  let behind = "rgb(255, 255, 255)";
  for (let node = element.parentElement; node; node = node.parentElement) {
    const colour = getComputedStyle(node).backgroundColor;
    if (!/rgba\\(.*, 0\\)$/.test(colour) && colour !== "transparent") { behind = colour; break; }
  }
  return {
    outer: style.outlineColor, width: parseFloat(style.outlineWidth), line: style.outlineStyle,
    shadow: style.boxShadow, own: style.backgroundColor, behind: behind,
  };
}"""


def rgb(css: str) -> tuple[float, float, float, float]:
    """(r, g, b, alpha) of a computed CSS colour."""
    numbers = [float(n) for n in re.findall(r"[\d.]+", css)]
    return (*numbers[:3], numbers[3] if len(numbers) > 3 else 1.0)


def css_rgb(hex_colour: str) -> str:
    """#0b5c4d or #000 as the browser computes it: rgb(11, 92, 77)."""
    digits = hex_colour[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "rgb({}, {}, {})".format(*(int(digits[i : i + 2], 16) for i in (0, 2, 4)))


def over(colour: str, background: str) -> str:
    """A colour with alpha as seen over an opaque background."""
    *top, alpha = rgb(colour)
    bottom = rgb(background)[:3]
    mixed = (alpha * t + (1 - alpha) * b for t, b in zip(top, bottom, strict=True))
    return "rgb({:.0f}, {:.0f}, {:.0f})".format(*mixed)


def luminance(colour: tuple[float, ...]) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in colour[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two opaque CSS colours."""
    high, low = sorted((luminance(rgb(a)), luminance(rgb(b))), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_matches_wcag():
    assert contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21)
    assert contrast("rgb(255, 191, 71)", "rgb(255, 255, 255)") == pytest.approx(1.6, abs=0.05)


def focus_ring(locator) -> dict:
    """The ring of the element focused as from the keyboard (:focus-visible): a Tab first, so
    that the browser takes the focus that follows as the keyboard's, not a mouse click's."""
    locator.page.keyboard.press("Tab")
    locator.focus()
    ring = locator.evaluate(RING)
    shadow = re.match(r"(rgba?\([^)]*\))", ring["shadow"])
    ring["inner"] = shadow.group(1) if shadow else None
    return ring


def assert_ring_stands_out(ring: dict, where: str) -> None:
    assert ring["line"] == "solid" and ring["width"] >= 2, where
    # The outer ring against the background around the element.
    assert rgb(ring["outer"])[3] == 1, where
    assert contrast(ring["outer"], ring["behind"]) >= 3, f"{where}: {ring}"
    assert ring["inner"] and rgb(ring["inner"])[3] == 1, f"{where}: no inner ring"
    # Against the element itself (an accent button): the inner ring, or where that merges with
    # a light accent, the outer ring beside it.
    if rgb(ring["own"])[3] == 1:
        best = max(contrast(ring["inner"], ring["own"]), contrast(ring["outer"], ring["own"]))
        assert best >= 3, f"{where}: {ring}"
    assert contrast(ring["outer"], ring["inner"]) >= 3, f"{where}: the two rings merge"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="sv-SE")
    yield context.new_page()
    context.close()


def test_the_focus_ring_stands_out_on_white_the_soft_grey_and_the_accent(page, sandbox, app):
    with serve(app) as url:
        page.goto(url + "/")
        page.get_by_label("Södermalm").check()
        chip = page.get_by_role("button", name="Ta bort Södermalm")
        checks = {
            "send button (accent, on white)": page.get_by_role("button", name="Skicka"),
            "text field (on white)": page.get_by_label("Förnamn"),
            "checkbox (on white)": page.get_by_label("Villa"),
            "chip (on the soft grey)": chip,
            "Välj alla (on white)": page.get_by_role("button", name="Välj alla i Nacka"),
            "a link (on white)": page.get_by_role("link", name="Läs integritetspolicyn"),
        }
        rings = {where: focus_ring(locator) for where, locator in checks.items()}
    assert rings["chip (on the soft grey)"]["behind"] == "rgb(243, 245, 244)"
    assert rings["send button (accent, on white)"]["own"] == "rgb(11, 92, 77)"
    for where, ring in rings.items():
        assert_ring_stands_out(ring, where)


@pytest.mark.parametrize("accent", ["#0b5c4d", "#ffbf47", "#767676", "#d4351c", "#1d70b8", "#000"])
def test_the_focus_ring_stands_out_whatever_the_embed_accent(page, sandbox, database_url, accent):
    app = make_app(sandbox.url, database_url, EMBED_ACCENT_COLOR=accent)
    with serve(app) as url:
        page.goto(url + "/embed")
        button = page.get_by_role("button", name="Skicka intresseanmälan")
        ring = focus_ring(button)
    assert ring["own"] == css_rgb(accent)
    assert_ring_stands_out(ring, f"embed send button, accent {accent}")


def test_forced_colours_keep_a_border_on_buttons_and_a_focus_ring(page, app):
    page.emulate_media(forced_colors="active")
    with serve(app) as url:
        page.goto(url + "/")
        assert page.evaluate("matchMedia('(forced-colors: active)').matches")
        page.get_by_label("Södermalm").check()
        buttons = [
            page.get_by_role("button", name="Skicka intresseanmälan"),
            page.get_by_role("button", name="Ta bort Södermalm"),
            page.get_by_role("button", name="Välj alla i Nacka"),
        ]
        for button in buttons:
            expect(button).to_be_visible()
            border = button.evaluate(
                "b => { const s = getComputedStyle(b);"
                " return [parseFloat(s.borderTopWidth), s.borderTopStyle, s.borderTopColor]; }"
            )
            width, line, colour = border
            assert width > 0 and line != "none", border
            assert rgb(colour)[3] == 1, border  # not transparent
            # Box shadows are dropped here; the outline alone (Highlight) must show.
            ring = focus_ring(button)
            assert ring["line"] == "solid" and ring["width"] >= 2, ring
            assert contrast(over(ring["outer"], ring["behind"]), ring["behind"]) >= 3, ring


# The focused element's outline as drawn: its style, and whether it shows at all.
OUTLINE = """() => {
  const style = getComputedStyle(document.activeElement);
  return {tag: document.activeElement.tagName, line: style.outlineStyle,
          width: parseFloat(style.outlineWidth)};
}"""


def test_a_mouse_click_draws_no_ring_and_the_keyboard_does(page, app):
    """:focus-visible: a click on a button or a checkbox draws no black box, Tab does."""
    with serve(app) as url:
        page.goto(url + "/")
        page.get_by_role("button", name="Välj alla i Nacka").click()
        clicked = page.evaluate(OUTLINE)
        assert clicked["tag"] == "BUTTON" and clicked["line"] == "none", clicked
        page.get_by_label("Villa").click()
        clicked = page.evaluate(OUTLINE)
        assert clicked["tag"] == "INPUT" and clicked["line"] == "none", clicked
        page.keyboard.press("Tab")
        tabbed = page.evaluate(OUTLINE)
        assert tabbed["line"] == "solid" and tabbed["width"] >= 3, tabbed


# Every element the keyboard reaches, focused in turn (after a key press, so that the ring is
# drawn as for the keyboard): where its ring (outline and offset) would reach beyond the
# document's left or right edge, the frame's edge when embedded.
RINGS_OUTSIDE = """() => {
  const width = document.documentElement.clientWidth;
  const focusable = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
  const outside = [];
  for (const element of document.querySelectorAll(focusable)) {
    if (element.tabIndex < 0 || !element.getClientRects().length) continue;
    element.focus();
    const style = getComputedStyle(element);
    const reach = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth);
    const box = element.getBoundingClientRect();
    if (box.left - reach < 0 || box.right + reach > width) {
      const name = element.id || element.textContent.trim().slice(0, 20);
      outside.push(`${element.tagName} ${name}: ${box.left - reach}..${box.right + reach}`);
    }
  }
  return outside;
}"""


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_no_focus_ring_is_cut_off_at_the_frames_edges(page, app, width):
    """The embed fills its iframe edge to edge: each ring must fit inside the frame."""
    page.set_viewport_size({"width": width, "height": 900})
    with serve(app) as url:
        page.goto(url + "/embed")
        page.get_by_label("Södermalm").check()  # the chips too
        page.keyboard.press("Tab")  # the rings as the keyboard shows them
        assert page.evaluate(RINGS_OUTSIDE) == []
