"""The sandbox serves homes and viewings in Vitec's shapes and takes interest in one home with
the strictness of the area call (the body checked against Vitec's description; 204)."""

from __future__ import annotations

import copy

import pytest
import requests

from sandbox import SandboxState, contract, create_sandbox_app
from sandbox.data import DATASETS
from tests.test_sandbox import AUTH, GOOD

ESTATE_GOOD = {
    "updatePerson": copy.deepcopy(GOOD["updatePerson"]),  # the same person as the area call's
    "estateId": "OBJ-STH-102",
    "interestNote": "Vi är två vuxna och en katt.",
    "presentAccommodation": {"estateType": "HousingCooperative", "livingSpace": 41},
    "notifyUser": True,
}


def post_estate_interest(sandbox, payload):
    return requests.post(
        sandbox.url + "/Interest/SendInterestAndContactOnEstate", json=payload, auth=AUTH, timeout=5
    )


def reference_client(dataset: int):
    ids = [f"M7000{i}" for i in range(len(DATASETS))]
    state = SandboxState({cid: ("referens", "referens-lösen") for cid in ids})
    return create_sandbox_app(state).test_client(), ids[dataset]


@pytest.mark.parametrize("dataset", range(len(DATASETS)))
def test_the_estate_list_is_vitecs_model(dataset):
    client, cid = reference_client(dataset)
    response = client.post(
        "/Estate/GetEstateList", json={"customerId": cid}, auth=("referens", "referens-lösen")
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body and contract.response_errors(body, "/Estate/GetEstateList", "post") == []
    assert body[0]["customerId"] == cid


def test_the_stockholm_office_lists_several_kinds_and_one_sold_home():
    client, cid = reference_client(0)
    lists = client.post(
        "/Estate/GetEstateList", json={"customerId": cid}, auth=("referens", "referens-lösen")
    ).get_json()[0]
    kinds = {key for key, value in lists.items() if isinstance(value, list) and value}
    assert kinds == {"houses", "housingCooperativeses", "condominiums", "cottages", "plots"}
    statuses = [item["status"]["name"] for item in lists["housingCooperativeses"]]
    assert statuses == ["Till salu", "Såld"]


def test_viewings_are_vitecs_model_and_one_has_a_booking_link():
    client, cid = reference_client(0)
    response = client.get(f"/Viewing/{cid}/OBJ-STH-102", auth=("referens", "referens-lösen"))
    body = response.get_json()
    assert contract.response_errors(body, "/Viewing/{customerId}/{estateId}") == []
    assert [v["bookingUrl"] for v in body if "bookingUrl" in v] == [
        "https://visning.example.se/boka/VIS-1021"
    ]
    assert [v["showOnInternet"] for v in body] == [True, True, False]


def test_another_offices_estates_are_forbidden(sandbox):
    response = requests.post(
        sandbox.url + "/Estate/GetEstateList", json={"customerId": "M11111"}, auth=AUTH, timeout=5
    )
    assert response.status_code == 403


def test_a_good_estate_interest_is_taken_with_204(sandbox):
    response = post_estate_interest(sandbox, ESTATE_GOOD)
    assert response.status_code == 204
    assert sandbox.state.received[-1]["payload"] == ESTATE_GOOD


def changed(key, value):
    payload = copy.deepcopy(ESTATE_GOOD)
    if value is None:
        del payload[key]
    else:
        payload[key] = value
    return payload


@pytest.mark.parametrize(
    ("payload", "key", "message"),
    [
        (changed("estateId", None), "interest.EstateId", "Objektid krävs"),
        (changed("estateId", "OBJ-NOPE"), "interest.EstateId", "Bostaden OBJ-NOPE finns inte"),
        (
            changed("estateId", "X" * 41),
            "interest.EstateId",
            "Fältet får innehålla högst 40 tecken.",
        ),
        (changed("watched", "Yes"), "interest.Watched", "Okänt fält."),
        (
            changed("lookingForAccommodations", []),
            "interest.LookingForAccommodations",
            "Okänt fält.",
        ),
        (changed("interestNote", 5), "interest.InterestNote", "Värdet måste vara en textsträng."),
    ],
)
def test_a_bad_estate_interest_is_refused_like_vitec(sandbox, payload, key, message):
    response = post_estate_interest(sandbox, payload)
    assert response.status_code == 400
    assert message in response.json()["ModelState"][key]
    assert sandbox.state.received == []
