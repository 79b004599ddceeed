"""A broker chain: several offices, each its own Vitec customer id, areas and login."""

from __future__ import annotations

import re

import pytest

from app import outbox
from app.staff import accounts
from sandbox import SandboxServer, SandboxState, create_sandbox_app
from tests.conftest import hidden_fields, make_app, submit, thanks_address, valid_answers

FIRST, SECOND = "M10001", "M10002"
LOGINS = {FIRST: ("kedjan-sod", "lösen-ett-111"), SECOND: ("kedjan-gbg", "lösen-två-222")}
STAFF = ("kedja@maklarbyran.se", "kedjans-lösenord-12")


@pytest.fixture
def chain_sandbox():
    """A stand-in with two offices: Stockholm-region areas for the first, Göteborg's for the
    second, each with its own password."""
    server = SandboxServer(create_sandbox_app(SandboxState(LOGINS)))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def chain(chain_sandbox, database_url):
    """The service configured for both offices, each with its own password."""
    server = chain_sandbox
    return make_app(
        f"http://127.0.0.1:{server.port}",
        database_url,
        VITEC_OFFICES=[(FIRST, "Södermalm"), (SECOND, "Göteborg")],
        VITEC_CUSTOMER_ID=FIRST,
        VITEC_USERNAME=LOGINS[FIRST][0],
        VITEC_PASSWORD=LOGINS[FIRST][1],
        **{f"VITEC_USERNAME_{SECOND}": LOGINS[SECOND][0]},
        **{f"VITEC_PASSWORD_{SECOND}": LOGINS[SECOND][1]},
        VITEC_USER_ID=None,
    )


def offered_areas(html: str) -> set[str]:
    return set(re.findall(r'name="areas" id="[^"]+" value="([^"]+)"', html))


def account(office: str) -> str:
    """The Basic username the stand-in checked (with its password) for this office."""
    return LOGINS[office][0]


def test_each_office_form_offers_its_own_areas_and_sends_with_its_own_login(chain, chain_sandbox):
    client = chain.test_client()
    default_page = client.get("/").get_data(as_text=True)
    second_page = client.get(f"/?kontor={SECOND}").get_data(as_text=True)
    assert "OMR-SOD" in offered_areas(default_page)
    assert offered_areas(second_page) and all(
        a.startswith("OMR-GBG-") for a in offered_areas(second_page)
    )
    assert "Göteborg" in re.findall(r"<legend>([^<]+)</legend>", second_page)
    assert f'action="/?kontor={SECOND}"' in second_page

    second = valid_answers(areas=["OMR-GBG-HAG"], email="gbg@example.se")
    response = submit(client, f"/?kontor={SECOND}", second)
    assert response.status_code == 302
    assert thanks_address(response.headers["Location"]) == f"/tack?kontor={SECOND}"
    assert submit(client, "/", valid_answers(email="sod@example.se")).status_code == 302
    assert chain.extensions["delivery"].worker().drain() == 2

    received = {
        r["payload"]["updatePerson"]["email"]["emailAddress"]: r
        for r in chain_sandbox.state.received
    }
    assert received["gbg@example.se"]["payload"]["updatePerson"]["customerId"] == SECOND
    assert received["gbg@example.se"]["account"] == account(SECOND)
    assert received["sod@example.se"]["payload"]["updatePerson"]["customerId"] == FIRST
    assert received["sod@example.se"]["account"] == account(FIRST)


def test_an_office_that_is_not_configured_gets_a_swedish_404(chain):
    client = chain.test_client()
    for path in ("/?kontor=M99999", "/embed?kontor=M99999", "/tack?kontor=okänt"):
        response = client.get(path)
        assert response.status_code == 404, path
        html = response.get_data(as_text=True)
        assert "Sidan finns inte" in html and "OMR-SOD" not in html
    posted = client.post("/?kontor=M99999", data=valid_answers())
    assert posted.status_code == 404
    assert outbox.listing(chain.extensions["delivery"].engine) == []


