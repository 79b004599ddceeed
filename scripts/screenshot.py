"""Take the screenshots of the form and the staff desk for the README and docs/ (sandbox mode,
Debian's Chromium)."""

from __future__ import annotations

import base64
import sys
import tempfile
from pathlib import Path

import requests
from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from app.core import migrate  # noqa: E402
from app.settings.loading import SANDBOX_CUSTOMER_ID  # noqa: E402
from app.staff import accounts  # noqa: E402
from app.vitec.client import SEND_INTEREST_PATH  # noqa: E402
from app.wiring.services import SANDBOX_MOUNT  # noqa: E402
from tests.browser import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402
from tests.conftest import hidden_fields, valid_answers  # noqa: E402
from tests.many_areas import many_areas  # noqa: E402

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
        phone_with_many_areas(browser)
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


def statistics_screenshots() -> None:
    """Efterfrågan at 1280 px and on a 390 px phone, on a year of synthetic figures."""
    import tempfile
    from datetime import UTC, datetime

    from app.core import migrate
    from app.core.clock import STOCKHOLM
    from app.staff import accounts
    from bench.demand import STOCKHOLM_AREAS, registrations, seed_counters, seed_outbox

    email, password = "demo@maklarbyran.se", "visning-på-söndag-42"
    with tempfile.TemporaryDirectory() as folder:
        config = {"TESTING": True, "VITEC_SANDBOX": True, "SESSION_COOKIE_SECURE": False}
        app = create_app({**config, "DATABASE_URL": f"sqlite:///{folder}/statistik.db"})
        engine = app.extensions["delivery"].engine
        migrate.upgrade(engine)
        accounts.add(engine, email, password)
        today = datetime.now(UTC).astimezone(STOCKHOLM).date()
        seed_counters(engine, registrations(1500, {"M12345": STOCKHOLM_AREAS}, today, days=84))
        seed_outbox(engine, 1500, "M12345", today)
        with serve(app) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for width, height, name in (
                (1280, 1500, "statistik.png"),
                (390, 1700, "statistik-mobil.png"),
            ):
                page = browser.new_page(viewport={"width": width, "height": height}, locale="sv-SE")
                page.goto(url + "/staff/login")
                page.get_by_label("E-post").fill(email)
                page.get_by_label("Lösenord").fill(password)
                page.get_by_role("button", name="Logga in").click()
                page.goto(url + "/staff/statistik")
                page.screenshot(path=str(ROOT / "docs" / name))
            browser.close()


if __name__ == "__main__":
    if sys.argv[1:] != ["statistik"]:
        main()
    statistics_screenshots()
