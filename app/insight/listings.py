"""Interest per listing, the figure a broker shows a seller: registrations per home (named as
Vitec listed it), per week, per channel and per site it was shown on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from app.core.clock import STOCKHOLM
from app.insight.counters import UNKNOWN_SITE
from app.insight.figures import CHANNELS
from app.insight.report import site_label


@dataclass
class ListingFigure:
    """One home's registrations in the period."""

    office: str | None
    estate_id: str
    title: str
    total: int = 0
    channels: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CHANNELS, 0))
    weeks: dict[date, int] = field(default_factory=dict)  # Monday -> registrations
    sites: dict[str, int] = field(default_factory=dict)  # "Inbäddad på https://…" -> count

    def week_rows(self) -> list[tuple[date, int]]:
        """The weeks with registrations, earliest first."""
        return sorted(self.weeks.items())


def _monday(moment: datetime) -> date:
    day = moment.astimezone(STOCKHOLM).date()
    return day - timedelta(days=day.weekday())


def listing_figures(
    rows: Iterable[tuple[str | None, str, str | None, str, datetime, str | None]],
) -> list[ListingFigure]:
    """The homes of these outbox rows, most registrations first (then by name); a home is
    named by the latest name stored with it."""
    found: dict[tuple[str | None, str], ListingFigure] = {}
    for office, estate_id, title, channel, created_at, site in rows:
        key = (office, estate_id)
        figure = found.get(key)
        if figure is None:
            figure = found[key] = ListingFigure(office, estate_id, title or estate_id)
        figure.title = title or figure.title
        figure.total += 1
        figure.channels[channel] = figure.channels.get(channel, 0) + 1
        label = site_label(channel, site or UNKNOWN_SITE)
        figure.sites[label] = figure.sites.get(label, 0) + 1
        monday = _monday(created_at)
        figure.weeks[monday] = figure.weeks.get(monday, 0) + 1
    return sorted(found.values(), key=lambda f: (-f.total, f.title))
