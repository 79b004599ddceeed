"""Interest in one home for sale, in Chromium: on the page, and embedded on another site with
third-party cookies blocked; Vitec (the sandbox) gets a body that is its estate model."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sandbox import contract
from tests.browser import change_settings, host_site, serve
from tests.polling import wait_until
from tests.test_embed_browser import chromium, service  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser

ESTATE_MODEL = "Interest.Models.InterestOnEstateAndContact"


def fill_in(form) -> None:
    """What a buyer fills in on a listing's form."""
    form.get_by_label("Förnamn").fill("Åsa")
    form.get_by_label("Efternamn").fill("Öberg")
    form.get_by_label("E-post").fill("asa.oberg@example.se")
    form.get_by_label("Meddelande till mäklaren").fill("Går det att boka en egen visning?")
    form.get_by_label("Jag samtycker").check()


def delivered(sandbox) -> dict:
    """The one body the sandbox took, once the service's worker has sent it."""
    wait_until(lambda: sandbox.state.received, what="the registration to reach the sandbox")
    assert sandbox.state.rejected == []
    (received,) = sandbox.state.received
    return received["payload"]


def test_a_buyer_registers_interest_in_a_home_on_its_page(chromium, service, sandbox):  # noqa: F811
    _, service_url = service
    page = chromium.new_page()
    page.goto(service_url + "/bostad/OBJ-STH-102")
    expect(page.get_by_role("heading", name="Anmäl intresse för Götgatan 12")).to_be_visible()
    booking = page.get_by_role("link", name="Boka visning")
    expect(booking).to_have_attribute("href", "https://visning.example.se/boka/VIS-1021")
    page.get_by_role("button", name="Skicka intresseanmälan").click()
    expect(page.get_by_role("alert")).to_contain_text("Skriv ditt förnamn.")
    fill_in(page)
    page.get_by_role("button", name="Skicka intresseanmälan").click()
    expect(page.get_by_role("heading", name="Tack för din intresseanmälan!")).to_be_visible()
    expect(page.get_by_text("din anmälan för Götgatan 12, Södermalm")).to_be_visible()
    payload = delivered(sandbox)
    assert contract.errors(payload, ESTATE_MODEL) == []
    assert payload["estateId"] == "OBJ-STH-102"
    assert payload["interestNote"] == "Går det att boka en egen visning?"
    page.close()


def test_a_buyer_registers_interest_in_a_home_embedded_on_another_site(
    chromium,  # noqa: F811
    service,  # noqa: F811
    sandbox,
):
    app, service_url = service
    snippet = f'<script src="{service_url}/static/embed.js" data-objekt="OBJ-STH-101"></script>'
    with serve(host_site(snippet)) as host_url:
        change_settings(app, frame_ancestors=[host_url])
        page = chromium.new_page()
        page.goto(host_url + "/")
        form = page.frame_locator("iframe")
        expect(form.get_by_role("heading", name="Anmäl intresse för Björkvägen 3")).to_be_visible()
        frame = page.locator("iframe").element_handle().content_frame()
        assert frame.url == service_url + "/embed/bostad/OBJ-STH-101"
        # The browser really blocks third-party cookies: the frame cannot keep one.
        probe = "document.cookie = 'probe=1; SameSite=None; Secure; path=/'; document.cookie"
        assert frame.evaluate(probe) == ""
        expect(form.get_by_text("Villa i Bergshamra")).to_be_visible()
        fill_in(form)
        form.get_by_role("button", name="Skicka intresseanmälan").click()
        expect(form.get_by_role("heading", name="Tack för din intresseanmälan!")).to_be_visible()
        payload = delivered(sandbox)
        assert contract.errors(payload, ESTATE_MODEL) == []
        assert payload["estateId"] == "OBJ-STH-101"
        page.close()
