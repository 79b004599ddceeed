"""Efterfrågan: anonymous demand counters and the statistics page, its CSV and its JSON."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app import outbox
from app.insight.tables import demand_traffic, demand_wishes
from tests.conftest import make_app, submit, valid_answers
from tests.insight_pages import (
    HOST_SITE,
    Clock,
    csv_rows,
    csv_section,
    embed_submit,
    log_in,
    staff_submit,
    tables,
    visitor,
)

PAGE = "/staff/statistik?period=4"


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def app(sandbox, database_url, clock):
    return make_app(
        sandbox.url,
        database_url,
        CLOCK=clock,
        FRAME_ANCESTORS=[HOST_SITE],
        DELIVERED_RETENTION_DAYS=0.0,
        RETENTION_DAYS=0.0,
    )


def register_four(app):
    """Four registrations with known wishes, through every channel:
    A (web)   Södermalm + Råsunda, bostadsrätt + radhus, up to 4 000 000, at least 2 rooms, news
    B (web)   Södermalm, villa, up to 7 500 000, at least 4 rooms
    C (embed) Södermalm + Sickla, bostadsrätt, no highest price, no rooms
    D (staff) Vasastan, villa, up to 12 000 000, at least 5 rooms"""
    a = valid_answers(
        areas=["OMR-SOD", "OMR-RAS"],
        housing_types=["housingCooperative", "rowHouse"],
        price_max="4 000 000",
        rooms_min="2",
        wish_advertising="y",
        email="a@example.se",
    )
    b = valid_answers(
        areas=["OMR-SOD"],
        housing_types=["house"],
        price_min=None,
        price_max="7 500 000",
        rooms_min="4",
        rooms_max=None,
        email="b@example.se",
    )
    c = valid_answers(
        areas=["OMR-SOD", "OMR-SIC"],
        housing_types=["housingCooperative"],
        price_min=None,
        price_max=None,
        rooms_min=None,
        rooms_max=None,
        email="c@example.se",
    )
    d = valid_answers(
        areas=["OMR-VAS"],
        housing_types=["house"],
        price_min=None,
        price_max="12 000 000",
        rooms_min="5",
        rooms_max=None,
        email="d@example.se",
    )
    assert submit(visitor(app, 1), "/", a).status_code == 302
    assert submit(visitor(app, 2), "/", b).status_code == 302
    assert embed_submit(visitor(app, 3), c).status_code == 302
    assert staff_submit(log_in(app), d).status_code == 302
    assert len(outbox.listing(app.extensions["delivery"].engine)) == 4


def test_the_page_and_the_csv_hold_exactly_the_counts_of_the_registrations(app):
    register_four(app)
    staff = log_in(app)
    response = staff.get(PAGE)
    assert response.status_code == 200
    found = tables(response.get_data(as_text=True))
    assert found["tabell-omraden"] == [  # ranked by count, the kommun beside each
        ["Område", "Kommun", "Anmälningar"],
        ["Södermalm", "Stockholm", "3"],
        ["Råsunda", "Solna", "1"],
        ["Sickla", "Nacka", "1"],
        ["Vasastan", "Stockholm", "1"],
    ]
    assert found["tabell-bostadstyper"][1:] == [
        ["Bostadsrätt", "2", "50,0 %"],
        ["Villa", "2", "50,0 %"],
        ["Radhus", "1", "25,0 %"],
    ]
    assert found["tabell-prisklasser"][1:] == [  # no price in two bands
        ["över 2 till och med 4 Mkr", "1", "25,0 %"],
        ["över 6 till och med 10 Mkr", "1", "25,0 %"],
        ["över 10 Mkr", "1", "25,0 %"],
        ["inget maxpris", "1", "25,0 %"],
    ]
    assert found["tabell-rum"][1:] == [
        ["minst 2 rum", "1", "25,0 %"],
        ["minst 4 rum", "1", "25,0 %"],
        ["minst 5 rum", "1", "25,0 %"],
        ["inget minsta antal", "1", "25,0 %"],
    ]
    assert found["tabell-veckor"] == [
        ["Vecka", "Webb", "Inbäddad", "Personal", "Totalt"],
        ["2025 v. 8", "0", "0", "0", "0"],
        ["2025 v. 9", "0", "0", "0", "0"],
        ["2025 v. 10", "0", "0", "0", "0"],
        ["2025 v. 11", "2", "1", "1", "4"],
    ]
    assert found["tabell-formularet"][1:] == [
        ["Webb", "2", "2", "100,0 %", "0", "0,0 %"],
        [f"Inbäddad på {HOST_SITE}", "1", "1", "100,0 %", "0", "0,0 %"],
        ["Personal", "–", "1", "–", "0", "0,0 %"],
    ]

    export = staff.get("/staff/statistik/efterfragan.csv?period=4")
    assert export.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in export.headers["Content-Disposition"]
    # One long table (a figure a row, the period and office on each) that Excel can pivot.
    rows = csv_rows(export.data)
    assert {tuple(row[5:]) for row in rows} == {("2025-02-17", "2025-03-11", "Alla kontor")}
    key_figures = csv_section(export.data, "Nyckeltal")
    assert ["", "", "Anmälningar", "4"] in key_figures
    assert ["", "", "Valde nyheter och erbjudanden", "1"] in key_figures
    assert csv_section(export.data, "Områden") == [
        ["Södermalm", "Stockholm", "Anmälningar", "3"],
        ["Råsunda", "Solna", "Anmälningar", "1"],
        ["Sickla", "Nacka", "Anmälningar", "1"],
        ["Vasastan", "Stockholm", "Anmälningar", "1"],
    ]
    share = "Andel av anmälningarna (%)"
    assert csv_section(export.data, "Bostadstyper") == [
        ["Bostadsrätt", "", "Anmälningar", "2"],
        ["Bostadsrätt", "", share, "50,0"],
        ["Villa", "", "Anmälningar", "2"],
        ["Villa", "", share, "50,0"],
        ["Radhus", "", "Anmälningar", "1"],
        ["Radhus", "", share, "25,0"],
    ]
    prices = csv_section(export.data, "Prisklasser (högsta pris)")
    assert [row for row in prices if row[2] == "Anmälningar"] == [
        ["över 2 till och med 4 Mkr", "", "Anmälningar", "1"],
        ["över 6 till och med 10 Mkr", "", "Anmälningar", "1"],
        ["över 10 Mkr", "", "Anmälningar", "1"],
        ["inget maxpris", "", "Anmälningar", "1"],
    ]
    assert csv_section(export.data, "Anmälningar per vecka")[-3:] == [
        ["2025-03-10", "", "Webb", "2"],
        ["2025-03-10", "", "Inbäddad", "1"],
        ["2025-03-10", "", "Personal", "1"],
    ]
    assert csv_section(export.data, "Formuläret")[:5] == [
        ["Webb", "", "Sidvisningar", "2"],
        ["Webb", "", "Anmälningar", "2"],
        ["Webb", "", "Konvertering (%)", "100,0"],
        ["Webb", "", "Misstänkt spam", "0"],
        ["Webb", "", "Andel misstänkt spam (%)", "0,0"],
    ]


def test_each_area_has_a_page_of_the_housing_types_and_price_bands_wanted_there(app):
    register_four(app)
    response = log_in(app).get("/staff/statistik/omrade/M99999/OMR-SOD?period=4")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1>Södermalm</h1>" in html
    found = tables(html)
    assert found["tabell-bostadstyper"][1:] == [
        ["Bostadsrätt", "2", "66,7 %"],
        ["Radhus", "1", "33,3 %"],
        ["Villa", "1", "33,3 %"],
    ]
    assert found["tabell-prisklasser"][1:] == [
        ["över 2 till och med 4 Mkr", "1", "33,3 %"],
        ["över 6 till och med 10 Mkr", "1", "33,3 %"],
        ["inget maxpris", "1", "33,3 %"],
    ]
    assert log_in(app).get("/staff/statistik/omrade/M99999/OMR-FINNS-EJ").status_code == 404


def test_the_json_export_holds_the_same_figures(app):
    register_four(app)
    figures = log_in(app).get("/staff/statistik/efterfragan.json?period=4").get_json()
    assert figures["registrations"] == 4 and figures["marketing"] == 1
    assert figures["period"] == {"from": "2025-02-17", "to": "2025-03-11"}
    assert {a["area_id"]: a["registrations"] for a in figures["areas"]} == {
        "OMR-SOD": 3,
        "OMR-VAS": 1,
        "OMR-SIC": 1,
        "OMR-RAS": 1,
    }
    assert {r["key"]: r["registrations"] for r in figures["price_bands"]} == {
        "2000000-4000000": 1,
        "6000000-10000000": 1,
        "10000000-": 1,
        "none": 1,
    }
    assert figures["weeks"][-1] == {
        "year": 2025,
        "week": 11,
        "monday": "2025-03-10",
        "web": 2,
        "embed": 1,
        "staff": 1,
        "total": 4,
    }


def test_the_counts_stay_when_all_personal_data_is_purged(app, deliver, runner, clock):
    register_four(app)
    assert deliver() == 4
    staff = log_in(app)
    before = staff.get("/staff/statistik/efterfragan.json?period=4").get_json()
    assert before["registrations"] == 4 and before["deliveries"]["delivered"] == 4

    clock.advance(1)  # past the retention of 0 days
    result = runner.invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    engine = app.extensions["delivery"].engine
    rows = [outbox.get(engine, row["id"]) for row in outbox.listing(engine)]
    assert len(rows) == 4
    assert all(r["payload"] is None and r["answers"] is None and r["erased_at"] for r in rows)

    after = staff.get("/staff/statistik/efterfragan.json?period=4").get_json()
    assert after == before
    with engine.connect() as conn:
        stored = json.dumps(
            [
                list(map(str, r))
                for t in (demand_traffic, demand_wishes)
                for r in conn.execute(select(t))
            ],
            ensure_ascii=False,
        )
    for personal in ("Åsa", "Öberg", "@example.se", "070"):
        assert personal not in stored


def test_a_registration_taken_for_a_bots_counts_as_a_bot_and_not_as_demand(app):
    client = app.test_client()
    bot = valid_answers(kontrollfalt="http://spam.example", areas=["OMR-SOD"])
    assert submit(client, "/", bot).status_code == 302
    assert outbox.listing(app.extensions["delivery"].engine)[0]["status"] == "spam"
    staff = log_in(app)
    found = tables(staff.get(PAGE).get_data(as_text=True))
    assert found["tabell-formularet"][1:] == [["Webb", "1", "0", "0,0 %", "1", "100,0 %"]]
    assert "tabell-omraden" not in found
    assert found["tabell-bostadstyper"][1:] == [["Inga anmälningar under perioden."]]
    figures = staff.get("/staff/statistik/efterfragan.json?period=4").get_json()
    assert figures["registrations"] == 0 and figures["bots"] == 1
    assert figures["areas"] == [] and figures["housing_types"] == []


def test_a_second_post_of_the_same_form_is_counted_once(app):
    client = app.test_client()
    data = {**valid_answers(), "submission_id": "ab" * 16}
    assert submit(client, "/", data).status_code == 302
    assert submit(client, "/", data).status_code == 302
    figures = log_in(app).get("/staff/statistik/efterfragan.json?period=4").get_json()
    assert figures["registrations"] == 1


def test_form_views_per_channel_and_host_site_give_the_conversion(app):
    for n in range(1, 4):
        visitor(app, n).get("/")
    assert submit(visitor(app, 4), "/", valid_answers()).status_code == 302  # the 4th view
    visitor(app, 5).get("/embed", headers={"Referer": HOST_SITE + "/"})
    visitor(app, 6).get("/embed?omrade=OMR-SOD", headers={"Referer": HOST_SITE + "/till-salu/"})
    visitor(app, 7).get("/embed", headers={"Referer": "https://elak.example/sida"})
    visitor(app, 8).get("/embed")
    log_in(app).get("/staff/ny")  # the staff form is no public form view
    found = tables(log_in(app).get(PAGE).get_data(as_text=True))
    assert found["tabell-formularet"][1:] == [
        ["Webb", "4", "1", "25,0 %", "0", "0,0 %"],
        ["Inbäddad, okänd webbplats", "1", "0", "0,0 %", "0", "–"],
        ["Inbäddad, webbplats som inte får visa formuläret", "1", "0", "0,0 %", "0", "–"],
        [f"Inbäddad på {HOST_SITE}", "2", "0", "0,0 %", "0", "–"],
    ]


def test_the_delivery_figures_and_the_median_time_to_delivery(app, deliver, sandbox, clock):
    client = app.test_client()
    submit(client, "/", valid_answers(email="forst@example.se"))
    clock.advance(60)
    assert deliver() == 1  # delivered 60 s after it came in
    submit(client, "/", valid_answers(email="sedan@example.se"))
    clock.advance(180)
    assert deliver() == 1  # 180 s
    sandbox.fail_next(400)
    submit(client, "/", valid_answers(email="avvisad@example.se"))
    deliver()
    submit(client, "/", valid_answers(email="vantar@example.se"))
    staff = log_in(app)
    found = tables(staff.get(PAGE).get_data(as_text=True))
    assert found["tabell-leveranser"][1:] == [
        ["Levererade", "2"],
        ["Väntar", "1"],
        ["Avvisade", "1"],
        ["Misslyckade", "0"],
    ]
    figures = staff.get("/staff/statistik/efterfragan.json?period=4").get_json()
    assert figures["deliveries"]["median_seconds"] == pytest.approx(120, abs=0.01)
    assert 'Mediantid från anmälan till leverans: <strong id="mediantid">2\u00a0min' in (
        staff.get(PAGE).get_data(as_text=True)
    )


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("period=egen&fran=2025-13-01&till=2025-03-11", "fran", "Skriv datumet som år-månad-dag"),
        ("period=egen&fran=2025-03-11&till=2025-03-01", "till", "kan inte vara före från-datumet"),
        ("period=egen&fran=2020-01-01&till=2025-03-11", "till", "högst tre år"),
        ("period=egen&till=2025-03-11", "fran", "Skriv från vilket datum."),
        ("period=4&kontor=M00000", "kontor", "Välj ett av kontoren i listan."),
        ("period=7", "period", "Välj en av perioderna i listan."),
    ],
)
def test_a_wrong_period_or_office_is_explained_next_to_its_field(app, query, field, message):
    response = log_in(app).get(f"/staff/statistik?{query}")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in html and message in html
    assert "<title>Fel: " in html
    if field == "fran" and "2025-13-01" in query:
        assert 'value="2025-13-01"' in html


def test_a_custom_period_counts_its_first_and_last_day(app, clock):
    client = app.test_client()
    submit(client, "/", valid_answers())
    clock.advance(86400)
    submit(client, "/", valid_answers())
    staff = log_in(app)

    def registrations(start, end):
        url = f"/staff/statistik/efterfragan.json?period=egen&fran={start}&till={end}"
        return staff.get(url).get_json()["registrations"]

    assert registrations("2025-03-11", "2025-03-11") == 1
    assert registrations("2025-03-12", "2025-03-12") == 1
    assert registrations("2025-03-11", "2025-03-12") == 2
    assert registrations("2025-03-13", "2025-03-20") == 0
