"""Adding to the demand counters: what one registration or one form view adds, written as
upserts (one statement per table, SQLite and PostgreSQL alike)."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import Connection, Engine, Table
from sqlalchemy.dialects import postgresql, sqlite

from app.insight.bands import price_band, rooms_class
from app.insight.tables import demand_traffic, demand_wishes

# The host site of a view or registration: not known (the own site, no referrer), or a site
# not among the allowed ones.
UNKNOWN_SITE, OTHER_SITE = "", "*"

# What demand_wishes counts. For all areas together (area ""): how many wanted each area
# (facet "area", the area id as value), and the housing types, price bands and rooms wanted;
# for each area: the housing types and price bands wanted there.
AREA, HOUSING, PRICE, ROOMS = "area", "housing", "price", "rooms"
ALL_AREAS = ""

WishKey = tuple[str, date, str, str, str]  # area, day, office, facet, value


class TrafficKey(NamedTuple):
    """What the traffic counters are kept per: day, office, channel and host site."""

    day: date
    office: str
    channel: str
    origin: str = ""  # the site an embedded form was on


@dataclass(frozen=True)
class Registration:
    """What the counters keep of one stored registration: no name, no contact, no time of day."""

    counted: TrafficKey  # the day, office, channel and site it came in by
    area_ids: tuple[str, ...] = ()
    housing_types: tuple[str, ...] = ()
    max_price: Decimal | None = None
    min_rooms: Decimal | None = None
    marketing: bool = False
    bot: bool = False


@dataclass
class Increments:
    """Additions to both tables, each key once."""

    traffic: Counter[tuple[TrafficKey, str]]
    wishes: Counter[WishKey]

    @classmethod
    def empty(cls) -> Increments:
        """Increments that add nothing."""
        return cls(Counter(), Counter())

    def add(self, other: Increments) -> None:
        """Add another's increments to these."""
        self.traffic.update(other.traffic)
        self.wishes.update(other.wishes)

    def is_empty(self) -> bool:
        """Whether there is nothing to write."""
        return not self.traffic and not self.wishes


@dataclass(frozen=True)
class Counted:
    """What one registration added to the counters, its price band and rooms class worked out:
    kept (sealed) with the registration, so that a correction takes back exactly this even
    after DEMAND_PRICE_BANDS changed. Nothing in it names or reaches a person."""

    counted: TrafficKey
    area_ids: tuple[str, ...]
    housing_types: tuple[str, ...]
    price: str
    rooms: str
    marketing: bool = False
    bot: bool = False

    def increments(self) -> Increments:
        """What it adds. A bot's adds only to the bots column: it is no demand."""
        result = Increments.empty()
        key = self.counted
        if self.bot:
            result.traffic[(key, "bots")] += 1
            return result
        result.traffic[(key, "registrations")] += 1
        if self.marketing:
            result.traffic[(key, "marketing")] += 1
        areas = tuple(dict.fromkeys(self.area_ids))
        for area in areas:
            result.wishes[(ALL_AREAS, key.day, key.office, AREA, area)] += 1
        for area in (ALL_AREAS, *areas):
            for kind in dict.fromkeys(self.housing_types):
                result.wishes[(area, key.day, key.office, HOUSING, kind)] += 1
            result.wishes[(area, key.day, key.office, PRICE, self.price)] += 1
        result.wishes[(ALL_AREAS, key.day, key.office, ROOMS, self.rooms)] += 1
        return result

    def record(self) -> dict:
        """As plain data, to be sealed with the registration."""
        key = self.counted
        return {
            "key": [key.day.isoformat(), key.office, key.channel, key.origin],
            "areas": list(self.area_ids),
            "housing": list(self.housing_types),
            "price": self.price,
            "rooms": self.rooms,
            "marketing": self.marketing,
            "bot": self.bot,
        }

    @classmethod
    def from_record(cls, data: Mapping) -> Counted:
        """Read back what record() gave."""
        day, office, channel, origin = data["key"]
        return cls(
            TrafficKey(date.fromisoformat(day), office, channel, origin),
            tuple(data["areas"]),
            tuple(data["housing"]),
            data["price"],
            data["rooms"],
            bool(data["marketing"]),
            bool(data["bot"]),
        )


def counted(registration: Registration, price_bounds: Sequence[int]) -> Counted:
    """What one registration counts as, under these price bands."""
    r = registration
    return Counted(
        r.counted,
        tuple(r.area_ids),
        tuple(r.housing_types),
        price_band(r.max_price, price_bounds),
        rooms_class(r.min_rooms),
        r.marketing,
        r.bot,
    )


def increments(registration: Registration, price_bounds: Sequence[int]) -> Increments:
    """What one registration adds. A bot's adds only to the bots column: it is no demand."""
    return counted(registration, price_bounds).increments()


def recounted(before: Counted | None, after: Counted) -> Increments:
    """What changes when a registration counted as `before` (None: not counted yet) counts as
    `after`: the first taken back, the second added; what both add is left alone."""
    added = after.increments()
    if before is None:
        return added
    taken = before.increments()
    added.traffic.subtract(taken.traffic)
    added.wishes.subtract(taken.wishes)
    return Increments(
        Counter({k: n for k, n in added.traffic.items() if n}),
        Counter({k: n for k, n in added.wishes.items() if n}),
    )


def view_increments(views: Mapping[TrafficKey, int]) -> Increments:
    """Form views, per day, office, channel and host site: one at a time from the buffer
    (DemandBuffer.add_view), many at once from the bench's seeding (bench/demand.py)."""
    result = Increments.empty()
    for key, count in views.items():
        result.traffic[(key, "views")] += count
    return result


_DIALECTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


@functools.cache
def _upsert_statement(dialect: str, table: Table, counted: tuple[str, ...]):
    """INSERT … ON CONFLICT (key) DO UPDATE SET n = n + excluded.n, built once per dialect:
    building it took longer than running it."""
    if dialect not in _DIALECTS:
        raise ValueError(f"the demand counters need SQLite or PostgreSQL, not {dialect}")
    statement = _DIALECTS[dialect](table)
    return statement.on_conflict_do_update(
        index_elements=[column.name for column in table.primary_key.columns],
        set_={name: table.c[name] + statement.excluded[name] for name in counted},
    )


def _upsert(conn: Connection, table: Table, rows: list[dict], counted: tuple[str, ...]) -> None:
    if rows:
        conn.execute(_upsert_statement(conn.dialect.name, table, counted), rows)


TRAFFIC_COUNTS = ("views", "registrations", "bots", "marketing")


def write(conn: Connection, added: Increments) -> None:
    """Add the increments to the counters, on an open transaction."""
    traffic: dict[TrafficKey, dict] = {}
    for (key, column), count in added.traffic.items():
        day, office, channel, origin = key
        row = traffic.setdefault(
            key,
            {"day": day, "office": office, "channel": channel, "origin": origin}
            | dict.fromkeys(TRAFFIC_COUNTS, 0),
        )
        row[column] += count
    _upsert(conn, demand_traffic, list(traffic.values()), TRAFFIC_COUNTS)
    wishes = [
        {"day": day, "office": office, "area": area, "facet": facet, "value": value, "count": n}
        for (area, day, office, facet, value), n in added.wishes.items()
    ]
    _upsert(conn, demand_wishes, wishes, ("count",))


def record(engine: Engine, added: Increments) -> None:
    """Add the increments in a transaction of their own."""
    with engine.begin() as conn:
        write(conn, added)
