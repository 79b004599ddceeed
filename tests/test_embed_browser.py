"""The form in an iframe on another site, in Chromium with third-party cookies blocked."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect, sync_playwright

from tests.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    change_settings,
    fill_in_a_buyer,
    host_site,
    serve,
    served_elsewhere,
)
from tests.conftest import make_app
from tests.polling import wait_until

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    """Chromium with the user's own setting 'block third-party cookies' switched on."""
    profile = tmp_path_factory.mktemp("chromium-profile")
    (profile / "Default").mkdir()
    preferences = {"profile": {"block_third_party_cookies": True, "cookie_controls_mode": 1}}
    (profile / "Default" / "Preferences").write_text(json.dumps(preferences))
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            locale="sv-SE",
            viewport={"width": 420, "height": 800},
        )
        yield context
        context.close()


@pytest.fixture
def service(sandbox, database_url):
    """The service on http://localhost:<port>, another site than http://127.0.0.1:<port>."""
    app = make_app(sandbox.url, database_url, DELIVERY_POLL_SECONDS=0.05)
    app.extensions["delivery"].start_in_process()
    with served_elsewhere(app) as url:
        yield app, url
    app.extensions["delivery"].stop.set()


# The height the form inside the frame reports to the host page (static/form.js), as
# embed.js applies it (whole pixels, at least 100).
FORM_HEIGHT = "Math.max(100, Math.ceil(document.body.getBoundingClientRect().height))"
FRAME_HEIGHT = "document.querySelector('iframe').getBoundingClientRect().height"


def form_frame(page):
    """The Frame of the embedded form (the same object across its navigations)."""
    return page.locator("iframe").element_handle().content_frame()


def frame_fitted(page) -> float | None:
    """The iframe's height if it equals the height of the form inside it right now, else None."""
    try:
        inner = form_frame(page).evaluate(FORM_HEIGHT)
    except PlaywrightError:  # the frame is between two documents
        return None
    outer = page.evaluate(FRAME_HEIGHT)
    return outer if outer == inner else None


def fitted_height(page) -> float:
    """The iframe's height, once the host page has made it equal to the form's."""
    return wait_until(lambda: frame_fitted(page), what="the iframe to fit the form")


def host_scrolled_to_form(page) -> None:
    """Wait until the host page shows the top of the frame (after a post)."""
    page.wait_for_function(
        "() => { const top = document.querySelector('iframe').getBoundingClientRect().top;"
        " return top >= -1 && top < window.innerHeight; }"
    )


def inner_scrollbar(frame) -> bool:
    """Whether the form's own document scrolls inside the frame (it should not)."""
    return frame.evaluate("document.documentElement.scrollHeight > window.innerHeight + 1")


def test_embedded_on_another_site_fill_submit_and_see_thanks(chromium, service, sandbox):
    app, service_url = service
    snippet = f'<script src="{service_url}/static/embed.js" data-omraden="OMR-SOD"></script>'
    with serve(host_site(snippet)) as host_url:
        change_settings(app, frame_ancestors=[host_url])
        page = chromium.new_page()
        page.goto(host_url + "/")
        iframe = page.locator("iframe")
        expect(iframe).to_have_attribute("title", "Intresseanmälan")
        form = page.frame_locator("iframe")
        expect(form.get_by_label("Förnamn")).to_be_visible()
        frame = form_frame(page)
        assert frame.url.startswith(service_url + "/embed")
        # The browser really blocks third-party cookies: the frame cannot keep one.
        probe = "document.cookie = 'probe=1; SameSite=None; Secure; path=/'; document.cookie"
        assert frame.evaluate(probe) == ""
        expect(form.get_by_label("Södermalm")).to_be_checked()  # preselected by the snippet

        empty_height = fitted_height(page)
        assert not inner_scrollbar(frame)

        form.get_by_role("button", name="Skicka intresseanmälan").click()
        expect(form.get_by_role("alert")).to_contain_text("Skriv ditt förnamn.")
        error_height = fitted_height(page)
        assert error_height > empty_height
        assert not inner_scrollbar(form_frame(page))
        host_scrolled_to_form(page)  # after the post the host page shows the top of the form

        fill_in_a_buyer(form, "Radhus")
        form.get_by_role("button", name="Skicka intresseanmälan").click()
        expect(form.get_by_role("heading", name="Tack för din intresseanmälan!")).to_be_visible()
        assert fitted_height(page) < error_height
        assert not inner_scrollbar(form_frame(page))
        page.close()

    wait_until(lambda: sandbox.state.received, what="the registration to reach the sandbox")
    (received,) = sandbox.received()
    person = received["payload"]["updatePerson"]
    assert person["firstName"] == "Åsa"
    assert received["payload"]["lookingForAccommodations"][0]["areaIds"] == ["OMR-SOD"]
    assert chromium.cookies() == []  # nothing relied on a cookie


def test_a_site_not_in_frame_ancestors_cannot_frame_the_form(chromium, service):
    app, service_url = service
    change_settings(app, frame_ancestors=["http://127.0.0.1:9"])
    snippet = f'<iframe src="{service_url}/embed" title="Intresseanmälan"></iframe>'
    with serve(host_site(snippet)) as host_url:
        page = chromium.new_page()
        with page.expect_console_message(lambda m: "frame-ancestors" in m.text) as refusal:
            page.goto(host_url + "/")
        assert "violates" in refusal.value.text and "has been blocked" in refusal.value.text
        expect(page.frame_locator("iframe").get_by_label("Förnamn")).to_have_count(0)
        page.close()


def test_a_foreign_page_posting_to_the_form_is_refused(chromium, service, sandbox):
    app, service_url = service
    attack = (
        f'<form id="f" method="post" action="{service_url}/embed">'
        '<input name="first_name" value="Mallory"><input name="last_name" value="X">'
        '<input name="email" value="m@example.se"><input name="areas" value="OMR-SOD">'
        '<input name="housing_types" value="house"><input name="consent" value="y">'
        '<input name="submission_id" value="' + "a" * 32 + '">'
        "<button>Skicka</button></form>"
    )
    with serve(host_site(attack)) as host_url:
        page = chromium.new_page()
        page.goto(host_url + "/")
        page.get_by_role("button", name="Skicka").click()
        expect(page.get_by_role("heading", name="Åtkomst nekad")).to_be_visible()
        page.close()
    app.extensions["delivery"].worker().drain()
    assert sandbox.received() == []
