"""The sandbox's offices, accounts, filtered faults and loopback-only controls."""

from __future__ import annotations

import copy

import pytest
import requests

from app import create_app
from sandbox import SandboxServer, SandboxState, create_sandbox_app
from sandbox.controls import is_loopback
from tests.test_sandbox import GOOD

SODER = "M10001"  # dataset 0: the Stockholm region
GBG = "M10002"  # dataset 1: the Göteborg region
A = ("kontor-sthlm", "lösen-sthlm-1")
B = ("kontor-gbg", "lösen-gbg-2")


@pytest.fixture
def offices():
    """A sandbox with two offices, each its own customer id and account."""
    state = SandboxState({SODER: A, GBG: B, "M10003": ("kontor-3", "lösen-3")})
    server = SandboxServer(create_sandbox_app(state))
    url = server.start()
    yield url, state
    server.stop()


def get(url, path, auth, **params):
    auth = tuple(part.encode() for part in auth)
    return requests.get(url + path, params=params, auth=auth, timeout=5)


def areas(url, customer_id, auth):
    return get(url, "/Area/GetAreas", auth, **{"criteria.customerId": customer_id})


def send(url, customer_id, auth, area_id):
    payload = copy.deepcopy(GOOD)
    payload["updatePerson"]["customerId"] = customer_id
    payload["lookingForAccommodations"][0]["areaIds"] = [area_id]
    auth = tuple(part.encode() for part in auth)
    path = "/Interest/SendInterestAndContactOnArea"
    return requests.post(url + path, json=payload, auth=auth, timeout=5)


def test_each_office_has_its_own_areas_and_municipalities(offices):
    url, _ = offices
    soder = areas(url, SODER, A).json()
    gbg = areas(url, GBG, B).json()
    assert "OMR-SOD" in {a["areaId"] for a in soder}
    assert all(a["areaId"].startswith("OMR-GBG-") for a in gbg) and len(gbg) >= 8
    names = {
        m["countyMunicipalityCode"]: m["name"]
        for m in get(url, "/Municipality", B, customerId=GBG).json()
    }
    live = [a for a in gbg if not a["archived"]]
    assert {names[a["county"]] for a in live} == {"Göteborg", "Mölndal", "Partille"}
    # A third account gets the first dataset again.
    third = areas(url, "M10003", ("kontor-3", "lösen-3")).json()
    assert {a["areaId"] for a in third} == {a["areaId"] for a in soder}


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/Area/GetAreas", {"criteria.customerId": GBG}),
        ("/User/GetUser", {"criteria.customerId": GBG}),
        ("/Task/GetTasks", {"customerId": GBG}),
        ("/Category/GetCategories", {"customerId": GBG}),
        ("/Municipality", {"customerId": GBG}),
        (f"/IncreasedRequirement/{GBG}", {}),
        ("/Area/GetAreas", {"criteria.customerId": "M00000"}),  # no such customer
        ("/Area/GetAreas", {}),  # no customer at all
    ],
)
def test_one_office_asking_about_another_gets_403(offices, path, params):
    url, _ = offices
    assert get(url, path, A, **params).status_code == 403
    own = GBG in params.values() or path.endswith(GBG)
    assert get(url, path, B, **params).status_code == (200 if own else 403)


def test_credentials_of_no_account_get_401_even_mixed_across_offices(offices):
    url, _ = offices
    for auth in [(A[0], B[1]), (B[0], "fel"), ("", "")]:
        response = areas(url, SODER, auth)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Basic")


def test_a_registration_for_another_office_is_refused_and_areas_are_per_office(offices):
    url, state = offices
    assert send(url, GBG, A, "OMR-GBG-LIN").status_code == 403
    refused = send(url, GBG, B, "OMR-SOD")  # Södermalm is not the Göteborg office's area
    assert refused.status_code == 400
    assert (
        "OMR-SOD" in refused.json()["ModelState"]["interest.LookingForAccommodations[0].AreaIds"][0]
    )
    assert state.received == []
    assert send(url, GBG, B, "OMR-GBG-LIN").status_code == 204


def test_one_set_of_credentials_may_serve_several_offices():
    shared = ("gemensam", "lösen-gemensamt")
    state = SandboxState({SODER: shared, GBG: shared})
    server = SandboxServer(create_sandbox_app(state))
    other = server.start()
    try:
        assert areas(other, SODER, shared).status_code == 200
        assert areas(other, GBG, shared).status_code == 200
        users = get(other, "/User/GetUser", shared).json()  # customerId is optional here
        assert {"HAN001", "HAN101"} <= {u["userId"] for u in users}
    finally:
        server.stop()


def test_a_fault_can_be_limited_to_one_call_of_one_office(offices):
    url, _ = offices
    fault = {"status": 401, "count": 0, "path": "/User/GetUser", "customer_id": GBG}
    requests.post(url + "/_sandbox/faults", json=fault, timeout=5).raise_for_status()
    for _ in range(2):
        assert get(url, "/User/GetUser", B, **{"criteria.customerId": GBG}).status_code == 401
    assert areas(url, GBG, B).status_code == 200
    assert get(url, "/User/GetUser", A, **{"criteria.customerId": SODER}).status_code == 200
    requests.delete(url + "/_sandbox/faults", timeout=5).raise_for_status()
    assert get(url, "/User/GetUser", B, **{"criteria.customerId": GBG}).status_code == 200


