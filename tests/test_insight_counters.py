"""The demand counters below the web: price bands, the settings, buffered views, upserts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select, text

from app.core.db import database_url, make_engine
from app.insight import counters
from app.insight.bands import band_label, price_band
from app.insight.buffer import DemandBuffer
from app.insight.tables import demand_traffic, demand_wishes
from app.settings.declarations import ConfigError
from app.settings.loading import load_settings

BOUNDS = [2_000_000, 4_000_000, 6_000_000, 10_000_000]
DAY = date(2025, 3, 11)


@pytest.mark.parametrize(
    ("highest", "label"),
    [
        ("1500000", "högst 2 Mkr"),
        ("2000000", "högst 2 Mkr"),
        ("2000001", "över 2 till och med 4 Mkr"),
        ("4000000", "över 2 till och med 4 Mkr"),
        ("7500000", "över 6 till och med 10 Mkr"),
        ("10000000", "över 6 till och med 10 Mkr"),
        ("25000000", "över 10 Mkr"),
        (None, "inget maxpris"),
    ],
)
def test_a_highest_price_falls_in_its_band(highest, label):
    band = price_band(Decimal(highest) if highest else None, BOUNDS)
    assert band_label(band) == label


def test_odd_bounds_read_with_a_decimal_comma():
    assert band_label(price_band(Decimal(3_000_000), [2_500_000, 3_500_000])) == (
        "över 2,5 till och med 3,5 Mkr"
    )


def test_price_bands_come_from_the_setting_and_a_wrong_one_stops_start_up():
    assert load_settings({})["DEMAND_PRICE_BANDS"] == BOUNDS
    given = load_settings({"DEMAND_PRICE_BANDS": "1000000, 3000000"})
    assert given["DEMAND_PRICE_BANDS"] == [1_000_000, 3_000_000]
    for wrong in ("4000000,2000000", "två miljoner", "0,1000000"):
        with pytest.raises(ConfigError, match="DEMAND_PRICE_BANDS"):
            load_settings({"DEMAND_PRICE_BANDS": wrong})


def views(engine) -> dict:
    with engine.connect() as conn:
        rows = conn.execute(select(demand_traffic.c.channel, demand_traffic.c.views)).all()
    return dict(rows)


def test_views_and_registrations_are_added_up_in_memory_and_written_together(engine):
    buffer = DemandBuffer(engine, interval=3600)
    for _ in range(3):
        buffer.add_view((DAY, "M1", "web", ""))
    buffer.add_view((DAY, "M1", "embed", "https://www.maklarbyran.se"))
    buffer.add(counters.increments(registration(), BOUNDS))
    assert views(engine) == {} and wishes(engine) == {}  # nothing written per addition
    assert buffer.flush()
    assert views(engine) == {"web": 3, "embed": 1}
    assert wishes(engine)[("", "area", "OMR-SOD")] == 1
    assert not buffer.flush()  # nothing left
    buffer.add_view((DAY, "M1", "web", ""))
    buffer.close()  # at process exit: the rest is written
    assert views(engine) == {"web": 4, "embed": 1}


def test_what_could_not_be_written_is_kept_for_the_next_time(engine):
    buffer = DemandBuffer(engine, interval=3600)
    buffer.add_view((DAY, "M1", "web", ""))
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE demand_traffic RENAME TO demand_traffic_away"))
    assert not buffer.flush()
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE demand_traffic_away RENAME TO demand_traffic"))
    assert buffer.flush()
    assert views(engine) == {"web": 1}
    buffer.close()


def test_what_cannot_be_written_as_the_process_stops_is_said_to_be_lost(engine, caplog):
    buffer = DemandBuffer(engine, interval=3600)
    buffer.add_view((DAY, "M1", "web", ""))
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE demand_traffic RENAME TO demand_traffic_away"))
    buffer.close()
    assert [record.getMessage() for record in caplog.records] == [
        "demand counters could not be written as the process stops; lost"
    ]


def test_with_no_interval_each_addition_is_written_at_once(engine):
    DemandBuffer(engine, interval=0).add_view((DAY, "M1", "web", ""))
    assert views(engine) == {"web": 1}


def registration(**changes) -> counters.Registration:
    values = {
        "counted": counters.TrafficKey(DAY, "M1", "web"),
        "area_ids": ("OMR-SOD", "OMR-RAS"),
        "housing_types": ("house",),
        "max_price": Decimal(3_000_000),
        "min_rooms": Decimal("2.5"),
        "marketing": True,
    }
    return counters.Registration(**{**values, **changes})


def wishes(engine) -> dict:
    w = demand_wishes
    with engine.connect() as conn:
        rows = conn.execute(select(w.c.area, w.c.facet, w.c.value, w.c.count)).all()
    return {(area, facet, value): count for area, facet, value, count in rows}


def test_a_registration_adds_to_each_area_type_band_and_rooms(engine):
    counters.record(engine, counters.increments(registration(), BOUNDS))
    counters.record(engine, counters.increments(registration(area_ids=("OMR-SOD",)), BOUNDS))
    assert wishes(engine) == {
        ("", "area", "OMR-SOD"): 2,
        ("OMR-SOD", "housing", "house"): 2,
        ("OMR-SOD", "price", "2000000-4000000"): 2,
        ("", "area", "OMR-RAS"): 1,
        ("OMR-RAS", "housing", "house"): 1,
        ("OMR-RAS", "price", "2000000-4000000"): 1,
        ("", "housing", "house"): 2,
        ("", "price", "2000000-4000000"): 2,
        ("", "rooms", "2"): 2,
    }


def test_upserts_add_up_on_postgresql(postgres_url):
    engine = make_engine(database_url(postgres_url, "/nonexistent"))
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE demand_traffic, demand_wishes"))
    bot = counters.increments(registration(bot=True), BOUNDS)
    for added in (counters.increments(registration(), BOUNDS), bot, bot):
        counters.record(engine, added)
    counters.record(engine, counters.view_increments({(DAY, "M1", "web", ""): 5}))
    with engine.connect() as conn:
        row = conn.execute(select(demand_traffic)).mappings().one()
    assert (row["views"], row["registrations"], row["bots"], row["marketing"]) == (5, 1, 2, 1)
    assert wishes(engine)[("", "rooms", "2")] == 1
    engine.dispose()


def test_the_figures_and_the_delivery_median_on_postgresql(postgres_url):
    from datetime import UTC, datetime, timedelta

    from app import outbox
    from app.insight.figures import figures

    engine = make_engine(database_url(postgres_url, "/nonexistent"))
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE demand_traffic, demand_wishes"))
    counters.record(engine, counters.increments(registration(), BOUNDS))
    counted = figures(engine, DAY - timedelta(days=6), DAY, "M1")
    assert counted.registrations == 1 and counted.areas == {
        ("M1", "OMR-SOD"): 1,
        ("M1", "OMR-RAS"): 1,
    }
    assert counted.prices == {"2000000-4000000": 1} and counted.rooms == {"2": 1}
    assert figures(engine, DAY - timedelta(days=6), DAY, "M2").registrations == 0

    start = datetime(2025, 3, 11, 9, tzinfo=UTC)
    for i, seconds in enumerate((30, 90, 600)):
        outbox.enqueue(engine, f"{i:032x}", outbox.Sealed(b"sealed", office="M1"), "web", start)
        (row,) = outbox.claim(engine, "w", 1, 60, start)
        outbox.mark_delivered(engine, row, "w", start + timedelta(seconds=seconds), 204)
    outbox.enqueue(engine, "f" * 32, outbox.Sealed(b"sealed", office="M1"), "web", start)
    per_state, median = outbox.delivery_figures(
        engine, start - timedelta(hours=1), start + timedelta(hours=1), "M1"
    )
    assert (per_state["delivered"], per_state["queued"], median) == (3, 1, 90.0)
    engine.dispose()


def test_a_recount_takes_back_what_was_counted_and_adds_the_final_answers():
    first = counters.counted(registration(min_rooms=Decimal("3")), BOUNDS)
    final = counters.counted(registration(min_rooms=Decimal("4")), BOUNDS)
    assert counters.Counted.from_record(first.record()) == first
    assert counters.recounted(first, first).is_empty()
    change = counters.recounted(first, final)
    assert change.traffic == {}
    assert change.wishes == {
        ("", DAY, "M1", "rooms", "3"): -1,
        ("", DAY, "M1", "rooms", "4"): 1,
    }


def test_a_recount_on_postgresql_leaves_only_the_final_answers(postgres_url):
    from datetime import timedelta

    from app.insight.figures import figures

    engine = make_engine(database_url(postgres_url, "/nonexistent"))
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE demand_traffic, demand_wishes"))
    first = counters.counted(registration(min_rooms=Decimal("3")), BOUNDS)
    final = counters.counted(registration(min_rooms=Decimal("4"), marketing=False), BOUNDS)
    counters.record(engine, first.increments())
    counters.record(engine, counters.recounted(first, final))
    counted = figures(engine, DAY - timedelta(days=6), DAY, "M1")
    assert counted.registrations == 1 and counted.marketing == 0
    assert counted.rooms == {"4": 1}


def traffic(engine) -> dict:
    t = demand_traffic
    columns = (t.c.views, t.c.registrations, t.c.bots, t.c.marketing)
    with engine.connect() as conn:
        rows = conn.execute(select(t.c.channel, t.c.origin, *columns)).all()
    return {(channel, origin): tuple(rest) for channel, origin, *rest in rows}


def test_an_area_or_type_named_twice_counts_once(engine):
    twice = registration(area_ids=("OMR-SOD", "OMR-SOD"), housing_types=("house", "house"))
    counters.record(engine, counters.increments(twice, BOUNDS))
    assert wishes(engine) == {
        ("", "area", "OMR-SOD"): 1,
        ("OMR-SOD", "housing", "house"): 1,
        ("OMR-SOD", "price", "2000000-4000000"): 1,
        ("", "housing", "house"): 1,
        ("", "price", "2000000-4000000"): 1,
        ("", "rooms", "2"): 1,
    }
    assert traffic(engine) == {("web", ""): (0, 1, 0, 1)}


def test_a_bot_counts_only_as_a_bot(engine):
    counters.record(engine, counters.increments(registration(bot=True), BOUNDS))
    assert wishes(engine) == {}
    assert traffic(engine) == {("web", ""): (0, 0, 1, 0)}


def test_no_marketing_consent_no_marketing_count_and_views_add_up_per_site(engine):
    key = counters.TrafficKey(DAY, "M1", "embed", "https://www.maklarbyran.se")
    added = counters.increments(registration(counted=key, marketing=False), BOUNDS)
    added.add(counters.view_increments({key: 3, counters.TrafficKey(DAY, "M1", "web"): 2}))
    assert not added.is_empty()
    counters.record(engine, added)
    counters.record(engine, counters.view_increments({key: 1}))
    assert traffic(engine) == {
        ("embed", "https://www.maklarbyran.se"): (4, 1, 0, 0),
        ("web", ""): (2, 0, 0, 0),
    }
    assert counters.Increments.empty().is_empty()


def test_the_counters_refuse_another_database():
    with pytest.raises(ValueError, match="SQLite or PostgreSQL, not mysql"):
        counters._upsert_statement("mysql", demand_wishes, ("count",))


def test_a_counted_record_reads_back_whole_bot_and_host_site_too():
    framed = counters.TrafficKey(DAY, "M1", "embed", "https://www.maklarbyran.se")
    for kept in (registration(counted=framed, bot=True), registration(counted=framed)):
        first = counters.counted(kept, BOUNDS)
        assert counters.Counted.from_record(first.record()) == first


def test_a_recount_that_drops_the_news_choice_takes_back_its_count():
    first = counters.counted(registration(), BOUNDS)
    final = counters.counted(registration(marketing=False), BOUNDS)
    change = counters.recounted(first, final)
    assert change.traffic == {(counters.TrafficKey(DAY, "M1", "web"), "marketing"): -1}
    assert change.wishes == {}
