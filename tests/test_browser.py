"""What a person sees, in Debian's Chromium driven by Playwright."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from app import outbox
from tests.browser import serve
from tests.clock import FakeClock
from tests.conftest import make_app
from tests.polling import wait_until

pytestmark = pytest.mark.browser


@pytest.fixture
def site(sandbox, database_url):
    """The service on a loopback port, delivering in-process; its URL."""
    # A worker runs inside the served process, as in `make run`.
    app = make_app(sandbox.url, database_url, WTF_CSRF_ENABLED=True, DELIVERY_POLL_SECONDS=0.05)
    app.extensions["delivery"].start_in_process()
    with serve(app) as url:
        yield url
    app.extensions["delivery"].stop.set()


def wait_for_deliveries(sandbox, count: int) -> list[dict]:
    """What the sandbox received, once `count` registrations have arrived."""
    wait_until(lambda: len(sandbox.state.received) >= count, what=f"{count} deliveries")
    return sandbox.received()


@pytest.fixture
def phone(browser):
    """A page in a 320 px wide Swedish phone browser."""
    context = browser.new_context(
        viewport={"width": 320, "height": 640}, locale="sv-SE", is_mobile=True, has_touch=True
    )
    yield context.new_page()
    context.close()


def fill_valid(page):
    """Fill in the form as a careful buyer would."""
    page.get_by_label("Förnamn").fill("Åsa")
    page.get_by_label("Efternamn").fill("Öberg")
    page.get_by_label("E-post").fill("asa.oberg@example.se")
    page.get_by_label("Mobiltelefon").fill("0701234567")
    page.get_by_label("Södermalm").check()
    page.get_by_label("Råsunda").check()
    page.get_by_label("Bostadsrätt", exact=True).first.check()
    page.get_by_label("Lägsta pris").fill("2 500 000")
    page.get_by_label("Högsta pris").fill("4 000 000")
    page.get_by_label("Jag samtycker").check()


def test_a_buyer_on_a_phone_fills_in_the_form_and_sees_thanks(phone, site, sandbox):
    phone.goto(site + "/")
    expect(phone).to_have_title("Intresseanmälan – Mäklarbyrån")
    fill_valid(phone)
    phone.get_by_role("button", name="Skicka intresseanmälan").click()
    expect(phone.get_by_role("heading", name="Tack för din intresseanmälan!")).to_be_visible()
    assert phone.url.startswith(site + "/tack?ref=")
    received = wait_for_deliveries(sandbox, 1)
    assert len(received) == 1
    person = received[0]["payload"]["updatePerson"]
    assert person["firstName"] == "Åsa" and person["cellPhone"] == "070-123 45 67"
    wish = received[0]["payload"]["lookingForAccommodations"][0]
    assert sorted(wish["areaIds"]) == ["OMR-RAS", "OMR-SOD"]
    assert wish["price"] == {"min": 2500000, "max": 4000000}


def test_the_form_fits_a_320_px_screen(phone, site):
    phone.goto(site + "/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 320
    box = phone.get_by_role("button", name="Skicka intresseanmälan").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320


def test_mistakes_get_swedish_errors_that_take_focus_and_keep_answers(phone, site, sandbox):
    phone.goto(site + "/")
    phone.get_by_label("Förnamn").fill("Åsa")
    phone.get_by_label("Mobiltelefon").fill("12")
    phone.get_by_label("Södermalm").check()
    phone.get_by_role("button", name="Skicka intresseanmälan").click()
    expect(phone).to_have_title("Fel: Intresseanmälan – Mäklarbyrån")
    summary = phone.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Skriv ditt efternamn.")
    expect(summary).to_contain_text("Telefonnumret verkar inte stämma")
    expect(summary).to_contain_text("Välj minst en typ av bostad.")
    expect(summary).to_contain_text("Du behöver samtycka")
    expect(phone.locator("#last_name-error")).to_have_text("Fel: Skriv ditt efternamn.")
    expect(phone.get_by_label("Förnamn")).to_have_value("Åsa")
    expect(phone.get_by_label("Södermalm")).to_be_checked()
    expect(phone.get_by_label("Efternamn")).to_have_attribute("aria-invalid", "true")
    summary.get_by_role("link", name="Efternamn").click()
    expect(phone.get_by_label("Efternamn")).to_be_focused()
    assert sandbox.received() == []

    phone.get_by_label("Efternamn").fill("Öberg")
    phone.get_by_label("Mobiltelefon").fill("070-123 45 67")
    phone.get_by_label("Villa").check()
    phone.get_by_label("Jag samtycker").check()
    phone.get_by_role("button", name="Skicka intresseanmälan").click()
    expect(phone.get_by_role("heading", name="Tack för din intresseanmälan!")).to_be_visible()
    assert len(wait_for_deliveries(sandbox, 1)) == 1


def test_the_form_works_without_javascript(browser, site, sandbox):
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    page = context.new_page()
    page.goto(site + "/")
    fill_valid(page)
    page.get_by_role("button", name="Skicka intresseanmälan").click()
    expect(page.get_by_role("heading", name="Tack för din intresseanmälan!")).to_be_visible()
    assert len(wait_for_deliveries(sandbox, 1)) == 1
    context.close()


def test_no_script_errors_csp_violations_or_failed_resources(phone, site):
    problems = []
    phone.on("pageerror", lambda error: problems.append(str(error)))
    phone.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" and "status of 422" not in m.text  # the page itself, on purpose
            else None
        ),
    )
    phone.on("requestfailed", lambda r: problems.append(r.url))
    phone.goto(site + "/")
    phone.get_by_role("button", name="Skicka intresseanmälan").click()
    expect(phone.get_by_role("alert")).to_be_visible()
    assert problems == []


@pytest.fixture
def trapped_site(sandbox, database_url):
    """The service with a 3 s time trap and a clock the test moves: (app, url, clock)."""
    clock = FakeClock()
    app = make_app(
        sandbox.url,
        database_url,
        WTF_CSRF_ENABLED=True,
        FORM_MIN_SECONDS=3,
        DELIVERY_POLL_SECONDS=0.05,
        CLOCK=clock,
    )
    app.extensions["delivery"].start_in_process()
    with serve(app) as url:
        yield app, url, clock
    app.extensions["delivery"].stop.set()


def fill_and_send_after(page, url: str, clock: FakeClock, seconds: float) -> None:
    """Open the form, type the answers, let `seconds` pass on the app's clock, then send."""
    page.goto(url + "/")
    for label, text in (
        ("Förnamn", "Åsa"),
        ("Efternamn", "Öberg"),
        ("E-post", "asa.oberg@example.se"),
        ("Mobiltelefon", "0701234567"),
    ):
        page.get_by_label(label).press_sequentially(text)  # password managers skip the honeypot
    page.get_by_label("Södermalm").check()
    page.get_by_label("Villa").check()
    page.get_by_label("Jag samtycker").check()
    clock.advance(seconds)
    page.get_by_role("button", name="Skicka intresseanmälan").click()


