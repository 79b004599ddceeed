"""What the counters add up to for a period and an office: the figures the statistics page,
its CSV and its JSON show."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Engine, func, select

from app.insight.counters import ALL_AREAS, AREA, HOUSING, PRICE, ROOMS
from app.insight.tables import demand_traffic, demand_wishes
from app.outbox.states import CHANNEL_NAMES

CHANNELS = tuple(CHANNEL_NAMES)  # in the order the page shows them


@dataclass(frozen=True)
class Funnel:
    """One channel and host site: views, registrations and bots."""

    channel: str
    origin: str
    views: int
    registrations: int
    bots: int

    @property
    def conversion(self) -> float | None:
        """Registrations per view, in per cent (None without views)."""
        return 100.0 * self.registrations / self.views if self.views else None

    @property
    def bot_share(self) -> float | None:
        """The share of what was sent that was taken for a bot's, in per cent."""
        sent = self.registrations + self.bots
        return 100.0 * self.bots / sent if sent else None


@dataclass(frozen=True)
class Week:
    monday: date
    counts: dict[str, int]

    @property
    def total(self) -> int:
        """The week's registrations, every channel together."""
        return sum(self.counts.values())

    @property
    def number(self) -> int:
        """The ISO week number."""
        return self.monday.isocalendar().week


@dataclass
class Figures:
    """The counters of one period (both days included), for one office or all (None)."""

    start: date
    end: date
    office: str | None
    weeks: list[Week] = field(default_factory=list)
    funnel: list[Funnel] = field(default_factory=list)
    marketing: int = 0
    # (office, area id) -> registrations that wanted it
    areas: dict[tuple[str, str], int] = field(default_factory=dict)
    housing: dict[str, int] = field(default_factory=dict)
    prices: dict[str, int] = field(default_factory=dict)
    rooms: dict[str, int] = field(default_factory=dict)

    @property
    def registrations(self) -> int:
        """Registrations counted as demand, every channel and site together."""
        return sum(row.registrations for row in self.funnel)

    @property
    def bots(self) -> int:
        """Registrations taken for spam, every channel and site together."""
        return sum(row.bots for row in self.funnel)

    @property
    def views(self) -> int:
        """Times a form page was opened, every channel and site together."""
        return sum(row.views for row in self.funnel)


def monday(day: date) -> date:
    """The Monday of the day's week (a week's key on the page)."""
    return day - timedelta(days=day.weekday())


def _where(table, start: date, end: date, office: str | None) -> list:
    where = [table.c.day >= start, table.c.day <= end]
    if office is not None:
        where.append(table.c.office == office)
    return where


def figures(engine: Engine, start: date, end: date, office: str | None = None) -> Figures:
    """Add up the counters of the period."""
    result = Figures(start, end, office)
    t, w = demand_traffic, demand_wishes
    weeks: dict[date, dict[str, int]] = {}
    day = monday(start)
    while day <= end:
        weeks[day] = dict.fromkeys(CHANNELS, 0)
        day += timedelta(days=7)
    with engine.connect() as conn:
        daily = conn.execute(
            select(t.c.day, t.c.channel, func.sum(t.c.registrations))
            .where(*_where(t, start, end, office))
            .group_by(t.c.day, t.c.channel)
        ).all()
        funnel = conn.execute(
            select(
                t.c.channel,
                t.c.origin,
                func.sum(t.c.views),
                func.sum(t.c.registrations),
                func.sum(t.c.bots),
                func.sum(t.c.marketing),
            )
            .where(*_where(t, start, end, office))
            .group_by(t.c.channel, t.c.origin)
        ).all()
        wishes = conn.execute(
            select(w.c.office, w.c.facet, w.c.value, func.sum(w.c.count))
            .where(w.c.area == ALL_AREAS, *_where(w, start, end, office))
            .group_by(w.c.office, w.c.facet, w.c.value)
            .having(func.sum(w.c.count) != 0)  # all taken back by corrections
        ).all()
    for day, channel, count in daily:
        weeks[monday(day)][channel] = weeks[monday(day)].get(channel, 0) + int(count or 0)
    result.weeks = [Week(start_day, counts) for start_day, counts in weeks.items()]
    order = {channel: i for i, channel in enumerate(CHANNELS)}
    for channel, origin, views, registrations, bots, marketing in sorted(
        funnel, key=lambda row: (order.get(row[0], 9), row[1])
    ):
        result.funnel.append(
            Funnel(channel, origin, int(views or 0), int(registrations or 0), int(bots or 0))
        )
        result.marketing += int(marketing or 0)
    overall = {HOUSING: result.housing, PRICE: result.prices, ROOMS: result.rooms}
    for row_office, facet, value, count in wishes:
        if facet == AREA:
            result.areas[(row_office, value)] = int(count)
        elif facet in overall:
            overall[facet][value] = overall[facet].get(value, 0) + int(count)
    return result


@dataclass
class AreaFigures:
    """What was wished for in one area: housing types and price bands."""

    office: str
    area: str
    registrations: int = 0
    housing: dict[str, int] = field(default_factory=dict)
    prices: dict[str, int] = field(default_factory=dict)


def area_figures(engine: Engine, start: date, end: date, office: str, area: str) -> AreaFigures:
    """The counters of one area of one office in the period."""
    w = demand_wishes
    result = AreaFigures(office, area)
    with engine.connect() as conn:
        rows = conn.execute(
            select(w.c.facet, w.c.value, func.sum(w.c.count))
            .where(w.c.area == area, *_where(w, start, end, office))
            .group_by(w.c.facet, w.c.value)
            .having(func.sum(w.c.count) != 0)
        ).all()
        wanted = conn.execute(
            select(func.sum(w.c.count)).where(
                w.c.area == ALL_AREAS,
                *_where(w, start, end, office),
                w.c.facet == AREA,
                w.c.value == area,
            )
        ).scalar()
    targets: dict[str, dict[str, int]] = defaultdict(dict)
    for facet, value, count in rows:
        targets[facet][value] = int(count)
    result.registrations = int(wanted or 0)
    result.housing, result.prices = targets[HOUSING], targets[PRICE]
    return result
