"""The demand counters. Changes go through an Alembic migration in migrations/versions/.

Every row is a sum over a day: no row stands for one person, so nothing here is personal data
and neither retention nor erasure touches these tables."""

from __future__ import annotations

from sqlalchemy import Column, Date, Integer, PrimaryKeyConstraint, String, Table

from app.core.db import metadata

# Per day, office, channel and host site: form views, registrations, bots, news and offers.
demand_traffic = Table(
    "demand_traffic",
    metadata,
    Column("day", Date, nullable=False),  # Stockholm's date
    Column("office", String(40), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("origin", String(200), nullable=False),  # the embedding site, "" when none or unknown
    Column("views", Integer, nullable=False, default=0),
    Column("registrations", Integer, nullable=False, default=0),
    Column("bots", Integer, nullable=False, default=0),
    Column("marketing", Integer, nullable=False, default=0),  # chose news and offers
    PrimaryKeyConstraint("day", "office", "channel", "origin", name="pk_demand_traffic"),
)

# Per day and office, what the registrations wished for: `area` "" for all of them together,
# else one area; `facet` what is counted (see app.insight.counters), `value` which one. The key
# starts with the area, so a page reads only its own area's rows of the period.
demand_wishes = Table(
    "demand_wishes",
    metadata,
    Column("area", String(64), nullable=False),
    Column("day", Date, nullable=False),
    Column("office", String(40), nullable=False),
    Column("facet", String(16), nullable=False),
    Column("value", String(64), nullable=False),
    Column("count", Integer, nullable=False, default=0),
    PrimaryKeyConstraint("area", "day", "office", "facet", "value", name="pk_demand_wishes"),
)
