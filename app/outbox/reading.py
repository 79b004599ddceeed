"""Reading the outbox: rows per state, the desk's listing, readiness and the statistics'
delivery figures."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Engine, func, select
from sqlalchemy.sql import Select

from app.outbox.states import DEAD, DELIVERED, REJECTED, RETRYING, STATES, WAITING
from app.outbox.table import t


def counts(engine: Engine) -> dict[str, int]:
    """Rows per state, every state present."""
    with engine.connect() as conn:
        rows = conn.execute(select(t.c.status, func.count()).group_by(t.c.status)).all()
    result = dict.fromkeys(STATES, 0)
    result.update({status: n for status, n in rows})
    return result


def oldest_waiting(engine: Engine) -> datetime | None:
    """Creation time of the oldest row not yet delivered, rejected or dead."""
    with engine.connect() as conn:
        return conn.execute(
            select(func.min(t.c.created_at)).where(t.c.status.in_(WAITING))
        ).scalar()


def refused_credentials(engine: Engine) -> list[tuple[str | None, int]]:
    """(office, status) of rows waiting because Vitec refused the credentials (401/403)."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(t.c.office, t.c.last_status)
            .where(t.c.status == RETRYING, t.c.last_status.in_((401, 403)))
            .distinct()
        ).all()
    return [(row.office, row.last_status) for row in rows]


def get(engine: Engine, submission_id: str) -> dict | None:
    """One row as a dict (the sealed payload included), or None."""
    with engine.connect() as conn:
        row = conn.execute(select(t).where(t.c.id == submission_id)).mappings().first()
    return dict(row) if row else None


LISTED = (
    t.c.id,
    t.c.channel,
    t.c.status,
    t.c.created_at,
    t.c.updated_at,
    t.c.attempts,
    t.c.next_attempt_at,
    t.c.last_status,
    t.c.last_error,
    t.c.delivered_at,
    t.c.entered_by,
    t.c.erased_at,
    t.c.office,
    t.c.kind,
    t.c.estate_title,
)


def listing(
    engine: Engine,
    status: str | Sequence[str] | None = None,
    limit: int = 100,
    offset: int = 0,
    among: Select | None = None,
) -> list[dict]:
    """Rows newest first (the id breaks ties, so pages neither repeat nor skip a row), without
    personal data, optionally of one or more states and only among the ids `among` selects."""
    query = select(*LISTED).order_by(t.c.created_at.desc(), t.c.id.desc())
    if status:
        query = query.where(t.c.status.in_([status] if isinstance(status, str) else status))
    if among is not None:
        query = query.where(t.c.id.in_(among))
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(query.limit(limit).offset(offset)).mappings()]


def sealed_answers(engine: Engine, ids: Sequence[str] | None = None) -> dict[str, bytes]:
    """The sealed typed answers of these rows (of every row that has them, for None)."""
    query = select(t.c.id, t.c.answers).where(t.c.answers.is_not(None))
    if ids is not None:
        query = query.where(t.c.id.in_(ids))
    with engine.connect() as conn:
        return {row.id: row.answers for row in conn.execute(query)}


def delivery_figures(
    engine: Engine, created_from: datetime, created_before: datetime, office: str | None = None
) -> tuple[dict[str, int], float | None]:
    """Rows per state among those created in the period (one office, or all; spam rows not
    counted), and the median seconds from registration to delivery of the delivered ones
    (None when there are none)."""
    where = [t.c.created_at >= created_from, t.c.created_at < created_before]
    if office is not None:
        where.append(t.c.office == office)
    with engine.connect() as conn:
        # Naming the states lets the period index answer without reading the rows.
        counted = t.c.status.in_((DELIVERED, *WAITING, REJECTED, DEAD))
        rows = conn.execute(
            select(t.c.status, func.count()).where(counted, *where).group_by(t.c.status)
        )
        per_state = dict.fromkeys(STATES, 0) | {status: n for status, n in rows}
        if conn.dialect.name == "sqlite":
            seconds = (func.julianday(t.c.delivered_at) - func.julianday(t.c.created_at)) * 86400
        else:
            seconds = func.extract("epoch", t.c.delivered_at - t.c.created_at)
        delivered = select(seconds).where(*where, t.c.status == DELIVERED)
        n, values = per_state[DELIVERED], []
        if n:
            # The middle row, or the two middle rows of an even count.
            middle = delivered.order_by(seconds).offset((n - 1) // 2).limit(2 - n % 2)
            values = [float(value) for value in conn.execute(middle).scalars()]
    # SQLite's julianday() is exact to about a millisecond.
    return per_state, (round(sum(values) / len(values), 3) if values else None)
