"""The form embedded under a host page's sticky header: after a submit the host scrolls the
error summary, and then the thanks, into view below the header (data-forskjutning, or the host's
own scroll-padding-top)."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import expect

from tests.browser import change_settings, fill_in_a_buyer, host_site, serve, served_elsewhere
from tests.conftest import make_app

pytestmark = pytest.mark.browser

HEADER = 80
VIEWPORT = {"width": 420, "height": 800}


def host_with_sticky_header(snippet: str, host_css: str) -> Flask:
    """A broker's page on another origin with an 80 px header that stays at the top."""
    sticky = (
        f"header{{position:sticky;top:0;height:{HEADER}px;background:#123;color:#fff;z-index:10}}"
    )
    return host_site(snippet, "<header>Mäklarbyrån</header>", f"{sticky} {host_css}")


@pytest.fixture
def service(sandbox, database_url):
    """The service on http://localhost:<port>, another site than the host's 127.0.0.1."""
    app = make_app(sandbox.url, database_url)
    with served_elsewhere(app) as url:
        yield app, url


def frame_top_is(page, expected: float) -> None:
    """Wait until the host has scrolled the frame's top to `expected` px from the viewport's."""
    page.wait_for_function(
        f"Math.abs(document.querySelector('iframe').getBoundingClientRect().top - {expected}) < 1",
        timeout=5000,
    )


@pytest.mark.parametrize(
    ("attribute", "host_css"),
    [
        (f'data-forskjutning="{HEADER}"', ""),
        ("", f"html{{scroll-padding-top:{HEADER}px}}"),
    ],
    ids=["data-forskjutning", "scroll-padding-top"],
)
def test_errors_and_thanks_show_below_a_sticky_header(browser, service, attribute, host_css):
    app, service_url = service
    snippet = (
        f'<script src="{service_url}/static/embed.js" data-omraden="OMR-SOD" {attribute}></script>'
    )
    with serve(host_with_sticky_header(snippet, host_css)) as host_url:
        change_settings(app, frame_ancestors=[host_url])
        context = browser.new_context(viewport=VIEWPORT, locale="sv-SE")
        page = context.new_page()
        page.goto(host_url + "/")
        form = page.frame_locator("iframe")
        send = form.get_by_role("button", name="Skicka intresseanmälan")
        send.click()  # scrolled down to the button first, as a person would be

        expect(form.get_by_role("alert")).to_be_visible()
        frame_top_is(page, HEADER)
        summary = form.get_by_role("alert").bounding_box()
        assert HEADER <= summary["y"] < VIEWPORT["height"], summary

        fill_in_a_buyer(form)
        send.click()
        thanks = form.get_by_role("heading", name="Tack för din intresseanmälan!")
        expect(thanks).to_be_visible()
        frame_top_is(page, HEADER)
        assert HEADER <= thanks.bounding_box()["y"] < VIEWPORT["height"]
        context.close()
