"""Changes made to a stored registration: corrections, erasure and retention; none can be
undone by a send in flight (each raises the row's version)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Connection, Engine, and_, case, or_, select, update

from app.core.db import scrub
from app.mail import queue as mailqueue
from app.outbox import search_index
from app.outbox.states import (
    CORRECTABLE,
    DEAD,
    DELIVERED,
    QUEUED,
    REJECTED,
    RETRYING,
    SPAM,
    WAITING,
)
from app.outbox.table import Sealed, t


def purge_delivered(engine: Engine, delivered_before: datetime, now: datetime) -> int:
    """Delete everything personal of rows delivered before the cut-off (the payload, the typed
    answers, Vitec's last words, what it added to the counters); keep id, times and status. No
    byte is left in the files."""
    personal = (t.c.payload, t.c.answers, t.c.last_error, t.c.counted)
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
                counted=None,
                updated_at=now,
                version=t.c.version + 1,
            )
        )
    if result.rowcount:
        scrub(engine)
    return result.rowcount


def replace_payload(
    engine: Engine,
    submission_id: str,
    sealed_payload: bytes,
    sealed_answers: bytes,
    now: datetime,
    also: Callable[[Connection], None] | None = None,
    sealed_counted: bytes | None = None,
) -> bool:
    """Store corrected answers (and what they add to the demand counters) for a row that was
    not delivered, and queue it again now; `also` runs in the same transaction when the row
    was changed."""
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
                counted=sealed_counted,
                status=RETRYING,
                next_attempt_at=now,
                updated_at=now,
                version=t.c.version + 1,
            )
        )
        if result.rowcount == 1 and also is not None:
            also(conn)
    return result.rowcount == 1


def store_correction(
    engine: Engine,
    submission_id: str,
    sealed: Sealed,
    now: datetime,
    also: Callable[[Connection], None] | None = None,
    correctable_only: bool = False,
) -> bool:
    """The person sent the same form again with other answers: replace what is stored. One not
    sent yet goes with the new answers only; one delivered (or refused) is queued again, so the
    corrected version reaches Vitec too. A row being sent right now keeps its lease: the new
    version means that worker's result is not recorded, and the corrected version goes when the
    lease is released, after the old one. Never an erased row or one kept as spam; with
    `correctable_only` (a staff form sent again) never a delivered one either. `also` runs in
    the same transaction when the row was changed."""
    if None in sealed.required_columns().values():
        raise ValueError("a correction replaces the whole registration: every part is needed")
    sent_or_refused = t.c.status.in_((DELIVERED, REJECTED, DEAD))
    allowed = t.c.status.in_(CORRECTABLE) if correctable_only else t.c.status.is_not(None)
    with engine.begin() as conn:
        result = conn.execute(
            update(t)
            .where(t.c.id == submission_id, t.c.erased_at.is_(None), t.c.status != SPAM, allowed)
            .values(
                **sealed.columns(),
                status=case((sent_or_refused, QUEUED), else_=t.c.status),
                next_attempt_at=case((sent_or_refused, now), else_=t.c.next_attempt_at),
                version=t.c.version + 1,
                updated_at=now,
            )
        )
        if result.rowcount == 1 and also is not None:
            also(conn)
    return result.rowcount == 1


ERASED_BEFORE_DELIVERY = "Raderad på begäran innan leverans."


def _erased(now: datetime) -> dict:
    """The values of an erase, as SQL: a row not yet delivered turns dead and is never sent;
    Vitec's last answer goes too, as a 400 may quote the person."""
    waiting = t.c.status.in_(WAITING)
    return {
        "payload": None,
        "answers": None,
        "counted": None,
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
