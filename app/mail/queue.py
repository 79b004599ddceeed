"""The durable e-mail queue: a message is stored (sealed) first, then a sender claims and
settles it, like the outbox. Every table access of the queue is here."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Index,
    LargeBinary,
    String,
    Table,
    bindparam,
    func,
    insert,
    select,
    text,
    update,
)

from app.core.db import UTCDateTime, metadata
from app.outbox import lease

RECEIPT, ALERT = "receipt", "alert"
# queued -> sent; or retrying; or failed (the server refused it for good, or too old);
# skipped (a cap per registration or address; never sent); dropped (erased or replaced by a
# correction before it was sent). A receipt over the hourly ceiling stays queued (ceiling.py).
QUEUED, RETRYING, SENT, FAILED, SKIPPED, DROPPED = (
    "queued",
    "retrying",
    "sent",
    "failed",
    "skipped",
    "dropped",
)
WAITING = (QUEUED, RETRYING)
# RECEIPT_MAX_PER_DAY (per address) and the cap per registration count over this window.
RECEIPT_WINDOW = timedelta(hours=24)

# Changes go through an Alembic migration in migrations/versions/.
mail_queue = Table(
    "mail_queue",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("submission_id", String(32)),  # the registration a receipt is for
    *lease.queue_columns(),  # status, times, attempts, lease, last_error
    Column("sent_at", UTCDateTime()),
    # Sealed recipients with the subject and body (a receipt: what it says, written when sent);
    # NULL once settled.
    Column("message", LargeBinary),
    Column("message_id", String(255), nullable=False),
    # A keyed hash of the recipient's address, to count receipts per address for a day.
    Column("recipient_key", String(64)),
    # "alert" while an alarm e-mail still collects entries (at most one such row).
    Column("batch", String(16), unique=True),
    Index("ix_mail_queue_due", "status", "next_attempt_at"),
    Index("ix_mail_queue_submission", "submission_id"),
    Index("ix_mail_queue_recipient", "recipient_key", "created_at"),
)

t = mail_queue
# Built once: a receipt is queued on the form's request, so its statements are kept ready.
_INSERT = insert(t)
# What counts toward a cap: a receipt that was or will be sent (not one skipped, nor one
# dropped unsent because a correction replaced it).
_COUNTED = (
    t.c.kind == RECEIPT,
    t.c.created_at >= bindparam("since", type_=UTCDateTime()),
    # Two comparisons, not NOT IN: an IN list is expanded anew on every execution.
    t.c.status != SKIPPED,
    t.c.status != DROPPED,
)
_RECEIPTS_TO = select(func.count()).where(t.c.recipient_key == bindparam("key"), *_COUNTED)
_RECEIPTS_FOR = select(func.count()).where(t.c.submission_id == bindparam("id"), *_COUNTED)


@dataclass(frozen=True)
class ClaimedMail:
    """A queued e-mail a sender holds a lease on."""

    id: str
    kind: str
    submission_id: str | None
    message: bytes | None
    message_id: str
    attempts: int
    created_at: datetime


def add(
    conn: Connection, mail_id: str, kind: str, message_id: str, now: datetime, **values
) -> None:
    """Store one e-mail, in the caller's transaction (e.g. with its registration)."""
    row = {
        "id": mail_id,
        "kind": kind,
        "message_id": message_id,
        "status": QUEUED,
        "created_at": now,
        "updated_at": now,
        "next_attempt_at": now,
        "attempts": 0,
    }
    row.update(values)
    conn.execute(_INSERT, row)


def serialise(conn: Connection, name: str) -> None:
    """Hold a lock named `name` until the caller's transaction ends, so that two transactions
    counting the same thing count one after the other (SQLite's write lock already does)."""
    if conn.dialect.name == "postgresql":
        lock = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock})


def receipts_to(conn: Connection, recipient_key: str, since: datetime) -> int:
    """How many receipts to this address (by its key) were queued since then."""
    serialise(conn, recipient_key)
    return conn.execute(_RECEIPTS_TO, {"key": recipient_key, "since": since}).scalar_one()


def receipts_for(conn: Connection, submission_id: str, since: datetime) -> int:
    """How many receipts this registration (its corrections included) queued since then."""
    serialise(conn, "receipts-for:" + submission_id)
    return conn.execute(_RECEIPTS_FOR, {"id": submission_id, "since": since}).scalar_one()


def open_batch(conn: Connection, batch: str) -> tuple[str, bytes] | None:
    """The (id, sealed message) of the e-mail still collecting under `batch`, locked."""
    query = select(t.c.id, t.c.message).where(t.c.batch == batch, t.c.status == QUEUED)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()
    row = conn.execute(query).first()
    return (row.id, row.message) if row else None


