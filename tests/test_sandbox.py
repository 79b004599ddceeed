"""The built-in Vitec sandbox enforces Vitec's documented rules, over loopback HTTP."""

from __future__ import annotations

import copy
import time

import pytest
import requests

from tests.conftest import CUSTOMER_ID, SANDBOX_PASSWORD, SANDBOX_USER

AUTH = (SANDBOX_USER.encode(), SANDBOX_PASSWORD.encode())  # UTF-8, as VitecClient sends
SQUARE = [
    {"longitud": 18.0, "latitud": 59.0},
    {"longitud": 18.1, "latitud": 59.0},
    {"longitud": 18.1, "latitud": 59.1},
    {"longitud": 18.0, "latitud": 59.0},
]

GOOD = {
    "updatePerson": {
        "firstName": "Åsa",
        "lastName": "Öberg",
        "cellPhone": "070-123 45 67",
        "approval": True,
        "approvalDate": "2026-11-29T14:30:05+01:00",
        "obtainThrough": "Interest",
        "customerId": CUSTOMER_ID,
    },
    "lookingForAccommodations": [
        {"areaIds": ["OMR-SOD"], "countryCode": "SE", "house": True, "active": True}
    ],
    "watched": "Yes",
}


def post(sandbox, payload, auth=AUTH):
    return requests.post(
        sandbox.url + "/Interest/SendInterestAndContactOnArea",
        json=payload,
        auth=auth,
        timeout=5,
    )


def changed(path, value):
    """GOOD with one value replaced (value DELETE removes the key)."""
    payload = copy.deepcopy(GOOD)
    *parents, last = path
    node = payload
    for key in parents:
        node = node[key]
    if value == "DELETE":
        del node[last]
    else:
        node[last] = value
    return payload


def test_accepts_a_valid_payload_with_204_and_keeps_it(sandbox):
    response = post(sandbox, GOOD)
    assert response.status_code == 204
    assert response.content == b""
    received = sandbox.received()
    assert [r["payload"] for r in received] == [GOOD]


@pytest.mark.parametrize(
    "auth",
    [
        None,
        (SANDBOX_USER, "fel"),
        (b"fel", SANDBOX_PASSWORD.encode()),
        (SANDBOX_USER, SANDBOX_PASSWORD),
    ],
    ids=["none", "pw", "user", "latin1"],
)
def test_wrong_or_missing_credentials_get_401(sandbox, auth):
    assert post(sandbox, GOOD, auth=auth).status_code == 401
    assert sandbox.received() == []


def test_another_customer_gets_403(sandbox):
    response = post(sandbox, changed(["updatePerson", "customerId"], "M00001"))
    assert response.status_code == 403


