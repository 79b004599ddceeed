"""Take the README's screenshots of the form (sandbox mode, Debian's Chromium)."""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from tests.browser import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402


def main() -> None:
    app = create_app({"TESTING": True, "VITEC_SANDBOX": True})
    with serve(app) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1)
        page.goto(url + "/")
        page.screenshot(path=str(ROOT / "docs" / "formular-mobil.png"), full_page=True)
        page.get_by_role("button", name="Skicka intresseanmälan").click()
        page.screenshot(path=str(ROOT / "docs" / "formular-fel.png"))
        desktop = browser.new_page(viewport={"width": 1100, "height": 900})
        desktop.goto(url + "/")
        desktop.screenshot(path=str(ROOT / "docs" / "formular.png"), full_page=False)
        browser.close()


if __name__ == "__main__":
    main()
