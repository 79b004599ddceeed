"""Take the screenshot of the buyer's receipt in docs/mail.md (docs/kvitto.png): a registration
made in sandbox mode, its receipt caught by the sandbox's mail server, the HTML part in
Chromium."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from app.core import migrate  # noqa: E402
from tests.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.conftest import submit, valid_answers  # noqa: E402


def receipt_html() -> str:
    """Register as a buyer would and return the HTML part of the receipt that arrived."""
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "TESTING": True,
                "VITEC_SANDBOX": True,
                "DATABASE_URL": f"sqlite:///{folder}/kvitto.db",
                "FORM_MIN_SECONDS": 0,
                "PUBLIC_URL": "https://intresse.maklarbyran.se",
                "BROKER_ADDRESS": "Götgatan 14, 118 46 Stockholm",
                "BROKER_CONTACT": "08-555 123 45, info@maklarbyran.se",
                "MAIL_REPLY_TO": "info@maklarbyran.se",
            }
        )
        migrate.upgrade(app.extensions["delivery"].engine)
        answers = valid_answers(
            wish_advertising="y", present_estate_type="HousingCooperative", present_rooms="2"
        )
        submit(app.test_client(), "/", data=answers)
        app.extensions["mail"].sender().drain()
        mailbox = app.extensions["sandbox"].app.config["SANDBOX_MAILBOX"]
        html = mailbox.received()[0].part("html")
        mailbox.stop()
        app.extensions["sandbox"].stop()
        return html


def main() -> None:
    html = receipt_html()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 800}, device_scale_factor=1)
        page.set_content(html)
        page.screenshot(path=str(ROOT / "docs" / "kvitto.png"), full_page=True)
        browser.close()


if __name__ == "__main__":
    main()
