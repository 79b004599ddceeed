"""The plain iframe of /inbaddning's "Utan JavaScript", in a browser without JavaScript: after a
post the buyer sees the error summary, and then the thanks, not the empty middle of the frame
where the button was (the frame follows a fragment in its own address; Chromium)."""

from __future__ import annotations

import html
import re

import pytest
from playwright.sync_api import expect

from tests.browser import change_settings, fill_in_a_buyer, host_site, serve, served_elsewhere
from tests.conftest import make_app

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 390, "height": 800}


@pytest.fixture
def service(sandbox, database_url):
    """The service on http://localhost:<port>, another site than the host's 127.0.0.1."""
    app = make_app(sandbox.url, database_url)
    with served_elsewhere(app) as url:
        yield app, url


def no_script_snippet(app) -> str:
    """The plain iframe exactly as /inbaddning gives it."""
    guide = app.test_client().get("/inbaddning").get_data(as_text=True)
    return html.unescape(re.search(r"<code>(&lt;iframe [^<]*)</code>", guide)[1])


def in_view(locator) -> bool:
    """Whether the element lies wholly inside the browser's viewport (the host page's)."""
    box = locator.bounding_box()
    return box["y"] >= 0 and box["y"] + box["height"] <= VIEWPORT["height"]


def test_after_a_post_the_plain_frame_shows_the_errors_and_then_the_thanks(browser, service):
    app, service_url = service
    snippet = no_script_snippet(app)
    assert f'src="{service_url}/embed"' in snippet
    with serve(host_site(snippet)) as host_url:
        change_settings(app, frame_ancestors=[host_url])
        context = browser.new_context(viewport=VIEWPORT, locale="sv-SE", java_script_enabled=False)
        page = context.new_page()
        page.goto(host_url + "/")
        form = page.frame_locator("iframe")
        send = form.get_by_role("button", name="Skicka intresseanmälan")
        send.scroll_into_view_if_needed()  # the buyer has scrolled down to the button
        send.click()
        summary = form.get_by_role("alert")
        expect(summary).to_contain_text("Skriv ditt förnamn.")
        assert in_view(summary), (summary.bounding_box(), page.evaluate("scrollY"))

        fill_in_a_buyer(form, "Radhus", areas=("Södermalm",))
        send.scroll_into_view_if_needed()
        send.click()
        thanks = form.get_by_role("heading", name="Tack för din intresseanmälan!")
        expect(thanks).to_be_visible()
        assert in_view(thanks), (thanks.bounding_box(), page.evaluate("scrollY"))
        context.close()
