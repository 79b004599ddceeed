"""Claiming due rows of a queue table (the outbox, the e-mail queue) with a lease: several
workers on one database, none taking a row another holds."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Integer,
    Row,
    String,
    Table,
    Text,
    and_,
    or_,
    select,
    update,
)
from sqlalchemy.sql.elements import ColumnElement

from app.core.db import UTCDateTime


def queue_columns() -> list[Column]:
    """The columns every leased queue table has: its state, its times and tries, the lease."""
    return [
        Column("status", String(16), nullable=False),
        Column("created_at", UTCDateTime(), nullable=False),
        Column("updated_at", UTCDateTime(), nullable=False),
        Column("next_attempt_at", UTCDateTime(), nullable=False),
        Column("attempts", Integer, nullable=False, default=0),
        Column("lease_until", UTCDateTime()),
        Column("leased_by", String(64)),
        Column("last_error", Text),
    ]


def due(table: Table, waiting: Sequence[str], now: datetime) -> ColumnElement[bool]:
    """Waiting, its time has come, and no live lease on it."""
    t = table
    return and_(
        t.c.status.in_(waiting),
        t.c.next_attempt_at <= now,
        or_(t.c.lease_until.is_(None), t.c.lease_until < now),
    )


def claim_due(
    conn: Connection,
    table: Table,
    waiting: Sequence[str],
    columns: Sequence[Any],
    limit: int,
    now: datetime,
    lease: dict[str, Any],
    returning: Sequence[Any] = (),
) -> tuple[list[Row], dict[str, tuple]]:
    """Select up to `limit` due rows (oldest due first) and set `lease` on them in the same
    transaction; the rows read, and per id held the `returning` values of the update."""
    is_due = due(table, waiting, now)
    query = select(*columns).where(is_due).order_by(table.c.next_attempt_at).limit(limit)
    if conn.dialect.name == "postgresql":
        # Rows another worker is claiming right now are skipped, not waited for.
        query = query.with_for_update(skip_locked=True)
    rows = conn.execute(query).all()
    if not rows:
        return [], {}
    # Re-checking "due" makes the claim safe on SQLite too, where there is no SKIP LOCKED
    # (there the transaction holds the write lock, so nothing can change in between).
    held = conn.execute(
        update(table)
        .where(table.c.id.in_([row.id for row in rows]), is_due)
        .values(**lease)
        .returning(table.c.id, *returning)
    ).all()
    return rows, {row[0]: tuple(row[1:]) for row in held}
