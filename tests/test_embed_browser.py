"""The form in an iframe on another site, in Chromium with third-party cookies blocked."""

from __future__ import annotations

import json
import time

import pytest
from flask import Flask
from playwright.sync_api import expect, sync_playwright

from tests.browser import CHROMIUM, CHROMIUM_ARGS, serve
from tests.conftest import make_app

pytestmark = pytest.mark.browser


def host_site(body: str) -> Flask:
    """A broker's site on another origin: a long page with the snippet in the middle."""
    host = Flask("host")

    @host.get("/")
    def page():
        return (
            '<!doctype html><html lang="sv"><head><meta charset="utf-8">'
            "<title>Mäklarbyrån</title></head><body style='margin:0;font-family:serif'>"
            "<h1>Välkommen till Mäklarbyrån</h1><p style='height:600px'>Om oss …</p>"
            f"{body}<footer style='height:800px'>Sidfot</footer></body></html>"
        )

    return host


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
    with serve(app) as url:
        yield app, url.replace("127.0.0.1", "localhost")
    app.extensions["delivery"].stop.set()


def frame_height(page) -> float:
    return page.locator("iframe").bounding_box()["height"]


def settled_height(page) -> float:
    """The iframe's height once it stops changing."""
    last, stable_since = -1.0, time.monotonic()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        height = frame_height(page)
        if height != last:
            last, stable_since = height, time.monotonic()
        elif time.monotonic() - stable_since > 0.4:
            return height
        time.sleep(0.05)
    return last


def inner_scrollbar(frame) -> bool:
    return frame.evaluate("document.documentElement.scrollHeight > window.innerHeight + 1")


def test_embedded_on_another_site_fill_submit_and_see_thanks(chromium, service, sandbox):
    app, service_url = service
    snippet = f'<script src="{service_url}/static/embed.js" data-omraden="OMR-SOD"></script>'
    with serve(host_site(snippet)) as host_url:
        app.config["FRAME_ANCESTORS"] = [host_url]
        page = chromium.new_page()
        page.goto(host_url + "/")
        iframe = page.locator("iframe")
        expect(iframe).to_have_attribute("title", "Intresseanmälan")
        form = page.frame_locator("iframe")
        expect(form.get_by_label("Förnamn")).to_be_visible()
        frame = page.frames[1]
        assert frame.url.startswith(service_url + "/embed")
        # The browser really blocks third-party cookies: the frame cannot keep one.
        probe = "document.cookie = 'probe=1; SameSite=None; Secure; path=/'; document.cookie"
        assert frame.evaluate(probe) == ""
        expect(form.get_by_label("Södermalm")).to_be_checked()  # preselected by the snippet

        empty_height = settled_height(page)
        assert not inner_scrollbar(frame)

        form.get_by_role("button", name="Skicka intresseanmälan").click()
        expect(form.get_by_role("alert")).to_contain_text("Skriv ditt förnamn.")
        error_height = settled_height(page)
        frame = page.frames[1]
        assert error_height > empty_height
        assert not inner_scrollbar(frame)
        # After the post the host page scrolled to the top of the form.
        top = page.evaluate("document.querySelector('iframe').getBoundingClientRect().top")
        assert -1 <= top < 800

        form.get_by_label("Förnamn").fill("Åsa")
        form.get_by_label("Efternamn").fill("Öberg")
        form.get_by_label("E-post").fill("asa.oberg@example.se")
        form.get_by_label("Radhus").check()
        form.get_by_label("Jag samtycker").check()
        form.get_by_role("button", name="Skicka intresseanmälan").click()
        expect(form.get_by_role("heading", name="Tack för din intresseanmälan!")).to_be_visible()
        assert settled_height(page) < error_height
        assert not inner_scrollbar(page.frames[1])
        page.close()

    deadline = time.monotonic() + 10
    while not sandbox.state.received and time.monotonic() < deadline:
        time.sleep(0.05)
    (received,) = sandbox.received()
    person = received["payload"]["updatePerson"]
    assert person["firstName"] == "Åsa"
    assert received["payload"]["lookingForAccommodations"][0]["areaIds"] == ["OMR-SOD"]
    assert chromium.cookies() == []  # nothing relied on a cookie


def test_a_site_not_in_frame_ancestors_cannot_frame_the_form(chromium, service):
    app, service_url = service
    app.config["FRAME_ANCESTORS"] = ["http://127.0.0.1:9"]
    snippet = f'<iframe src="{service_url}/embed" title="Intresseanmälan"></iframe>'
    with serve(host_site(snippet)) as host_url:
        page = chromium.new_page()
        refusals = []
        page.on(
            "console", lambda m: refusals.append(m.text) if "frame-ancestors" in m.text else None
        )
        page.goto(host_url + "/")
        page.wait_for_timeout(500)
        assert any("violates" in text and "has been blocked" in text for text in refusals)
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