def thanked(page) -> None:
    """The thank-you page is shown."""
    expect(page.get_by_role("heading", name="Tack för din intresseanmälan!")).to_be_visible()


def only_status(app) -> str | None:
    """The state of the one stored registration (None before it is stored)."""
    rows = outbox.listing(app.extensions["delivery"].engine)
    return rows[0]["status"] if len(rows) == 1 else None


def test_a_person_typing_at_a_normal_pace_is_not_taken_for_spam(browser, trapped_site, sandbox):
    app, url, clock = trapped_site
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    fill_and_send_after(page, url, clock, seconds=4)
    thanked(page)
    context.close()
    wait_until(lambda: only_status(app) == "delivered", what="the registration delivered")
    (received,) = sandbox.received()
    assert received["payload"]["updatePerson"]["firstName"] == "Åsa"


def test_a_post_sooner_than_the_time_trap_is_shown_again_and_the_second_press_is_sent(
    browser, trapped_site, sandbox
):
    app, url, clock = trapped_site
    context = browser.new_context(locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    fill_and_send_after(page, url, clock, seconds=1)  # autofill and a prefill link: that fast
    expect(page.get_by_role("alert")).to_contain_text("skickades väldigt snabbt")
    expect(page.get_by_label("Förnamn")).to_have_value("Åsa")
    expect(page.get_by_label("Södermalm")).to_be_checked()
    assert only_status(app) is None  # nothing stored yet, so nothing dropped
    page.get_by_role("button", name="Skicka intresseanmälan").click()  # at once, no JavaScript
    thanked(page)
    context.close()
    wait_until(lambda: only_status(app) == "delivered", what="the registration delivered")
    (received,) = sandbox.received()
    assert received["payload"]["updatePerson"]["firstName"] == "Åsa"
