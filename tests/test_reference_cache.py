"""The area list's cache, with Vitec faked at the HTTP level and time moved by hand: a new list
after the TTL, the last good list while Vitec fails, and a pause before asking again."""

from __future__ import annotations

import json

import responses

from app.vitec.client import VitecClient
from app.vitec.reference import RETRY_SECONDS, OfficeReference
from tests.clock import FakeClock

BASE = "https://vitec.test.invalid"
AREAS_URL = BASE + "/Area/GetAreas"
CUSTOMER = "M12345"
TTL = 300.0
SQUARE = [
    {"latitude": 59.3 + dy, "longitude": 18.0 + dx} for dx, dy in ((0, 0), (1, 0), (1, 1), (0, 1))
]


def area(area_id: str, name: str) -> dict:
    """An area as Vitec lists it, offerable (a polygon, shown on the internet)."""
    return {"areaId": area_id, "areaName": name, "county": "0180", "polygon": SQUARE}


MUNICIPALITIES = [{"countyMunicipalityCode": "0180", "name": "Stockholm"}]


class FakeVitecAreas:
    """Vitec's area list over HTTP: serves `areas`, or answers `failing` with that status."""

    def __init__(self, mock: responses.RequestsMock) -> None:
        self.areas: list[dict] = []
        self.failing: int | None = None
        self.calls = 0
        mock.add_callback(responses.GET, AREAS_URL, callback=self.answer)
        mock.get(BASE + "/Municipality", json=MUNICIPALITIES)

    def answer(self, request):
        """The response to one GET /Area/GetAreas."""
        self.calls += 1
        if self.failing:
            return self.failing, {}, ""
        return 200, {"Content-Type": "application/json"}, json.dumps(self.areas)


def names(reference: OfficeReference) -> list[str]:
    """The names of the areas the office offers now."""
    return [a.name for group in reference.groups() for a in group.areas]


def test_areas_are_fetched_again_after_the_ttl_and_the_last_good_list_outlives_an_outage():
    clock = FakeClock()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        vitec = FakeVitecAreas(mock)
        client = VitecClient(BASE, "user", "password")
        reference = OfficeReference(client, CUSTOMER, TTL, clock=clock.monotonic)

        vitec.areas = [area("OMR-1", "Södermalm")]
        assert names(reference) == ["Södermalm"] and vitec.calls == 1
        vitec.areas = [area("OMR-1", "Södermalm"), area("OMR-2", "Vasastan")]
        clock.advance(TTL - 1)
        assert names(reference) == ["Södermalm"] and vitec.calls == 1  # still cached

        clock.advance(1)  # the TTL has run out: a new list is fetched
        assert names(reference) == ["Södermalm", "Vasastan"] and vitec.calls == 2

        vitec.failing = 503
        clock.advance(TTL)
        assert names(reference) == ["Södermalm", "Vasastan"]  # the last good list
        assert vitec.calls == 3
        for _ in range(5):  # page views meanwhile do not ask Vitec again ...
            clock.advance((RETRY_SECONDS - 1) / 5)
            assert names(reference) == ["Södermalm", "Vasastan"]
        assert vitec.calls == 3
        clock.advance(1)  # ... until RETRY_SECONDS have passed
        assert names(reference) == ["Södermalm", "Vasastan"] and vitec.calls == 4

        vitec.failing = None
        vitec.areas = [area("OMR-3", "Årsta")]
        clock.advance(RETRY_SECONDS)
        assert names(reference) == ["Årsta"] and vitec.calls == 5


def test_before_any_list_was_had_the_fallback_serves_and_vitec_is_asked_after_the_pause(
    tmp_path,
):
    clock = FakeClock()
    areas_file = tmp_path / "areas.json"
    areas_file.write_text(
        json.dumps({"areas": [area("OMR-F", "Från fil")], "municipalities": MUNICIPALITIES})
    )
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        vitec = FakeVitecAreas(mock)
        vitec.failing = 500
        client = VitecClient(BASE, "user", "password")
        reference = OfficeReference(
            client, CUSTOMER, TTL, areas_file=str(areas_file), clock=clock.monotonic
        )
        assert names(reference) == ["Från fil"] and vitec.calls == 1
        clock.advance(RETRY_SECONDS - 1)
        assert names(reference) == ["Från fil"] and vitec.calls == 1
        vitec.failing = None
        vitec.areas = [area("OMR-1", "Södermalm")]
        clock.advance(1)
        assert names(reference) == ["Södermalm"] and vitec.calls == 2


def test_while_one_view_fetches_a_stale_list_the_others_are_served_the_last_one():
    """A slow Vitec after the TTL holds up one request, not every page of the office."""
    import threading

    from app.vitec.reference import TtlCache

    clock = FakeClock()
    fetching, release = threading.Event(), threading.Event()
    answers = iter(["first list", "second list"])

    def fetch():
        value = next(answers)
        if value == "second list":
            fetching.set()
            assert release.wait(10), "the test never let the fetch finish"
        return value

    cache = TtlCache(fetch, lambda: "fallback", TTL, clock.monotonic)
    assert cache.get() == "first list"
    clock.advance(TTL + 1)
    slow = threading.Thread(target=cache.get)
    slow.start()
    assert fetching.wait(10)
    assert cache.get() == "first list"  # at once, while the other thread is still fetching
    release.set()
    slow.join(10)
    assert cache.get() == "second list"
