"""Demand figures for the benchmark, the browser test and the screenshots in docs/: synthetic
registrations (deterministic) added to the counters the way the app adds real ones, and the
timing of the statistics page under gunicorn."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Engine, insert

from app.insight import counters
from app.outbox import submissions

STOCKHOLM_AREAS = [
    "OMR-SOD", "OMR-VAS", "OMR-KUN", "OMR-OST", "OMR-HAM", "OMR-RAS", "OMR-BER",
    "OMR-HAG", "OMR-SIC", "OMR-SAL", "OMR-ALT", "OMR-LUT", "OMR-SUN",
]  # fmt: skip
HOUSING = ["housingCooperative", "house", "rowHouse", "cottage", "plot", "tenancy"]
HOUSING_WEIGHTS = [50, 25, 18, 5, 1, 1]
SITES = ["https://www.maklarbyran.se", "https://www.hemnet-partner.se"]
BOUNDS = [2_000_000, 4_000_000, 6_000_000, 10_000_000]


def registrations(
    count: int, offices: dict[str, list[str]], last_day: date, days: int = 364, seed: int = 1
):
    """`count` synthetic registrations over `days` days up to `last_day`, with views."""
    rng = random.Random(seed)
    office_ids = list(offices)
    for _ in range(count):
        office = rng.choice(office_ids)
        areas = offices[office]
        channel = rng.choices(["web", "embed", "staff"], [50, 35, 15])[0]
        top = rng.choice([None, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 15])
        yield counters.Registration(
            counted=counters.TrafficKey(
                day=last_day - timedelta(days=int(rng.triangular(0, days, 0))),
                office=office,
                channel=channel,
                origin=rng.choice(SITES) if channel == "embed" else "",
            ),
            area_ids=tuple({rng.choices(areas, range(len(areas), 0, -1))[0] for _ in range(2)}),
            housing_types=tuple(set(rng.choices(HOUSING, HOUSING_WEIGHTS, k=rng.randint(1, 2)))),
            max_price=Decimal(top * 1_000_000 - 500_000) if top else None,
            min_rooms=Decimal(rng.choice([1, 2, 2, 3, 3, 4, 5])) if rng.random() < 0.8 else None,
            marketing=rng.random() < 0.3,
            bot=rng.random() < 0.03,
        )


def seed_counters(engine: Engine, regs, views_per_registration: int = 9) -> int:
    """Add the registrations (and about that many form views each) to the counters."""
    added, views, n = counters.Increments.empty(), {}, 0
    for registration in regs:
        added.add(counters.increments(registration, BOUNDS))
        if registration.counted.channel != "staff":
            key = registration.counted
            views[key] = views.get(key, 0) + views_per_registration
        n += 1
    added.add(counters.view_increments(views))
    counters.record(engine, added)
    return n


def seed_outbox(engine: Engine, count: int, office: str, last_day: date, seed: int = 2) -> None:
    """`count` outbox rows over the year, as they stand after their personal data was
    purged: delivered (a few waiting, rejected or dead), no payload."""
    rng = random.Random(seed)
    end = datetime.combine(last_day, datetime.min.time(), UTC)
    rows = []
    for i in range(count):
        created = end - timedelta(seconds=rng.randint(0, 364 * 86400))
        status = rng.choices(["delivered", "queued", "rejected", "dead"], [96, 2, 1, 1])[0]
        delivered = (
            created + timedelta(seconds=rng.expovariate(1 / 20)) if status == "delivered" else None
        )
        rows.append(
            {
                "id": f"{i:032x}",
                "channel": "web",
                "status": status,
                "created_at": created,
                "updated_at": delivered or created,
                "next_attempt_at": created,
                "attempts": 1,
                "delivered_at": delivered,
                "office": office,
            }
        )
    with engine.begin() as conn:
        for start in range(0, len(rows), 5000):
            conn.execute(insert(submissions), rows[start : start + 5000])


STAFF = ("bench@maklarbyran.se", "bänkens-lösenord-1234")


def prepare(engine: Engine, count: int, office: str) -> tuple[str, str]:
    """A year of `count` registrations' counters and outbox rows, and a staff login."""
    from app.core import migrate
    from app.staff import accounts

    migrate.upgrade(engine)
    today = datetime.now(UTC).date()
    seed_counters(engine, registrations(count, {office: STOCKHOLM_AREAS}, today))
    seed_outbox(engine, count, office, today)
    accounts.add(engine, *STAFF)
    return STAFF


def time_page(url: str, login: tuple[str, str], requests_module, rounds: int = 20) -> dict:
    """Median and slowest answer of the statistics page for the last 52 weeks, and of its CSV,
    from one logged-in client after a warm-up (areas fetched, caches filled)."""
    import re
    import statistics
    import time

    session = requests_module.Session()
    form = session.get(url + "/staff/login", timeout=30).text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    answer = session.post(
        url + "/staff/login",
        data={"email": login[0], "password": login[1], "csrf_token": token},
        timeout=30,
    )
    if answer.status_code != 200 or "Logga ut" not in answer.text:
        raise RuntimeError(f"bench login failed ({answer.status_code})")
    results = {}
    for name, path in (
        ("page", "/staff/statistik?period=52"),
        ("csv", "/staff/statistik/efterfragan.csv?period=52"),
    ):
        for _ in range(3):
            session.get(url + path, timeout=30).raise_for_status()
        times, size = [], 0
        for _ in range(rounds):
            started = time.perf_counter()
            response = session.get(url + path, timeout=30)
            times.append(time.perf_counter() - started)
            response.raise_for_status()
            size = len(response.content)
        results[name] = {"median": statistics.median(times), "max": max(times), "bytes": size}
    return results