def test_a_fault_for_a_registration_matches_the_payloads_customer(offices):
    url, state = offices
    fault = {"status": 503, "customer_id": SODER, "path": "/Interest/"}
    requests.post(url + "/_sandbox/faults", json=fault, timeout=5).raise_for_status()
    assert send(url, GBG, B, "OMR-GBG-LIN").status_code == 204
    assert send(url, SODER, A, "OMR-SOD").status_code == 503
    assert send(url, SODER, A, "OMR-SOD").status_code == 204
    assert len(state.received) == 2


def test_a_malformed_fault_is_refused(offices):
    url, _ = offices
    for body in [{"status": "x"}, {"status": 500, "paht": "/User"}, [1]]:
        assert requests.post(url + "/_sandbox/faults", json=body, timeout=5).status_code == 400


def test_a_customers_areas_can_be_replaced_and_restored(offices):
    url, _ = offices
    many = [
        {
            "areaId": f"OMR-T{i:03}",
            "areaName": f"Testområde {i}",
            "county": "0180",
            "archived": False,
            "showOnInternet": True,
            "polygon": [{"longitud": 18.0, "latitud": 59.0}] * 4,
        }
        for i in range(300)
    ]
    municipalities = [{"id": "K0180", "name": "Stockholm", "countyMunicipalityCode": "0180"}]
    body = {"areas": many, "municipalities": municipalities}
    assert requests.put(f"{url}/_sandbox/areas/{SODER}", json=body, timeout=5).status_code == 204
    assert len(areas(url, SODER, A).json()) == 300
    assert get(url, "/Municipality", A, customerId=SODER).json() == municipalities
    assert send(url, SODER, A, "OMR-T299").status_code == 204
    assert send(url, SODER, A, "OMR-SOD").status_code == 400  # no longer one of its areas
    assert {a["areaId"] for a in areas(url, GBG, B).json()} >= {"OMR-GBG-LIN"}  # untouched
    assert requests.delete(f"{url}/_sandbox/areas/{SODER}", timeout=5).status_code == 204
    assert "OMR-SOD" in {a["areaId"] for a in areas(url, SODER, A).json()}
    assert len(get(url, "/Municipality", A, customerId=SODER).json()) == 4


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"areas": [{"areaId": "X", "municipalityCode": "0180"}]}, "municipalityCode"),
        ({"areas": [{"areaId": 7}]}, "7"),
        ({"areas": [], "municipalities": [{"id": "K1", "kommun": "Solna"}]}, "kommun"),
        ({"omraden": []}, "areas"),
    ],
)
def test_replacement_areas_must_be_vitecs_shape(offices, body, named):
    url, _ = offices
    response = requests.put(f"{url}/_sandbox/areas/{SODER}", json=body, timeout=5)
    assert response.status_code == 400
    assert named in str(response.json())
    assert "OMR-SOD" in {a["areaId"] for a in areas(url, SODER, A).json()}


def test_replacing_an_unknown_customers_areas_is_404(offices):
    url, _ = offices
    response = requests.put(f"{url}/_sandbox/areas/M00000", json={"areas": []}, timeout=5)
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("address", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("::ffff:127.0.0.1", True),
        ("10.0.0.1", False),
        ("192.168.1.5", False),
        ("2001:db8::1", False),
        ("", False),
        (None, False),
    ],
)
def test_loopback_addresses(address, loopback):
    assert is_loopback(address) is loopback


CONTROLS = [
    ("GET", "/_sandbox/received", None),
    ("DELETE", "/_sandbox/received", None),
    ("POST", "/_sandbox/faults", {"status": 500}),
    ("DELETE", "/_sandbox/faults", None),
    ("PUT", f"/_sandbox/areas/{SODER}", {"areas": []}),
    ("DELETE", f"/_sandbox/areas/{SODER}", None),
]


@pytest.mark.parametrize(("method", "path", "body"), CONTROLS)
def test_controls_answer_only_loopback_peers(method, path, body):
    state = SandboxState({SODER: A})
    client = create_sandbox_app(state).test_client()
    remote = client.open(path, method=method, json=body, environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert remote.status_code == 404
    assert state.faults == [] and len(state.office(SODER).areas) > 0
    local = client.open(path, method=method, json=body, environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert local.status_code in (200, 204)


def test_the_vitec_api_itself_answers_any_peer():
    client = create_sandbox_app(SandboxState({SODER: A})).test_client()
    response = client.get(
        "/Task/GetTasks",
        query_string={"customerId": SODER},
        auth=A,
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
    )
    assert response.status_code == 200


def test_the_mounted_sandbox_controls_see_the_real_peer_behind_proxy_fix(monkeypatch, tmp_path):
    for name in ("VITEC_BASE_URL", "VITEC_USERNAME", "VITEC_PASSWORD", "VITEC_CUSTOMER_ID"):
        monkeypatch.delenv(name, raising=False)
    app = create_app(
        {
            "TESTING": True,
            "VITEC_SANDBOX": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
            "PROXY_FIX_HOPS": 1,
        }
    )
    client = app.test_client()
    forged = {"REMOTE_ADDR": "203.0.113.9"}
    headers = {"X-Forwarded-For": "127.0.0.1"}
    assert (
        client.get("/sandlada/_sandbox/received", environ_base=forged, headers=headers).status_code
        == 404
    )
    local = client.get("/sandlada/_sandbox/received", environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert local.status_code == 200 and local.get_json() == []
