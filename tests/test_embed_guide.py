"""/inbaddning tells the broker's web developer everything the snippet takes, per office, and a
no-script iframe height that fits the form (measured in Chromium)."""

from __future__ import annotations

import re

import pytest

from app.vitec.vocabulary import HOUSING_LABELS
from sandbox.data import GOTHENBURG_AREAS, STOCKHOLM_AREAS
from tests.browser import chromium, serve
from tests.conftest import make_app

OPTIONS = ("data-omraden", "data-bostadstyper", "data-kontor", "data-titel", "data-hojd")


@pytest.fixture
def two_offices(database_url):
    from sandbox import SandboxServer, SandboxState, create_sandbox_app

    logins = {"M10001": ("sod", "lösen-ett-111"), "M10002": ("gbg", "lösen-två-222")}
    server = SandboxServer(create_sandbox_app(SandboxState(logins)))
    url = server.start()
    app = make_app(
        url,
        database_url,
        VITEC_OFFICES=[("M10001", "Södermalm"), ("M10002", "Göteborg")],
        VITEC_CUSTOMER_ID="M10001",
        VITEC_USERNAME_M10001="sod",
        VITEC_PASSWORD_M10001="lösen-ett-111",
        VITEC_USERNAME_M10002="gbg",
        VITEC_PASSWORD_M10002="lösen-två-222",
    )
    yield app
    server.stop()


def rows(html: str) -> set[tuple[str, str]]:
    return set(re.findall(r"<tr><td><code>([^<]+)</code></td><td>([^<]+)</td>", html))


def test_the_guide_lists_every_area_and_housing_key_per_office(two_offices):
    html = two_offices.test_client().get("/inbaddning").get_data(as_text=True)
    listed = rows(html)
    for area_id, name, *_ in (*STOCKHOLM_AREAS, *GOTHENBURG_AREAS):
        assert (area_id, name) in listed, area_id
    assert ("OMR-GAM", "Gamla stan") not in listed  # archived: not offered, not listed
    for key, name in HOUSING_LABELS.items():  # the types the form offers (HOUSING_TYPES)
        assert ((key, name) in listed) is (key not in {"premises", "tenancy"}), key
    assert "Södermalm (M10001)" in html and "Göteborg (M10002)" in html


def test_the_guide_documents_every_option_and_the_hosts_csp(app, client):
    html = client.get("/inbaddning").get_data(as_text=True)
    for option in OPTIONS:
        assert f"<td><code>{option}</code></td>" in html
    assert "<td><code>data-forskjutning</code></td>" in html
    assert "Avstånd i pixlar till ett fast sidhuvud" in html
    base = app.config["PUBLIC_URL"]
    assert f"script-src {base}\nframe-src {base}" in html
    assert re.search(rf'&lt;iframe src="{base}/embed" [^\n]*height:\d+px', html)


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 390])
def test_the_no_script_height_fits_the_form_on_a_phone(sandbox, database_url, width):
    app = make_app(sandbox.url, database_url)
    guide = app.test_client().get("/inbaddning").get_data(as_text=True)
    documented = int(re.search(r"height:(\d+)px;border:0", guide)[1])
    with serve(app) as url, chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": 800}, java_script_enabled=False)
        page.goto(url + "/embed")
        blank = page.evaluate("document.documentElement.scrollHeight")
        page.get_by_role("button", name="Skicka intresseanmälan").click()
        page.wait_for_selector("#felsammanfattning")
        with_errors = page.evaluate("document.documentElement.scrollHeight")
    assert blank < with_errors <= documented, (blank, with_errors, documented)