RULES = [
    (["updatePerson"], "DELETE", "interest.UpdatePerson", "Uppgift om personen krävs"),
    (["updatePerson", "customerId"], "DELETE", "interest.UpdatePerson.CustomerId", "Kundid krävs"),
    (["updatePerson", "customerId"], "", "interest.UpdatePerson.CustomerId", "Kundid krävs"),
    (["updatePerson", "cellPhone"], "DELETE", "interest.UpdatePerson", "Minst en av e-post"),
    (["updatePerson", "firstName"], "x" * 31, "interest.UpdatePerson.FirstName", "högst 30"),
    (["updatePerson", "lastName"], "x" * 31, "interest.UpdatePerson.LastName", "högst 30"),
    (["updatePerson", "cellPhone"], "0" * 18, "interest.UpdatePerson.CellPhone", "högst 17"),
    (
        ["updatePerson", "socialSecurityNumber"],
        "1" * 21,
        "interest.UpdatePerson.SocialSecurityNumber",
        "högst 20",  # the help page's 20, not the 2020 description's 15
    ),
    (
        ["updatePerson", "address"],
        {"city": "x" * 26},
        "interest.UpdatePerson.Address.City",
        "högst 25",
    ),
    (
        ["updatePerson", "address"],
        {"zipCode": "1" * 16},
        "interest.UpdatePerson.Address.ZipCode",
        "högst 15",
    ),
    (
        ["updatePerson", "address"],
        {"streetAddress": "x" * 69},
        "interest.UpdatePerson.Address.StreetAddress",
        "högst 68",
    ),
    (
        ["updatePerson", "address"],
        {"countryCode": "SWE"},
        "interest.UpdatePerson.Address.CountryCode",
        "högst 2",
    ),
    (
        ["updatePerson", "email"],
        {"emailAddress": "a" * 96 + "@x.se"},
        "interest.UpdatePerson.Email.EmailAddress",
        "högst 100",
    ),
    (["updatePerson", "contactId"], "k" * 41, "interest.UpdatePerson.ContactId", "högst 40"),
    (
        ["updatePerson", "obtainThrough"],
        "Web",
        "interest.UpdatePerson.ObtainThrough",
        "Okänt värde",
    ),
    (["updatePerson", "approval"], "true", "interest.UpdatePerson.Approval", "true eller false"),
    (["updatePerson", "approvalDate"], "igår", "interest.UpdatePerson.ApprovalDate", "fel format"),
    (["updatePerson", "leadScore"], 2.5, "interest.UpdatePerson.LeadScore", "heltal"),
    (["updatePerson", "firstname"], "Åsa", "interest.UpdatePerson.Firstname", "Okänt fält"),
    (
        ["lookingForAccommodations"],
        "DELETE",
        "interest.LookingForAccommodations",
        "Minst en sökpreferens",
    ),
    (
        ["lookingForAccommodations"],
        [],
        "interest.LookingForAccommodations",
        "Minst en sökpreferens",
    ),
    (
        ["lookingForAccommodations", 0, "house"],
        False,
        "interest.LookingForAccommodations[0]",
        "Minst en önskad bostadstyp",
    ),
    (
        ["lookingForAccommodations", 0, "areaIds"],
        ["OMR-NOPE"],
        "interest.LookingForAccommodations[0].AreaIds",
        "finns inte",
    ),
    (
        ["lookingForAccommodations", 0, "areaIds"],
        ["OMR-SKA"],
        "interest.LookingForAccommodations[0].AreaIds",
        "saknar polygon",
    ),
    (
        ["lookingForAccommodations", 0, "polygon"],
        SQUARE[:3],
        "interest.LookingForAccommodations[0].Polygon",
        "minst fyra",
    ),
    (
        ["lookingForAccommodations", 0, "polygon"],
        [*SQUARE[:3], {"longitud": 1, "latitud": 1}],
        "interest.LookingForAccommodations[0].Polygon",
        "minst fyra",
    ),
    (
        ["lookingForAccommodations", 0, "price"],
        {"min": "2 miljoner"},
        "interest.LookingForAccommodations[0].Price.Min",
        "ett tal",
    ),
    (
        ["lookingForAccommodations", 0, "specialRequest"],
        "Balkong",
        "interest.LookingForAccommodations[0].SpecialRequest",
        "Okänt fält",
    ),
    (
        ["presentAccommodation"],
        {"estateType": "Villa"},
        "interest.PresentAccommodation.EstateType",
        "Okänt värde",
    ),
    (["watched"], "Maybe", "interest.Watched", "Okänt värde"),
    (["watched"], 3, "interest.Watched", "Okänt värde: 3."),
    (["updatePerson", "lastName"], None, "interest.UpdatePerson.LastName", "textsträng"),
    (
        ["lookingForAccommodations", 0, "areaIds"],
        "OMR-SOD",
        "interest.LookingForAccommodations[0].AreaIds",
        "en lista",
    ),
    (
        ["updatePerson", "email"],
        {"emailAdress": "a@b.se"},
        "interest.UpdatePerson.Email.EmailAdress",
        "Okänt fält",
    ),
    (["notifyUser"], "ja", "interest.NotifyUser", "true eller false"),
    (["notifyUser"], True, "interest.UpdatePerson.UserId", "Handläggare krävs"),
]


@pytest.mark.parametrize(
    ("path", "value", "key", "message"), RULES, ids=[r[2] + ":" + r[3] for r in RULES]
)
def test_each_documented_rule_answers_400_naming_the_field(sandbox, path, value, key, message):
    response = post(sandbox, changed(path, value))
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"Message", "ModelState"}
    assert key in body["ModelState"], body["ModelState"]
    assert any(message in m for m in body["ModelState"][key])
    assert sandbox.received() == []


