"""Efterfrågan for a broker chain: the office filter separates the offices' figures."""

from __future__ import annotations

import pytest

from sandbox import SandboxServer, SandboxState, create_sandbox_app
from tests.conftest import make_app, submit, valid_answers
from tests.insight_pages import Clock, log_in, tables, visitor

FIRST, SECOND = "M10001", "M10002"
LOGINS = {FIRST: ("kedjan-sod", "lösen-ett-111"), SECOND: ("kedjan-gbg", "lösen-två-222")}


@pytest.fixture
def chain(database_url):
    server = SandboxServer(create_sandbox_app(SandboxState(LOGINS)))
    server.start()
    yield make_app(
        f"http://127.0.0.1:{server.port}",
        database_url,
        CLOCK=Clock(),
        VITEC_OFFICES=[(FIRST, "Södermalm"), (SECOND, "Göteborg")],
        VITEC_CUSTOMER_ID=FIRST,
        VITEC_USERNAME=LOGINS[FIRST][0],
        VITEC_PASSWORD=LOGINS[FIRST][1],
        **{f"VITEC_USERNAME_{SECOND}": LOGINS[SECOND][0]},
        **{f"VITEC_PASSWORD_{SECOND}": LOGINS[SECOND][1]},
        VITEC_USER_ID=None,
    )
    server.stop()


def test_the_office_filter_separates_two_offices(chain):
    assert submit(visitor(chain, 1), "/", valid_answers(areas=["OMR-SOD"])).status_code == 302
    for n in (2, 3):
        gbg = valid_answers(areas=["OMR-GBG-HAG"], housing_types=["house"])
        assert submit(visitor(chain, n), f"/?kontor={SECOND}", gbg).status_code == 302
    staff = log_in(chain)

    def page(office: str) -> dict:
        return tables(
            staff.get(f"/staff/statistik?period=4&kontor={office}").get_data(as_text=True)
        )

    assert page(FIRST)["tabell-omraden"][1:] == [["Södermalm", "Stockholm", "1"]]
    assert page(SECOND)["tabell-omraden"][1:] == [["Haga", "Göteborg", "2"]]
    assert page("")["tabell-omraden"][1:] == [
        ["Haga", "Göteborg", "2"],
        ["Södermalm", "Stockholm", "1"],
    ]
    assert page(FIRST)["tabell-formularet"][1:] == [["Webb", "1", "1", "100,0 %", "0", "0,0 %"]]
    assert page(SECOND)["tabell-formularet"][1:] == [["Webb", "2", "2", "100,0 %", "0", "0,0 %"]]
    assert page(SECOND)["tabell-bostadstyper"][1:] == [["Villa", "2", "100,0 %"]]

    def registrations(office: str) -> int:
        url = f"/staff/statistik/efterfragan.json?period=4&kontor={office}"
        return staff.get(url).get_json()["registrations"]

    assert (registrations(FIRST), registrations(SECOND), registrations("")) == (1, 2, 3)
    area_page = staff.get(f"/staff/statistik/omrade/{SECOND}/OMR-GBG-HAG?period=4")
    assert "<h1>Haga</h1>" in area_page.get_data(as_text=True)
    assert staff.get(f"/staff/statistik/omrade/{FIRST}/OMR-GBG-HAG?period=4").status_code == 404
