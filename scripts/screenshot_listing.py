"""Take the README's screenshot of the form for one home for sale (sandbox mode, Debian's
Chromium): docs/bostad.png."""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from tests.browser import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

LISTING = "/bostad/OBJ-STH-102"  # the sandbox's flat with viewings and a booking link


def main() -> None:
    """Serve the app in sandbox mode and photograph the listing's page on a desktop."""
    app = create_app({"TESTING": True, "VITEC_SANDBOX": True})
    with serve(app) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900}, device_scale_factor=1)
        page.goto(url + LISTING)
        page.get_by_role("heading", name="Visningar").wait_for()
        page.screenshot(path=str(ROOT / "docs" / "bostad.png"), full_page=False)
        browser.close()


if __name__ == "__main__":
    main()