def test_an_area_with_only_a_wgs84_polygon_can_be_used(sandbox):
    assert post(sandbox, changed(["lookingForAccommodations", 0, "areaIds"], ["OMR-LIL"])).ok


def test_a_valid_polygon_and_enum_indexes_are_accepted(sandbox):
    payload = changed(["lookingForAccommodations", 0, "polygon"], SQUARE)
    payload["presentAccommodation"] = {"estateType": 0, "livingSpace": 0.0}
    payload["notifyUser"] = True
    payload["updatePerson"]["userId"] = "HAN001"
    assert post(sandbox, payload).status_code == 204


def test_the_same_person_twice_is_one_contact_with_two_registrations(sandbox):
    assert post(sandbox, GOOD).status_code == 204
    assert post(sandbox, GOOD).status_code == 204
    received = sandbox.received()
    assert len(received) == 2
    assert received[0]["contactId"] == received[1]["contactId"]
    other = changed(["updatePerson", "cellPhone"], "070-999 99 99")
    other["updatePerson"]["firstName"] = "Bo"
    assert post(sandbox, other).status_code == 204
    assert sandbox.received()[2]["contactId"] != received[0]["contactId"]


def test_reference_data_lists(sandbox):
    def get(path, **params):
        return requests.get(sandbox.url + path, params=params, auth=AUTH, timeout=5)

    areas = get("/Area/GetAreas", **{"criteria.customerId": CUSTOMER_ID}).json()
    municipalities = get("/Municipality", customerId=CUSTOMER_ID).json()
    names = {m["countyMunicipalityCode"]: m["name"] for m in municipalities}
    live = [a for a in areas if not a["archived"] and a["showOnInternet"] and a.get("polygon")]
    assert len(live) == 13
    # An area names no municipality: its county (LK code) matches countyMunicipalityCode.
    assert {names[a["county"]] for a in live} == {"Stockholm", "Solna", "Nacka", "Uppsala"}
    assert any(a["archived"] for a in areas)
    assert any(not a.get("polygon") and not a.get("polygonWGS84") for a in areas)
    assert any(not a["showOnInternet"] for a in areas)
    assert any(not a.get("polygon") and a.get("polygonWGS84") for a in areas)
    for area in live:
        assert len(area["polygon"]) >= 4 and area["polygon"][0] == area["polygon"][-1]
    users = get("/User/GetUser", **{"criteria.customerId": CUSTOMER_ID}).json()
    assert users[0]["userId"] and all(u["public"] for u in users)  # only public users
    assert all(u["customerId"] == [CUSTOMER_ID] for u in users)
    assert get("/Task/GetTasks", customerId=CUSTOMER_ID).json()[0]["description"]
    categories = get("/Category/GetCategories", customerId=CUSTOMER_ID).json()
    assert any(c["readOnly"] for c in categories["personCategories"])
    assert get(f"/IncreasedRequirement/{CUSTOMER_ID}").json()[0]["increasedRequirements"]
    assert get("/Municipality", customerId=CUSTOMER_ID).json()[0]["name"]
    assert get("/Area/GetAreas", **{"criteria.customerId": "M1"}).status_code == 403


@pytest.mark.parametrize(("status", "retry_after"), [(500, None), (503, 30), (429, 5)])
def test_fault_injection_answers_the_next_calls_then_recovers(sandbox, status, retry_after):
    sandbox.fail_next(status, count=2, retry_after=retry_after)
    for _ in range(2):
        response = post(sandbox, GOOD)
        assert response.status_code == status
        if retry_after:
            assert response.headers["Retry-After"] == str(retry_after)
    assert post(sandbox, GOOD).status_code == 204
    assert len(sandbox.received()) == 1


def test_fault_injection_can_delay(sandbox):
    requests.post(sandbox.url + "/_sandbox/faults", json={"delay": 0.5}, timeout=5)
    started = time.monotonic()
    assert post(sandbox, GOOD).status_code == 204
    assert time.monotonic() - started >= 0.5
