"""Take the README's screenshots of the form (sandbox mode, Debian's Chromium)."""

from __future__ import annotations

import base64
import sys
from pathlib import Path

import requests
from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from app.config import SANDBOX_CUSTOMER_ID  # noqa: E402
from app.services import SANDBOX_MOUNT  # noqa: E402
from tests.browser import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402
from tests.many_areas import many_areas  # noqa: E402


def main() -> None:
    app = create_app({"TESTING": True, "VITEC_SANDBOX": True})
    with serve(app) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1)
        page.goto(url + "/")
        phone_with_many_areas(browser)
        page.get_by_role("button", name="Skicka intresseanmälan").click()
        page.screenshot(path=str(ROOT / "docs" / "formular-fel.png"))
        desktop = browser.new_page(viewport={"width": 1100, "height": 900})
        desktop.goto(url + "/")
        desktop.screenshot(path=str(ROOT / "docs" / "formular.png"), full_page=False)
        browser.close()


def phone_with_many_areas(browser) -> None:
    """docs/formular-mobil.png: a large broker's 300 areas on a 390 px phone, side by side
    folded and searched (with one area chosen)."""
    app = create_app({"TESTING": True, "VITEC_SANDBOX": True})
    with serve(app) as url:
        # Before the app's first request: it caches the areas.
        control = f"{url}{SANDBOX_MOUNT}/_sandbox/areas/{SANDBOX_CUSTOMER_ID}"
        requests.put(control, json=many_areas(), timeout=5).raise_for_status()
        page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1)
        page.goto(url + "/")
        heading = page.get_by_role("heading", name="Var vill du bo?")
        page.evaluate("element => element.scrollIntoView()", heading.element_handle())
        folded = page.screenshot()
        search = page.get_by_role("searchbox", name="Sök område")
        search.fill("berg")
        page.get_by_label("Bergshamra").check()
        expect(page.locator("#omradessok-antal")).to_contain_text("matchar")
        page.evaluate("element => element.scrollIntoView()", heading.element_handle())
        searched = page.screenshot()
        page.close()
    pictures = "".join(
        f'<img alt="" src="data:image/png;base64,{base64.b64encode(png).decode()}">'
        for png in (folded, searched)
    )
    sheet = browser.new_page(viewport={"width": 2 * 390 + 3 * 16, "height": 844 + 2 * 16})
    sheet.set_content(
        "<body style='margin:0;padding:16px;display:flex;gap:16px;background:#d9dedc'>"
        f"{pictures}</body>"
    )
    sheet.screenshot(path=str(ROOT / "docs" / "formular-mobil.png"))
    sheet.close()


if __name__ == "__main__":
    main()
