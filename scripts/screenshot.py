"""Take the README's screenshots of the form and the staff desk (sandbox mode, Debian's
Chromium)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import requests
from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from app.delivery import migrate  # noqa: E402
from app.staff import accounts  # noqa: E402
from app.vitec.client import SEND_INTEREST_PATH  # noqa: E402
from tests.browser import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402
from tests.conftest import hidden_fields, valid_answers  # noqa: E402

DESK_EMAIL, DESK_PASSWORD = "anna@maklarbyran.se", "ett-långt-lösenord-77"
# Made-up people for the desk's picture.
PEOPLE = (
    ("Åsa", "Öberg", "asa.oberg@example.se", "070-123 45 67"),
    ("Lars", "Öberg", "lars.oberg@example.se", "073-555 12 34"),
    ("Fatima", "Haddad", "fatima.h@example.se", "076-222 33 44"),
    ("Per-Olof", "Nilsson", "", "08-765 43 21"),
    ("Johanna", "Berg", "johanna.berg@example.se", ""),
)


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
    desk_screenshot()


def desk_screenshot() -> None:
    """The staff desk at 1280 px after a search for a surname (docs/leveranser.png)."""
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "TESTING": True,
                "VITEC_SANDBOX": True,
                "DATABASE_URL": f"sqlite:///{folder}/desk.db",
                "FORM_MIN_SECONDS": 0,
            }
        )
        services = app.extensions["delivery"]
        migrate.upgrade(services.engine)
        accounts.add(services.engine, DESK_EMAIL, DESK_PASSWORD)
        buyer = app.test_client()
        for number, (first, last, email, phone) in enumerate(PEOPLE):
            if number == 1:  # one refused, to show Vitec's answer in the form's words
                sandbox_url = app.extensions["sandbox"].start()
                refusal = {
                    "Message": "The request is invalid.",
                    "ModelState": {
                        "interest.UpdatePerson.Email.EmailAddress": [
                            "The EmailAddress field is not a valid e-mail address."
                        ]
                    },
                }
                fault = {"status": 400, "path": SEND_INTEREST_PATH, "body": refusal}
                requests.post(sandbox_url + "/_sandbox/faults", json=fault, timeout=5)
            fields = hidden_fields(buyer.get("/").get_data(as_text=True))
            answers = valid_answers(first_name=first, last_name=last, email=email)
            answers["cell_phone"] = phone or None
            buyer.post("/", data={**fields, **{k: v for k, v in answers.items() if v}})
            services.worker().drain()
        with serve(app) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800}, device_scale_factor=1)
            page.goto(url + "/staff/login")
            page.get_by_label("E-post").fill(DESK_EMAIL)
            page.get_by_label("Lösenord").fill(DESK_PASSWORD)
            page.get_by_role("button", name="Logga in").click()
            page.get_by_label("Sök person").fill("öberg")
            page.get_by_role("button", name="Sök").click()
            expect(page.get_by_role("link", name="Lars Öberg")).to_be_visible()
            page.screenshot(path=str(ROOT / "docs" / "leveranser.png"), full_page=True)
            browser.close()


if __name__ == "__main__":
    main()
