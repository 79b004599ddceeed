"""Reading the outbox for the statistics of interest per listing: which home, when, through
which channel. Nothing personal; the rows keep these after their personal data is gone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, select

from app.outbox.kinds import ESTATE
from app.outbox.states import SPAM
from app.outbox.table import t


def listing_registrations(
    engine: Engine, created_from: datetime, created_before: datetime, office: str | None = None
) -> list[tuple[str | None, str, str | None, str, datetime, str | None]]:
    """(office, estate id, the home's name, channel, created at, site) of every registration for a
    listing in the period (one office, or all), spam not counted, oldest first."""
    query = (
        select(t.c.office, t.c.estate_id, t.c.estate_title, t.c.channel, t.c.created_at, t.c.site)
        .where(
            t.c.kind == ESTATE,
            t.c.status != SPAM,
            t.c.created_at >= created_from,
            t.c.created_at < created_before,
        )
        .order_by(t.c.created_at)
    )
    if office is not None:
        query = query.where(t.c.office == office)
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(query)]
