"""The thank-you page's check-answers list and its "Ändra" link in Chromium: on the broker's
own site at 320 px, and in the embedded form framed on a host page without JavaScript, the link
leads back to the form with every answer in place, and sending it corrects the registration."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from app import outbox
from tests.browser import change_settings, fill_in_a_buyer, host_site, serve, served_elsewhere
from tests.conftest import make_app

pytestmark = pytest.mark.browser


def check_change_and_send(app, form) -> None:
    """On the thank-you page (a page, or a frame): check the list, follow "Ändra", find the
    answers in place, change one, send, and see the corrected list."""
    answers = form.locator("dl.summary-list")
    expect(answers).to_contain_text("Södermalm")
    expect(answers).to_contain_text("Radhus")
    form.get_by_role("link", name="Ändra typ av bostad").click()
    expect(form.get_by_label("Förnamn")).to_have_value("Åsa")
    expect(form.get_by_label("Efternamn")).to_have_value("Öberg")
    expect(form.get_by_label("E-post")).to_have_value("asa.oberg@example.se")
    expect(form.get_by_label("Södermalm")).to_be_checked()
    expect(form.get_by_label("Radhus")).to_be_checked()
    expect(form.get_by_label("Jag samtycker")).to_be_checked()
    form.get_by_label("Radhus").uncheck()
    form.get_by_label("Villa").check()
    form.get_by_role("button", name="Skicka intresseanmälan").click()
    expect(form.locator("dl.summary-list")).to_contain_text("Villa")
    expect(form.locator("dl.summary-list")).not_to_contain_text("Radhus")
    assert len(outbox.listing(app.extensions["delivery"].engine)) == 1  # corrected, not twice


def test_check_answers_and_change_on_a_320_px_phone(browser, sandbox, database_url):
    app = make_app(sandbox.url, database_url)
    with serve(app) as site:
        page = browser.new_page(viewport={"width": 320, "height": 700}, locale="sv-SE")
        page.goto(site + "/")
        fill_in_a_buyer(page, "Radhus", areas=("Södermalm",))
        page.get_by_role("button", name="Skicka intresseanmälan").click()
        expect(page.get_by_role("heading", name="Det här registrerade vi")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        check_change_and_send(app, page)
        page.close()


def test_check_answers_and_change_in_a_frame_without_javascript(browser, sandbox, database_url):
    app = make_app(sandbox.url, database_url)
    with served_elsewhere(app) as service_url:
        frame = f'src="{service_url}/embed" title="Intresseanmälan" height="4800"'
        snippet = f"<iframe {frame}></iframe>"
        with serve(host_site(snippet)) as host_url:
            change_settings(app, frame_ancestors=[host_url])
            context = browser.new_context(
                viewport={"width": 390, "height": 800}, locale="sv-SE", java_script_enabled=False
            )
            page = context.new_page()
            page.goto(host_url + "/")
            form = page.frame_locator("iframe")
            fill_in_a_buyer(form, "Radhus", areas=("Södermalm",))
            form.get_by_role("button", name="Skicka intresseanmälan").click()
            expect(form.get_by_role("heading", name="Det här registrerade vi")).to_be_visible()
            check_change_and_send(app, form)
            context.close()
