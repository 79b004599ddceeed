"""Vitec's estate calls: the interest in one home, the office's estate list (cached, last good
kept) and a home's viewings, with Vitec faked at the HTTP level."""

from __future__ import annotations

import json
import typing
from datetime import datetime

import pytest
import responses

from app.vitec.client import VitecClient, VitecRejected
from app.vitec.estates import (
    Estate,
    EstatesUnavailable,
    OfficeEstates,
    Viewing,
    build_estates,
    build_viewings,
)
from app.vitec.payload import InterestOnEstateAndContact
from sandbox import contract
from tests.clock import FakeClock

BASE = "https://vitec.test.invalid"
CUSTOMER = "M12345"
TTL = 300.0

HOUSE = {
    "id": "OBJ-1",
    "streetAddress": "Björkvägen 3",
    "areaName": "Bergshamra",
    "status": {"id": "3", "name": "Till salu"},
}
FLAT = {
    "id": "OBJ-2",
    "streetAddress": "Götgatan 12",
    "areaName": "Södermalm",
    "status": {"id": "3", "name": "Till salu"},
}
SOLD = {
    "id": "OBJ-3",
    "streetAddress": "Åsögatan 40",
    "areaName": "Södermalm",
    "status": {"id": "9", "name": "Såld"},
}
ESTATE_LIST = [{"customerId": CUSTOMER, "houses": [HOUSE], "housingCooperativeses": [FLAT, SOLD]}]


@pytest.fixture
def client():
    return VitecClient(BASE, "kund-user", "kund-pass")


def test_the_estate_payload_model_has_exactly_vitecs_keys():
    model = contract.definitions()["Interest.Models.InterestOnEstateAndContact"]
    assert set(typing.get_type_hints(InterestOnEstateAndContact)) == set(model["properties"])
    assert set(model["required"]) == {"updatePerson", "estateId"}


@responses.activate
def test_interest_in_a_home_is_posted_as_given(client):
    responses.post(BASE + "/Interest/SendInterestAndContactOnEstate", status=204)
    payload = {"updatePerson": {"firstName": "Åsa", "customerId": CUSTOMER}, "estateId": "OBJ-1"}
    client.send_estate_interest(payload)
    assert json.loads(responses.calls[0].request.body) == payload


@responses.activate
def test_a_refused_interest_in_a_home_is_a_rejection(client):
    body = {"Message": "Ogiltig.", "ModelState": {"interest.EstateId": ["Okänt objekt"]}}
    responses.post(BASE + "/Interest/SendInterestAndContactOnEstate", json=body, status=400)
    with pytest.raises(VitecRejected) as caught:
        client.send_estate_interest({"estateId": "X"})
    assert caught.value.field_errors == {"interest.EstateId": ["Okänt objekt"]}


@responses.activate
def test_the_estate_list_is_asked_for_the_office(client):
    responses.post(BASE + "/Estate/GetEstateList", json=ESTATE_LIST)
    assert client.get_estate_list(CUSTOMER) == ESTATE_LIST
    assert json.loads(responses.calls[0].request.body) == {"customerId": CUSTOMER}


@responses.activate
def test_viewings_are_asked_for_by_office_and_home(client):
    responses.get(BASE + "/Viewing/M12345/OBJ-1", json=[])
    assert client.get_viewings(CUSTOMER, "OBJ-1") == []
    assert responses.calls[0].request.url == BASE + "/Viewing/M12345/OBJ-1"


def test_homes_are_named_by_their_list_and_sold_ones_are_not_for_sale():
    estates = build_estates(ESTATE_LIST)
    assert estates["OBJ-1"] == Estate(
        "OBJ-1", "Björkvägen 3", "Bergshamra", "Villa", "Till salu", True
    )
    assert estates["OBJ-2"].kind == "Bostadsrätt"
    assert estates["OBJ-3"].for_sale is False
    assert estates["OBJ-2"].title == "Götgatan 12, Södermalm"


def test_only_viewings_shown_on_the_internet_are_kept_and_only_web_booking_links():
    raw = [
        {
            "id": "V2",
            "startsAt": "2026-12-13T13:00:00",
            "endsAt": "2026-12-13T13:45:00",
            "showOnInternet": True,
            "bookingUrl": "javascript:alert(1)",
        },
        {
            "id": "V1",
            "startsAt": "2026-12-12T11:00:00",
            "showOnInternet": True,
            "bookingUrl": "https://boka.example.se/v1",
            "commentary": "Välkommen!",
        },
        {"id": "V3", "startsAt": "2026-12-14T11:00:00", "showOnInternet": False},
    ]
    assert build_viewings(raw) == (
        Viewing(datetime(2026, 12, 12, 11), None, "https://boka.example.se/v1", "Välkommen!"),
        Viewing(datetime(2026, 12, 13, 13), datetime(2026, 12, 13, 13, 45), "", ""),
    )


def test_the_last_good_estate_list_outlives_an_outage_and_none_at_all_is_said():
    clock = FakeClock()
    with responses.RequestsMock() as mock:
        mock.post(BASE + "/Estate/GetEstateList", status=503)
        estates = OfficeEstates(VitecClient(BASE, "u", "p"), CUSTOMER, TTL, clock.monotonic)
        with pytest.raises(EstatesUnavailable):
            estates.find("OBJ-1")
    clock.advance(TTL)
    with responses.RequestsMock() as mock:
        mock.post(BASE + "/Estate/GetEstateList", json=ESTATE_LIST)
        assert estates.find("OBJ-1").street_address == "Björkvägen 3"
        assert estates.find("OBJ-9") is None
    clock.advance(TTL)
    with responses.RequestsMock() as mock:
        mock.post(BASE + "/Estate/GetEstateList", status=500)
        assert estates.find("OBJ-2").kind == "Bostadsrätt"  # the last good list