def update_batch(conn: Connection, mail_id: str, sealed: bytes, now: datetime) -> None:
    """Replace a collecting e-mail's message (one more entry)."""
    conn.execute(
        update(t)
        .where(t.c.id == mail_id, t.c.batch.is_not(None))
        .values(message=sealed, updated_at=now)
    )


def claim(
    engine: Engine, worker_id: str, limit: int, lease_seconds: float, now: datetime
) -> list[ClaimedMail]:
    """Lease up to `limit` due e-mails; a claimed alarm stops collecting entries."""
    columns = (
        t.c.id,
        t.c.kind,
        t.c.submission_id,
        t.c.message,
        t.c.message_id,
        t.c.attempts,
        t.c.created_at,
    )
    values = {
        "lease_until": now + timedelta(seconds=lease_seconds),
        "leased_by": worker_id,
        "updated_at": now,
        "batch": None,
    }
    with engine.begin() as conn:
        rows, held = lease.claim_due(conn, t, WAITING, columns, limit, now, values)
    return [ClaimedMail(*row) for row in rows if row.id in held]


def settle(
    engine: Engine,
    mail_id: str,
    worker_id: str,
    now: datetime,
    status: str,
    error: str | None = None,
    next_attempt_at: datetime | None = None,
) -> bool:
    """Record an attempt, only while this worker holds the e-mail: SENT or FAILED delete the
    message (recipients and body; a failure keeps its reason), RETRYING waits for
    `next_attempt_at`."""
    values: dict = {"status": status, "attempts": t.c.attempts + 1, "last_error": None}
    if error:
        values["last_error"] = error[:1000]
    if status in (SENT, FAILED):
        values["message"] = None
    if status == SENT:
        values["sent_at"] = now
    if next_attempt_at is not None:
        values["next_attempt_at"] = next_attempt_at
    with engine.begin() as conn:
        result = conn.execute(
            update(t)
            .where(t.c.id == mail_id, t.c.leased_by == worker_id, t.c.status.in_(WAITING))
            .values(lease_until=None, updated_at=now, **values)
        )
    return result.rowcount == 1


def drop_unsent(conn: Connection, submission_id: str, now: datetime) -> int:
    """Drop a registration's receipt that was not sent yet (its answers were corrected and a
    new one follows), inside the caller's transaction."""
    return conn.execute(
        update(t)
        .where(t.c.submission_id == submission_id, t.c.status.in_(WAITING))
        .values(
            status=DROPPED,
            message=None,
            lease_until=None,
            updated_at=now,
            last_error="Ersatt av kvittot för den rättade anmälan.",
        )
    ).rowcount


def erase_for(conn: Connection, submission_id: str, now: datetime) -> int:
    """Drop a registration's unsent e-mail and every trace of its address, in the caller's
    transaction (the registration's erasure)."""
    values = {"message": None, "recipient_key": None, "updated_at": now}
    conn.execute(
        update(t)
        .where(t.c.submission_id == submission_id, t.c.status.in_(WAITING))
        .values(status=DROPPED, lease_until=None, last_error="Raderad innan det skickades.")
    )
    return conn.execute(
        update(t).where(t.c.submission_id == submission_id).values(**values)
    ).rowcount


def forget_recipients(engine: Engine, before: datetime, now: datetime) -> int:
    """Remove the address keys older than the cap's window (they are only for the cap)."""
    with engine.begin() as conn:
        return conn.execute(
            update(t)
            .where(t.c.created_at < before, t.c.recipient_key.is_not(None))
            .values(recipient_key=None, updated_at=now)
        ).rowcount


def receipt_for(engine: Engine, submission_id: str) -> dict | None:
    """The state of a registration's receipt (no message; the address's key while it is
    kept), or None when none was queued."""
    columns = (
        *(t.c.status, t.c.sent_at, t.c.attempts, t.c.last_error, t.c.next_attempt_at),
        t.c.recipient_key,
    )
    query = select(*columns).where(t.c.submission_id == submission_id, t.c.kind == RECEIPT)
    with engine.connect() as conn:
        row = conn.execute(query.order_by(t.c.created_at.desc())).mappings().first()
    return dict(row) if row else None


def rows(engine: Engine, kind: str | None = None) -> list[dict]:
    """Every e-mail row, oldest first (the message still sealed)."""
    query = select(t).order_by(t.c.created_at, t.c.id)
    if kind:
        query = query.where(t.c.kind == kind)
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


def counts(engine: Engine) -> dict[str, int]:
    """E-mails per state."""
    with engine.connect() as conn:
        found = conn.execute(select(t.c.status, func.count()).group_by(t.c.status)).all()
    return {status: n for status, n in found}
