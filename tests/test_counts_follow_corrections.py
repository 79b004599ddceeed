"""The demand figures follow corrections: a registration corrected (the buyer's own form sent
again, or staff's "Rätta") is counted once, with its final answers, in every figure and in the
export; erasing and purging leave the counts; a form view counts once per address and day."""

from __future__ import annotations

import pytest

from app import outbox
from tests.conftest import form_token_for, hidden_fields, make_app, valid_answers
from tests.insight_pages import HOST_SITE, Clock, csv_section, log_in, tables, visitor

PAGE = "/staff/statistik?period=4"
FIGURES = "/staff/statistik/efterfragan.json?period=4"
# First answers, and what each buyer changed them to.
THREE = {
    "areas": ["OMR-SOD"],
    "housing_types": ["housingCooperative"],
    "price_min": None,
    "price_max": "3 000 000",
    "rooms_min": "3",
    "rooms_max": None,
}
FOUR = {
    "areas": ["OMR-VAS"],
    "housing_types": ["house"],
    "price_min": None,
    "price_max": "7 500 000",
    "rooms_min": "4",
    "rooms_max": None,
    "wish_advertising": "y",
}


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def app(sandbox, database_url, clock):
    return make_app(sandbox.url, database_url, CLOCK=clock, FRAME_ANCESTORS=[HOST_SITE])


def send(client, form: dict, **answers) -> None:
    response = client.post("/", data={**valid_answers(**answers), **form})
    assert response.status_code == 302, response.get_data(as_text=True)[:1000]


def register_and_correct(app, clock, buyers: int = 3) -> list[str]:
    """Buyers who register at least 3 rooms and, on the same form, change it to 4 (the last
    one at 23.50 and, after midnight, the next day); their submission ids."""
    ids = []
    for n in range(1, buyers + 1):
        client = visitor(app, n)
        if n == buyers:
            clock.now = clock.now.replace(hour=22, minute=50)  # 23.50 in Stockholm
        form = hidden_fields(client.get("/").get_data(as_text=True))
        send(client, form, email=f"kopare{n}@example.se", **THREE)
        if n == buyers:
            clock.advance(20 * 60)
        send(client, form, email=f"kopare{n}@example.se", **FOUR)
        ids.append(form["submission_id"])
    return ids


def test_buyers_who_correct_3_rooms_to_4_are_counted_once_with_4_everywhere(app, clock):
    register_and_correct(app, clock)
    staff = log_in(app)
    found = tables(staff.get(PAGE).get_data(as_text=True))
    assert found["tabell-rum"][1:] == [["minst 4 rum", "3", "100,0 %"]]
    assert found["tabell-omraden"] == [
        ["Område", "Kommun", "Anmälningar"],
        ["Vasastan", "Stockholm", "3"],
    ]
    assert found["tabell-bostadstyper"][1:] == [["Villa", "3", "100,0 %"]]
    assert found["tabell-prisklasser"][1:] == [["över 6 till och med 10 Mkr", "3", "100,0 %"]]
    assert found["tabell-veckor"][-1] == ["2025 v. 11", "3", "0", "0", "3"]
    assert found["tabell-formularet"][1:] == [["Webb", "3", "3", "100,0 %", "0", "0,0 %"]]

    body = staff.get("/staff/statistik/efterfragan.csv?period=4").data
    assert ["", "", "Anmälningar", "3"] in csv_section(body, "Nyckeltal")
    assert ["", "", "Valde nyheter och erbjudanden", "3"] in csv_section(body, "Nyckeltal")
    share = "Andel av anmälningarna (%)"
    assert csv_section(body, "Minsta antal rum") == [
        ["minst 4 rum", "", "Anmälningar", "3"],
        ["minst 4 rum", "", share, "100,0"],
    ]
    assert csv_section(body, "Områden") == [["Vasastan", "Stockholm", "Anmälningar", "3"]]
    assert csv_section(body, "Bostadstyper") == [
        ["Villa", "", "Anmälningar", "3"],
        ["Villa", "", share, "100,0"],
    ]
    assert csv_section(body, "Prisklasser (högsta pris)") == [
        ["över 6 till och med 10 Mkr", "", "Anmälningar", "3"],
        ["över 6 till och med 10 Mkr", "", share, "100,0"],
    ]

    figures = staff.get(FIGURES).get_json()
    assert figures["registrations"] == 3 and figures["marketing"] == 3
    # The one corrected the next day is still counted on the day it came in.
    day = "/staff/statistik/efterfragan.json?period=egen&fran={0}&till={0}"
    assert staff.get(day.format("2025-03-11")).get_json()["registrations"] == 3
    assert staff.get(day.format("2025-03-12")).get_json()["registrations"] == 0