def test_the_embed_snippet_and_the_embedded_form_take_the_office(chain):
    client = chain.test_client()
    guide = client.get("/inbaddning").get_data(as_text=True)
    assert f'data-kontor="{SECOND}"' in guide
    page = client.get(f"/embed?kontor={SECOND}").get_data(as_text=True)
    assert offered_areas(page) and all(a.startswith("OMR-GBG-") for a in offered_areas(page))
    response = submit(client, f"/embed?kontor={SECOND}", valid_answers(areas=["OMR-GBG-LIN"]))
    assert thanks_address(response.headers["Location"]) == f"/embed/tack?kontor={SECOND}"
    (row,) = outbox.listing(chain.extensions["delivery"].engine)
    assert row["office"] == SECOND


def test_reference_data_is_fetched_and_cached_per_office(chain, chain_sandbox):
    accounts.add(chain.extensions["delivery"].engine, *STAFF)
    client = chain.test_client()
    page = client.get("/staff/login").get_data(as_text=True)
    client.post(
        "/staff/login", data={"email": STAFF[0], "password": STAFF[1], **hidden_fields(page)}
    )
    for _ in range(2):
        client.get("/")
        client.get(f"/?kontor={SECOND}")
        staff_page = client.get(f"/staff/ny?kontor={SECOND}").get_data(as_text=True)
    assert offered_areas(staff_page) and all(
        a.startswith("OMR-GBG-") for a in offered_areas(staff_page)
    )
    calls = chain_sandbox.state.calls_by_customer()
    # Areas and municipalities once per office; the staff lists once, for the office asked.
    assert calls[FIRST] == {"/Area/GetAreas": 1, "/Municipality": 1}
    assert calls[SECOND] == {
        "/Area/GetAreas": 1,
        "/Municipality": 1,
        "/User/GetUser": 1,
        "/Task/GetTasks": 1,
        "/Category/GetCategories": 1,
        f"/IncreasedRequirement/{SECOND}": 1,
    }


def test_a_staff_entry_goes_with_the_office_chosen(chain, chain_sandbox):
    accounts.add(chain.extensions["delivery"].engine, *STAFF)
    client = chain.test_client()
    page = client.get("/staff/login").get_data(as_text=True)
    client.post(
        "/staff/login", data={"email": STAFF[0], "password": STAFF[1], **hidden_fields(page)}
    )
    entry = client.get(f"/staff/ny?kontor={SECOND}").get_data(as_text=True)
    assert "Kontor: <strong>Göteborg</strong>" in entry
    data = {**valid_answers(areas=["OMR-GBG-MAJ"], obtain_through="Phone"), **hidden_fields(entry)}
    assert client.post(f"/staff/ny?kontor={SECOND}", data=data).status_code == 302
    chain.extensions["delivery"].worker().drain()
    (received,) = chain_sandbox.state.received
    assert received["payload"]["updatePerson"]["customerId"] == SECOND
    assert received["account"] == account(SECOND)


def test_a_refused_reference_call_is_named_with_its_office_in_readyz_and_the_log(
    chain, chain_sandbox, caplog
):
    from tests.conftest import Sandbox

    url = f"http://127.0.0.1:{chain_sandbox.port}"
    Sandbox(url, chain_sandbox.state, chain_sandbox).fail_next(
        401, count=0, path="/Area/GetAreas", customer_id=SECOND
    )
    client = chain.test_client()
    assert client.get("/readyz").status_code == 200
    html = client.get(f"/?kontor={SECOND}").get_data(as_text=True)
    assert "Områdena kunde inte hämtas just nu" in html
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["problems"] == [
        f"Vitec refuses the credentials of office {SECOND} for GetAreas (401)"
    ]
    assert any(
        "office M10002" in r.getMessage() and "GetAreas" in r.getMessage() for r in caplog.records
    )
    assert client.get("/").status_code == 200  # the other office is not affected


def test_an_empty_office_parameter_is_the_default_office(chain):
    client = chain.test_client()
    page = client.get("/?kontor=")
    assert page.status_code == 200 and "OMR-SOD" in offered_areas(page.get_data(as_text=True))
    assert client.get("/tack?kontor=").status_code == 200
