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


def statistics_screenshots() -> None:
    """Efterfrågan at 1280 px and on a 390 px phone, on a year of synthetic figures."""
    import tempfile
    from datetime import UTC, datetime

    from app.delivery import migrate
    from app.intake.submit import STOCKHOLM
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
