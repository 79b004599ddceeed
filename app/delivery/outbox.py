"""The durable outbox: store a submission first, then let workers claim and settle it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import (
    Column,
    Engine,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    and_,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from app.delivery.db import UTCDateTime, metadata
from app.delivery.states import (
    CORRECTABLE,
    DEAD,
    DELIVERED,
    QUEUED,
    REJECTED,
    RETRYING,
    STATES,
    WAITING,
)

# Changes go through an Alembic migration in migrations/versions/.
submissions = Table(
    "submissions",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("channel", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Column("next_attempt_at", UTCDateTime(), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("lease_until", UTCDateTime()),
    Column("leased_by", String(64)),
    Column("last_status", Integer),
    Column("last_error", Text),
    Column("delivered_at", UTCDateTime()),
    Column("payload", LargeBinary),  # Fernet token; NULL once purged after delivery
    Column("consent_version", String(32)),
    Column("consent_at", UTCDateTime()),
    Column("answers", LargeBinary),  # the form's answers, sealed, so staff can correct them
    Column("entered_by", String(254)),  # the staff member who entered it by hand
    Column("erased_at", UTCDateTime()),  # personal data erased on request (GDPR)
    Column("consent", Text),  # JSON: per purpose given or not, when, text version and hash
    Column("office", String(40)),  # the Vitec customer id it goes to
    Index("ix_submissions_due", "status", "next_attempt_at"),
    Index("ix_submissions_created", "created_at"),
    # Covers the statistics' delivery figures of a period (app.insight, migration 0008).
    Index("ix_submissions_period", "status", "created_at", "office", "delivered_at"),
)

t = submissions
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


def enqueue(
    engine: Engine,
    submission_id: str,
    sealed_payload: bytes,
    channel: str,
    now: datetime,
    consent_version: str | None = None,
    consent_at: datetime | None = None,
    sealed_answers: bytes | None = None,
    entered_by: str | None = None,
    consent: str | None = None,
    status: str = QUEUED,
    office: str | None = None,
) -> bool:
    """Store a submission as queued; False when this id is already stored (a double post)."""
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
                    "payload": sealed_payload,
                    "consent_version": consent_version,
                    "consent_at": consent_at,
                    "answers": sealed_answers,
                    "entered_by": entered_by,
                    "consent": consent,
                    "office": office,
                },
            )
    except IntegrityError:
        return False
    return True


def _due(now: datetime):
    return and_(
        t.c.status.in_(WAITING),
        t.c.next_attempt_at <= now,
        or_(t.c.lease_until.is_(None), t.c.lease_until < now),
    )


def claim(
    engine: Engine, worker_id: str, limit: int, lease_seconds: float, now: datetime
) -> list[Claimed]:
    """Lease up to `limit` due rows to this worker; a lease that runs out frees the row again."""
    lease_until = now + timedelta(seconds=lease_seconds)
    columns = (t.c.id, t.c.payload, t.c.attempts, t.c.created_at, t.c.office)
    with engine.begin() as conn:
        query = select(*columns).where(_due(now)).order_by(t.c.next_attempt_at).limit(limit)
        if conn.dialect.name == "postgresql":
            # Rows another worker is claiming right now are skipped, not waited for.
            query = query.with_for_update(skip_locked=True)
        rows = conn.execute(query).all()
        if not rows:
            return []
        ids = [row.id for row in rows]
        # Re-checking "due" makes the claim safe on SQLite too, where there is no SKIP LOCKED
        # (there the transaction holds the write lock, so nothing can change in between).
        held_ids = set(
            conn.execute(
                update(t)
                .where(t.c.id.in_(ids), _due(now))
                .values(lease_until=lease_until, leased_by=worker_id, updated_at=now)
                .returning(t.c.id)
            ).scalars()
        )
    return [Claimed(*row) for row in rows if row.id in held_ids]


def _settle(engine: Engine, submission_id: str, worker_id: str, now: datetime, **values) -> bool:
    """Update a leased row, only while this worker still holds it; leased_by stays as a
    record of which worker handled the row last."""
    with engine.begin() as conn:
        result = conn.execute(
            update(t)
            .where(t.c.id == submission_id, t.c.leased_by == worker_id)
            .values(lease_until=None, updated_at=now, **values)
        )
    return result.rowcount == 1


def mark_delivered(
    engine: Engine, submission_id: str, worker_id: str, now: datetime, status: int
) -> bool:
    """Vitec took it."""
    return _settle(
        engine,
        submission_id,
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
    submission_id: str,
    worker_id: str,
    now: datetime,
    state: str,
    error: str,
    status: int | None,
    next_attempt_at: datetime | None = None,
) -> bool:
    """Record a failed attempt: retrying (with its next time), rejected or dead."""
    values = {"status": state, "attempts": t.c.attempts + 1, "last_error": error[:1000]}
    values["last_status"] = status
    if next_attempt_at is not None:
        values["next_attempt_at"] = next_attempt_at
    return _settle(engine, submission_id, worker_id, now, **values)


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


def purge_delivered(engine: Engine, delivered_before: datetime, now: datetime) -> int:
    """Delete the personal payload of rows delivered before the cut-off; keep id, times, status."""
    with engine.begin() as conn:
        result = conn.execute(
            update(t)
            .where(
                t.c.status == DELIVERED,
                t.c.delivered_at < delivered_before,
                t.c.payload.is_not(None),
            )
            .values(payload=None, updated_at=now)
        )
    return result.rowcount


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
)


def listing(engine: Engine, status: str | None = None, limit: int = 100) -> list[dict]:
    """Rows newest first, without personal data, optionally of one state."""
    query = select(*LISTED).order_by(t.c.created_at.desc()).limit(limit)
    if status:
        query = query.where(t.c.status == status)
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


def replace_payload(
    engine: Engine, submission_id: str, sealed_payload: bytes, sealed_answers: bytes, now: datetime
) -> bool:
    """Store corrected answers for a row that was not delivered, and queue it again now."""
    with engine.begin() as conn:
        result = conn.execute(
            update(t)
            .where(
                t.c.id == submission_id,
                t.c.status.in_(CORRECTABLE),
                t.c.erased_at.is_(None),
            )
            .values(
                payload=sealed_payload,
                answers=sealed_answers,
                status=RETRYING,
                next_attempt_at=now,
                updated_at=now,
            )
        )
    return result.rowcount == 1


def erase(engine: Engine, submission_id: str, now: datetime) -> bool:
    """Remove a person's data from a row for good; a row not yet delivered is never sent."""
    with engine.begin() as conn:
        row = conn.execute(select(t.c.status).where(t.c.id == submission_id)).first()
        if row is None:
            return False
        values = {"payload": None, "answers": None, "erased_at": now, "updated_at": now}
        if row.status in WAITING:
            values.update(status=DEAD, last_error="Raderad på begäran innan leverans.")
        conn.execute(update(t).where(t.c.id == submission_id).values(**values))
    return True


def erase_older_than(engine: Engine, created_before: datetime, now: datetime) -> int:
    """Erase the personal data of every row created before the cut-off (retention)."""
    with engine.connect() as conn:
        ids = (
            conn.execute(
                select(t.c.id).where(t.c.created_at < created_before, t.c.erased_at.is_(None))
            )
            .scalars()
            .all()
        )
    return sum(erase(engine, submission_id, now) for submission_id in ids)


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
