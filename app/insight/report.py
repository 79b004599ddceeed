"""The figures of a period with the names a broker reads: areas under their municipalities,
housing types, price bands, channels and sites, delivery states. Shared by the page, the CSV
and the JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from app import outbox
from app.core.clock import STOCKHOLM
from app.insight.bands import band_label, band_order, rooms_label, rooms_order
from app.insight.counters import OTHER_SITE, UNKNOWN_SITE
from app.insight.figures import CHANNELS, AreaFigures, Figures
from app.outbox.states import DEAD, DELIVERED, QUEUED, REJECTED, RETRYING, channel_name
from app.vitec.reference import OTHER_GROUP, AreaGroup, swedish_key
from app.vitec.vocabulary import HOUSING_LABELS

DELIVERY_STATES = (
    ("delivered", "Levererade", (DELIVERED,)),
    ("waiting", "Väntar", (QUEUED, RETRYING)),
    ("rejected", "Avvisade", (REJECTED,)),
    ("dead", "Misslyckade", (DEAD,)),
)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    count: int
    share: float | None = None  # per cent of the registrations


@dataclass(frozen=True)
class AreaRow:
    office: str
    area_id: str
    name: str
    count: int
    municipality: str = ""


@dataclass(frozen=True)
class Municipality:
    name: str
    areas: list[AreaRow]

    @property
    def total(self) -> int:
        """The registrations of its areas added up."""
        return sum(area.count for area in self.areas)


@dataclass(frozen=True)
class FunnelRow:
    channel: str
    site: str
    label: str
    views: int | None  # None: the channel has no form views (staff)
    registrations: int
    bots: int
    conversion: float | None
    bot_share: float | None


@dataclass
class Report:
    start: date
    end: date
    office: str | None
    office_name: str
    registrations: int = 0
    bots: int = 0
    views: int = 0
    marketing: int = 0
    weeks: list = field(default_factory=list)  # figures.Week
    municipalities: list[Municipality] = field(default_factory=list)
    housing: list[Row] = field(default_factory=list)
    prices: list[Row] = field(default_factory=list)
    rooms: list[Row] = field(default_factory=list)
    funnel: list[FunnelRow] = field(default_factory=list)
    deliveries: list[Row] = field(default_factory=list)
    median_delivery_seconds: float | None = None

    @property
    def ranked_areas(self) -> list[AreaRow]:
        """Every area asked for, the most wanted first whatever its municipality."""
        every = (area for m in self.municipalities for area in m.areas)
        return sorted(every, key=lambda a: (-a.count, swedish_key(a.name)))


def share(count: int, total: int) -> float | None:
    """`count` in per cent of `total`, or None when there is nothing to divide by."""
    return 100.0 * count / total if total else None


def channel_heading(channel: str) -> str:
    """A channel's name as a heading or the start of a label: 'Webb', 'Inbäddad'."""
    name = channel_name(channel)
    return name[:1].upper() + name[1:]


def site_label(channel: str, site: str) -> str:
    """How the funnel names a channel and the site it was shown on."""
    heading = channel_heading(channel)
    if channel != "embed":
        return heading
    if site == UNKNOWN_SITE:
        return f"{heading}, okänd webbplats"
    if site == OTHER_SITE:
        return f"{heading}, webbplats som inte får visa formuläret"
    return f"{heading} på {site}"


def area_names(groups: list[tuple[str, tuple[AreaGroup, ...]]]) -> dict[tuple[str, str], tuple]:
    """(office, area id) -> (area name, municipality), from each office's reference data."""
    return {
        (office, area.area_id): (area.name, group.municipality)
        for office, office_groups in groups
        for group in office_groups
        for area in group.areas
    }


def housing_rows(counts: dict[str, int], total: int) -> list[Row]:
    """Housing types wanted, the most wanted first (then in Swedish order)."""
    rows = [Row(k, HOUSING_LABELS.get(k, k), n, share(n, total)) for k, n in counts.items()]
    return sorted(rows, key=lambda row: (-row.count, swedish_key(row.label)))


def price_rows(counts: dict[str, int], total: int) -> list[Row]:
    """Price bands wanted, from the cheapest band to 'inget maxpris'."""
    return [
        Row(k, band_label(k), counts[k], share(counts[k], total))
        for k in sorted(counts, key=band_order)
    ]


def municipalities(
    areas: dict[tuple[str, str], int], names: dict[tuple[str, str], tuple]
) -> list[Municipality]:
    """Areas most asked for, under their municipalities (the busiest municipality first)."""
    grouped: dict[str, list[AreaRow]] = {}
    for (office, area_id), count in areas.items():
        name, municipality = names.get((office, area_id), (area_id, OTHER_GROUP))
        row = AreaRow(office, area_id, name, count, municipality)
        grouped.setdefault(municipality, []).append(row)
    result = [
        Municipality(name, sorted(rows, key=lambda a: (-a.count, swedish_key(a.name))))
        for name, rows in grouped.items()
    ]
    return sorted(result, key=lambda m: (-m.total, m.name == OTHER_GROUP, swedish_key(m.name)))


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The period's first and last day as UTC moments: [start 00:00, day after end 00:00)."""
    first = datetime.combine(start, time(), STOCKHOLM)
    after = datetime.combine(end + timedelta(days=1), time(), STOCKHOLM)
    return first, after


def build_report(fig: Figures, names, office_name: str, engine) -> Report:
    """The page's figures, named; deliveries read from the outbox."""
    report = Report(fig.start, fig.end, fig.office, office_name)
    report.registrations, report.bots, report.views = fig.registrations, fig.bots, fig.views
    report.marketing, report.weeks = fig.marketing, fig.weeks
    report.municipalities = municipalities(fig.areas, names)
    total = fig.registrations
    report.housing = housing_rows(fig.housing, total)
    report.prices = price_rows(fig.prices, total)
    report.rooms = [
        Row(k, rooms_label(k), fig.rooms[k], share(fig.rooms[k], total))
        for k in sorted(fig.rooms, key=rooms_order)
    ]
    for row in fig.funnel:
        views = None if row.channel == "staff" else row.views
        report.funnel.append(
            FunnelRow(
                row.channel,
                row.origin,
                site_label(row.channel, row.origin),
                views,
                row.registrations,
                row.bots,
                row.conversion if views is not None else None,
                row.bot_share,
            )
        )
    per_state, median = outbox.delivery_figures(
        engine, *period_bounds(fig.start, fig.end), fig.office
    )
    report.deliveries = [
        Row(key, label, sum(per_state.get(s, 0) for s in states))
        for key, label, states in DELIVERY_STATES
    ]
    report.median_delivery_seconds = median
    return report


def area_rows(area: AreaFigures) -> tuple[list[Row], list[Row]]:
    """Housing types and price bands wanted in one area."""
    return housing_rows(area.housing, area.registrations), price_rows(
        area.prices, area.registrations
    )


CHANNEL_ORDER = CHANNELS
