"""Storing a registration, and the workers' claims and answers: every state change of a row is
one conditional update."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, and_, insert, update
from sqlalchemy.exc import IntegrityError

from app.outbox import lease
from app.outbox.errors import is_sealed
from app.outbox.kinds import AREA
from app.outbox.states import DELIVERED, QUEUED, REJECTED, RETRYING, WAITING
from app.outbox.table import Sealed, t

# Built once: constructing the statement per call cost about as much as running it.
_INSERT = insert(t)


@dataclass(frozen=True)
class Claimed:
    """A row a worker holds a lease on."""

    id: str
    payload: bytes | None
    attempts: int
    created_at: datetime
    office: str | None
    version: int  # the row's version this claim holds; the answer is recorded only at it
    kind: str = AREA  # which Vitec call it goes to (app.outbox.kinds)


def enqueue(
    engine: Engine,
    submission_id: str,
    sealed: Sealed,
    channel: str,
    now: datetime,
    entered_by: str | None = None,
    status: str = QUEUED,
    also: Callable[[Connection], None] | None = None,
) -> bool:
    """Store a submission as queued; False when this id is already stored (a double post).
    `also` runs in the same transaction (indexing it for the desk, queueing the receipt)."""
    try:
        with engine.begin() as conn:
            conn.execute(
                _INSERT,
                {
                    "id": submission_id,
                    "channel": channel,
                    "status": status,
                    "created_at": now,
                    "updated_at": now,
                    "next_attempt_at": now,
                    "attempts": 0,
                    "entered_by": entered_by,
                    **sealed.columns(),
                },
            )
            if also is not None:
                also(conn)
    except IntegrityError:
        return False
    return True


def claim(
    engine: Engine, worker_id: str, limit: int, lease_seconds: float, now: datetime
) -> list[Claimed]:
    """Lease up to `limit` due rows to this worker; a lease that runs out frees the row again.
    The claim raises the row's version, so only this claim may record the send's outcome."""
    columns = (t.c.id, t.c.payload, t.c.attempts, t.c.created_at, t.c.office, t.c.kind)
    values = {
        "lease_until": now + timedelta(seconds=lease_seconds),
        "leased_by": worker_id,
        "updated_at": now,
        "version": t.c.version + 1,
    }
    with engine.begin() as conn:
        rows, held = lease.claim_due(conn, t, WAITING, columns, limit, now, values, (t.c.version,))
    return [
        Claimed(*row[:5], version=held[row.id][0], kind=row.kind) for row in rows if row.id in held
    ]


def _settle(engine: Engine, row: Claimed, worker_id: str, now: datetime, **values) -> bool:
    """Record the outcome of a send in one conditional update: only while this worker still
    holds the row and nothing changed it since the claim. When an erase or a staff correction
    came in meanwhile, that stays as it is and only the lease is let go, so that a corrected
    row is sent next. leased_by stays as a record of which worker handled the row last."""
    mine = and_(t.c.id == row.id, t.c.leased_by == worker_id)
    with engine.begin() as conn:
        result = conn.execute(
            update(t)
            .where(mine, t.c.version == row.version)
            .values(lease_until=None, updated_at=now, version=t.c.version + 1, **values)
        )
        if result.rowcount == 1:
            return True
        conn.execute(update(t).where(mine, t.c.lease_until.is_not(None)).values(lease_until=None))
    return False


def mark_delivered(
    engine: Engine, row: Claimed, worker_id: str, now: datetime, status: int
) -> bool:
    """Vitec took it (False: the row was erased or corrected meanwhile, and stays so)."""
    return _settle(
        engine,
        row,
        worker_id,
        now,
        status=DELIVERED,
        delivered_at=now,
        attempts=t.c.attempts + 1,
        last_status=status,
        last_error=None,
    )


def mark_failed(
    engine: Engine,
    row: Claimed,
    worker_id: str,
    now: datetime,
    state: str,
    error: str,
    status: int | None,
    next_attempt_at: datetime | None = None,
) -> bool:
    """Record a failed attempt: retrying (with its next time), rejected or dead (False: the row
    was erased or corrected meanwhile, and stays so)."""
    kept = error if is_sealed(error) else error[:1000]  # a sealed refusal is bounded already
    values = {"status": state, "attempts": t.c.attempts + 1, "last_error": kept}
    values["last_status"] = status
    if next_attempt_at is not None:
        values["next_attempt_at"] = next_attempt_at
    return _settle(engine, row, worker_id, now, **values)


def retry(engine: Engine, now: datetime, submission_id: str | None = None) -> int:
    """Queue a rejected, dead or waiting row again now (one id, or every rejected row)."""
    where = t.c.id == submission_id if submission_id else t.c.status == REJECTED
    with engine.begin() as conn:
        result = conn.execute(
            update(t)
            .where(where, t.c.status != DELIVERED, t.c.payload.is_not(None))
            .values(status=RETRYING, next_attempt_at=now, updated_at=now)
        )
    return result.rowcount
