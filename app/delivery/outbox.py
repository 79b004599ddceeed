"""The durable outbox: store a submission first, then let workers claim and settle it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    and_,
    case,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql import Select

from app.delivery import lease, mailqueue, search_index
from app.delivery.db import UTCDateTime, metadata, scrub
from app.delivery.states import (
    CORRECTABLE,
    DEAD,
    DELIVERED,
    QUEUED,
    REJECTED,
    RETRYING,
    SPAM,
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
    # Raised by each claim, erase, correction, purge and recorded answer; a worker records
    # Vitec's answer only at the version it claimed, so an erase or a correction made while
    # the send was in flight is never undone.
    Column("version", Integer, nullable=False, default=0, server_default="0"),
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
    version: int  # the row's version this claim holds; the answer is recorded only at it


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
    also: Callable[[Connection], None] | None = None,
) -> bool:
    """Store a submission as queued; False when this id is already stored (a double post).
    `also` runs in the same transaction (e.g. queueing the buyer's receipt)."""
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
    columns = (t.c.id, t.c.payload, t.c.attempts, t.c.created_at, t.c.office)
    values = {
        "lease_until": now + timedelta(seconds=lease_seconds),
        "leased_by": worker_id,
        "updated_at": now,
        "version": t.c.version + 1,
    }
    with engine.begin() as conn:
        rows, held = lease.claim_due(conn, t, WAITING, columns, limit, now, values, (t.c.version,))
    return [Claimed(*row, version=held[row.id][0]) for row in rows if row.id in held]


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
    values = {"status": state, "attempts": t.c.attempts + 1, "last_error": error[:1000]}
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


def purge_delivered(engine: Engine, delivered_before: datetime, now: datetime) -> int:
    """Delete everything personal of rows delivered before the cut-off (the payload, the typed
    answers, Vitec's last words); keep id, times and status. No byte is left in the files."""
    personal = (t.c.payload, t.c.answers, t.c.last_error)
    with engine.begin() as conn:
        search_index.delete_among(
            conn, select(t.c.id).where(t.c.status == DELIVERED, t.c.delivered_at < delivered_before)
        )
        result = conn.execute(
            update(t)
            .where(
                t.c.status == DELIVERED,
                t.c.delivered_at < delivered_before,
                or_(*(column.is_not(None) for column in personal)),
            )
            .values(
                payload=None,
                answers=None,
                last_error=None,
                updated_at=now,
                version=t.c.version + 1,
            )
        )
    if result.rowcount:
        scrub(engine)
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
                version=t.c.version + 1,
            )
        )
    return result.rowcount == 1


def store_correction(
    engine: Engine,
    submission_id: str,
    sealed_payload: bytes,
    sealed_answers: bytes,
    consent: str,
    consent_version: str,
    consent_at: datetime,
    office: str,
    now: datetime,
) -> bool:
    """The person sent the same form again with other answers: replace what is stored. One not
    sent yet goes with the new answers only; one delivered (or refused) is queued again, so the
    corrected version reaches Vitec too. A row being sent right now keeps its lease: the new
    version means that worker's result is not recorded, and the corrected version goes when the
    lease is released, after the old one. Never an erased row or one kept as spam."""
    sent_or_refused = t.c.status.in_((DELIVERED, REJECTED, DEAD))
    with engine.begin() as conn:
        result = conn.execute(
            update(t)
            .where(t.c.id == submission_id, t.c.erased_at.is_(None), t.c.status != SPAM)
            .values(
                payload=sealed_payload,
                answers=sealed_answers,
                consent=consent,
                consent_version=consent_version,
                consent_at=consent_at,
                office=office,
                status=case((sent_or_refused, QUEUED), else_=t.c.status),
                next_attempt_at=case((sent_or_refused, now), else_=t.c.next_attempt_at),
                version=t.c.version + 1,
                updated_at=now,
            )
        )
    return result.rowcount == 1


ERASED_BEFORE_DELIVERY = "Raderad på begäran innan leverans."


def _erased(now: datetime) -> dict:
    """The values of an erase, as SQL: a row not yet delivered turns dead and is never sent;
    Vitec's last answer goes too, as a 400 may quote the person."""
    waiting = t.c.status.in_(WAITING)
    return {
        "payload": None,
        "answers": None,
        "erased_at": now,
        "updated_at": now,
        "status": case((waiting, DEAD), else_=t.c.status),
        "last_error": case((waiting, ERASED_BEFORE_DELIVERY), else_=None),
        "version": t.c.version + 1,
    }


def erase(engine: Engine, submission_id: str, now: datetime) -> bool:
    """Remove a person's data from a row for good, in one update that a send in flight cannot
    undo; a row not yet delivered is never sent. False when there is no such row."""
    with engine.begin() as conn:
        result = conn.execute(
            update(t).where(t.c.id == submission_id, t.c.erased_at.is_(None)).values(**_erased(now))
        )
        found = (
            result.rowcount == 1
            or conn.execute(select(t.c.id).where(t.c.id == submission_id)).first() is not None
        )
        search_index.delete_for(conn, submission_id)
        mailqueue.erase_for(conn, submission_id, now)  # its unsent receipt, and the address
    if result.rowcount:
        scrub(engine)
    return found


def erase_older_than(engine: Engine, created_before: datetime, now: datetime) -> int:
    """Erase the personal data of every row created before the cut-off (retention)."""
    due = and_(t.c.created_at < created_before, t.c.erased_at.is_(None))
    with engine.begin() as conn:
        search_index.delete_among(conn, select(t.c.id).where(due))
        for submission_id in conn.execute(select(t.c.id).where(due)).scalars().all():
            mailqueue.erase_for(conn, submission_id, now)
        result = conn.execute(update(t).where(due).values(**_erased(now)))
    if result.rowcount:
        scrub(engine)
    return result.rowcount


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
