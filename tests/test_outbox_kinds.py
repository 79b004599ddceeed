"""Each outbox row carries which Vitec call it is for, and the worker sends it there."""

from __future__ import annotations

from app import outbox
from app.outbox.kinds import AREA, ESTATE, kind_name
from sandbox import contract
from tests.conftest import CUSTOMER_ID
from tests.test_sandbox import GOOD

ESTATE_PAYLOAD = {
    "updatePerson": {
        "firstName": "Åsa",
        "lastName": "Öberg",
        "cellPhone": "070-123 45 67",
        "customerId": CUSTOMER_ID,
    },
    "estateId": "OBJ-STH-102",
    "notifyUser": True,
}


def test_each_kind_goes_to_its_own_call_and_rows_default_to_the_area_call(app, sandbox, deliver):
    services = app.extensions["delivery"]
    now = services.clock()
    seal = services.sealer.seal
    estate = outbox.Sealed(
        seal(ESTATE_PAYLOAD), kind=ESTATE, estate_id="OBJ-STH-102", estate_title="Götgatan 12"
    )
    assert outbox.enqueue(services.engine, "e" * 32, estate, "web", now)
    assert outbox.enqueue(services.engine, "a" * 32, outbox.Sealed(seal(GOOD)), "web", now)
    assert deliver() == 2
    assert sandbox.state.rejected == []
    got = {tuple(sorted(r["payload"])): r["payload"] for r in sandbox.state.received}
    assert sorted(p.get("estateId", "") for p in got.values()) == ["", "OBJ-STH-102"]
    estate_sent = next(p for p in got.values() if "estateId" in p)
    assert contract.errors(estate_sent, "Interest.Models.InterestOnEstateAndContact") == []
    assert outbox.get(services.engine, "a" * 32)["kind"] == AREA
    assert outbox.get(services.engine, "e" * 32)["estate_title"] == "Götgatan 12"


def test_the_desk_names_each_kind():
    assert kind_name(AREA) == "Område"
    assert kind_name(ESTATE, "Götgatan 12, Södermalm") == "Bostad: Götgatan 12, Södermalm"
