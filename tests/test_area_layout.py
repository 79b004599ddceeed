"""The areas as the server renders them: municipalities folded past FOLD_ABOVE areas, open at
or below it, the first one open when the areas have an error, chosen counts in the summaries,
the chosen areas as chips."""

from __future__ import annotations

import re

import pytest
import requests

from app.web.buyer.area_layout import FOLD_ABOVE
from tests.conftest import CUSTOMER_ID, make_app, submit, valid_answers
from tests.many_areas import many_areas


def app_with_areas(sandbox, database_url, count: int):
    """An app whose office offers the first `count` of the 300 areas (set before it asks)."""
    body = many_areas()
    body["areas"] = body["areas"][:count]
    url = f"{sandbox.url}/_sandbox/areas/{CUSTOMER_ID}"
    requests.put(url, json=body, timeout=5).raise_for_status()
    return make_app(sandbox.url, database_url)


def folds(html: str) -> list[tuple[str, bool]]:
    """(municipality, open) for each group, in page order."""
    found = re.findall(
        r'<details class="area-fold"( open)?>\s*<summary><span class="area-fold__name">([^<]+)<',
        html,
    )
    return [(name, bool(is_open)) for is_open, name in found]


@pytest.mark.parametrize(("count", "folded"), [(FOLD_ABOVE, False), (FOLD_ABOVE + 1, True)])
def test_a_long_list_starts_folded(sandbox, database_url, count, folded):
    html = app_with_areas(sandbox, database_url, count).test_client().get("/").text
    groups = folds(html)
    assert groups and all(is_open is not folded for _, is_open in groups)
    assert ("Öppna en kommun för att se dess områden." in html) is folded


def test_with_an_areas_error_the_first_group_is_open(sandbox, database_url):
    client = app_with_areas(sandbox, database_url, 300).test_client()
    page = submit(client, "/", valid_answers(areas=None))
    assert page.status_code == 422
    groups = folds(page.text)
    assert groups[0][1] is True and not any(is_open for _, is_open in groups[1:])
    first = re.search(r'<input type="checkbox" name="areas" id="([^"]+)"', page.text).group(1)
    assert f'<a href="#{first}">' in page.text  # the summary's link lands in the open group


def test_the_summary_counts_what_is_chosen(sandbox, database_url):
    client = app_with_areas(sandbox, database_url, 300).test_client()
    page = client.get("/?omrade=OMR-0380-00&omrade=OMR-0380-01&omrade=OMR-0180-04")
    assert re.search(r"Uppsala</span> <span[^>]*>25 områden<span data-picked>, 2 valda<", page.text)
    assert re.search(
        r"Stockholm</span> <span[^>]*>25 områden<span data-picked>, 1 vald<", page.text
    )
    assert re.search(r"Solna</span> <span[^>]*>25 områden<span data-picked></span>", page.text)


def test_a_post_is_checked_against_the_area_list_fetched_last(sandbox, database_url):
    """The form's choices are made once per area list; a list fetched again replaces them."""
    app = make_app(sandbox.url, database_url, AREAS_CACHE_SECONDS=0)
    client = app.test_client()
    assert submit(client, "/", valid_answers()).status_code == 302
    body = many_areas()
    url = f"{sandbox.url}/_sandbox/areas/{CUSTOMER_ID}"
    requests.put(url, json=body, timeout=5).raise_for_status()
    new_area = body["areas"][0]["areaId"]
    assert submit(client, "/", valid_answers(areas=[new_area])).status_code == 302
    old = submit(client, "/", valid_answers())  # the first list's area is no longer offered
    assert old.status_code == 422
    assert "Välj minst ett område." in old.text


CHIP = (
    r'<button type="button" class="chip" data-value="([^"]+)">'
    r'<span class="visually-hidden">Ta bort </span><span class="chip__name">([^<]+)</span>'
)


def test_the_chosen_areas_come_with_the_page_as_chips(sandbox, database_url):
    """In the list's order, as static/areas.js writes them: a name two municipalities share
    carries its municipality."""
    body = many_areas()
    for area in body["areas"]:
        if area["areaId"] in {"OMR-0180-00", "OMR-0380-00"}:
            area["areaName"] = "Centrum"
    url = f"{sandbox.url}/_sandbox/areas/{CUSTOMER_ID}"
    requests.put(url, json=body, timeout=5).raise_for_status()
    client = make_app(sandbox.url, database_url).test_client()
    page = client.get("/?omrade=OMR-0380-00&omrade=OMR-0180-04&omrade=OMR-0180-00").text
    assert '<p class="area-chosen__title" id="valda-omraden">Valda områden (3)</p>' in page
    assert re.findall(CHIP, page) == [
        ("OMR-0180-00", "Centrum (Stockholm)"),
        ("OMR-0180-04", "Älvsjö"),
        ("OMR-0380-00", "Centrum (Uppsala)"),
    ]
    none = client.get("/").text
    assert '<p class="area-chosen__title" id="valda-omraden">Inga områden valda ännu</p>' in none
    assert re.findall(CHIP, none) == []
