"""What a page's head gives search engines and caches: a description of each buyer's page, and
the embed's theme at an address that names its version, cached for a year."""

from __future__ import annotations

import re

import pytest

from tests.conftest import make_app, submit, valid_answers

DESCRIPTION = re.compile(r'<meta name="description" content="([^"]+)">')
THEME = re.compile(r'<link rel="stylesheet" href="(/embed/tema\.css\?v=([0-9a-f]{12}))">')
A_YEAR = "public, max-age=31536000, immutable"


def test_every_buyers_page_has_a_description(client):
    thanks = submit(client, "/", data=valid_answers()).headers["Location"]
    for path in ("/", "/embed", "/integritet", thanks, "/embed/tack"):
        page = client.get(path).get_data(as_text=True)
        found = DESCRIPTION.search(page)
        assert found, path
        assert "intresseanmälan" in found[1].lower() and "Mäklarbyrån" in found[1], found[1]


def test_the_theme_is_versioned_and_cached_for_a_year(client):
    page = client.get("/embed").get_data(as_text=True)
    address, _ = THEME.search(page).groups()
    css = client.get(address)
    assert css.status_code == 200
    assert css.headers["Cache-Control"] == A_YEAR
    assert css.headers["Content-Type"].startswith("text/css")


@pytest.mark.parametrize("address", ["/embed/tema.css", "/embed/tema.css?v=000000000000"])
def test_an_unversioned_or_stale_theme_address_is_served_but_not_kept(client, address):
    css = client.get(address)
    assert css.status_code == 200 and "--accent" in css.get_data(as_text=True)
    assert css.headers["Cache-Control"] == "max-age=300"


def test_another_theme_gets_another_address(sandbox, database_url, client):
    first = THEME.search(client.get("/embed").get_data(as_text=True))[2]
    other = make_app(sandbox.url, database_url, EMBED_ACCENT_COLOR="#aa0033").test_client()
    second = THEME.search(other.get("/embed").get_data(as_text=True))[2]
    assert first != second