def test_a_correction_by_staff_is_counted_with_its_final_answers(app, sandbox, clock):
    client = visitor(app, 1)
    form = hidden_fields(client.get("/").get_data(as_text=True))
    sandbox.fail_next(400)
    send(client, form, **THREE)
    app.extensions["delivery"].worker().drain()
    sid = form["submission_id"]
    assert outbox.get(app.extensions["delivery"].engine, sid)["status"] == "rejected"

    staff = log_in(app)
    corrected = {
        **valid_answers(**FOUR),
        "obtain_through": "Interest",
        "user_id": "HAN001",
        "watched": "Yes",
    }
    response = staff.post(f"/staff/anmalan/{sid}/ratta", data=corrected)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    found = tables(staff.get(PAGE).get_data(as_text=True))
    assert found["tabell-rum"][1:] == [["minst 4 rum", "1", "100,0 %"]]
    assert found["tabell-omraden"] == [
        ["Område", "Kommun", "Anmälningar"],
        ["Vasastan", "Stockholm", "1"],
    ]
    figures = staff.get(FIGURES).get_json()
    assert figures["registrations"] == 1 and figures["marketing"] == 1


def test_erase_and_purge_leave_the_counts(app, clock, deliver):
    erased, *delivered = register_and_correct(app, clock)
    staff = log_in(app)
    before = staff.get(FIGURES).get_json()
    assert before["registrations"] == 3

    assert staff.post(f"/staff/anmalan/{erased}/radera").status_code == 302
    engine = app.extensions["delivery"].engine
    assert deliver() == 2
    clock.advance(60)
    assert outbox.purge_delivered(engine, clock(), clock()) == 2
    # The erased buyer's form sent again with other answers changes nothing now.
    send(visitor(app, 1), {"submission_id": erased, "form_token": form_token_for(app, erased)})

    after = staff.get(FIGURES).get_json()
    demand = [key for key in before if key != "deliveries"]  # deliveries change, demand not
    assert {key: after[key] for key in demand} == {key: before[key] for key in demand}
    for sid in (erased, *delivered):
        assert outbox.get(engine, sid)["counted"] is None  # nothing of the answers is kept


def test_a_hundred_views_from_one_address_count_once_a_day(app, clock):
    first, second = visitor(app, 1), visitor(app, 2)
    for _ in range(100):
        assert first.get("/").status_code == 200
    second.get("/?omrade=OMR-SOD")
    staff = log_in(app)
    assert staff.get(FIGURES).get_json()["views"] == 2
    clock.advance(86400)
    first.get("/")
    assert log_in(app).get(FIGURES).get_json()["views"] == 3


def test_the_page_says_views_are_approximate(app):
    html = log_in(app).get(PAGE).get_data(as_text=True)
    assert "Sidvisningarna är ungefärliga" in html


def test_views_count_once_per_address_in_redis_too(sandbox, database_url, redis_url, clock):
    import uuid

    import redis

    prefix = f"test-{uuid.uuid4().hex[:8]}"
    app = make_app(
        sandbox.url,
        database_url,
        CLOCK=clock,
        RATELIMIT_STORAGE_URI=redis_url,
        RATELIMIT_KEY_PREFIX=prefix,
    )
    first = visitor(app, 1)
    for _ in range(100):
        assert first.get("/").status_code == 200
    visitor(app, 2).get("/")
    assert log_in(app).get(FIGURES).get_json()["views"] == 2
    keys = redis.Redis.from_url(redis_url).keys(f"*{prefix}*form-view*")
    assert len(keys) == 2  # one per address, under a hash: the address is not in them
    assert not any(b"198.51.100" in key for key in keys)


def test_an_embedded_form_corrected_stays_counted_under_its_host_site(app):
    from html import unescape
    from re import search

    client = visitor(app, 1)
    page = client.get("/embed", headers={"Referer": HOST_SITE + "/kopa/"}).get_data(as_text=True)
    action = unescape(search(r'<form[^>]*action="([^"]+)"', page).group(1))
    for answers in (THREE, FOUR):
        response = client.post(action, data={**valid_answers(**answers), **hidden_fields(page)})
        assert response.status_code == 302
    found = tables(log_in(app).get(PAGE).get_data(as_text=True))
    assert found["tabell-formularet"][1:] == [
        [f"Inbäddad på {HOST_SITE}", "1", "1", "100,0 %", "0", "0,0 %"]
    ]
    assert found["tabell-rum"][1:] == [["minst 4 rum", "1", "100,0 %"]]
