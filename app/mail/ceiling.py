"""The service-wide ceiling on receipts per clock hour (RECEIPT_HOURLY_CEILING): how many went
this hour, and holding the rest, still queued, until the next hour, so that none is lost."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import Engine, func, select, update

from app.mail.queue import RECEIPT, SENT, WAITING, mail_queue, serialise

t = mail_queue
# How a held receipt's reason begins: what tells a receipt still held from an earlier hour.
MARK = "Fler kvitton än taket"


def hour_of(now: datetime) -> datetime:
    """The start of the clock hour `now` is in."""
    return now.replace(minute=0, second=0, microsecond=0)


def reason(ceiling: int) -> str:
    """Why a receipt waits, as the desk shows it."""
    return f"{MARK} på {ceiling} i timmen (RECEIPT_HOURLY_CEILING); det skickas nästa timme."


def sent_since(engine: Engine, since: datetime) -> int:
    """How many receipts were sent since then."""
    query = select(func.count()).where(t.c.kind == RECEIPT, t.c.status == SENT)
    with engine.connect() as conn:
        return conn.execute(query.where(t.c.sent_at >= since)).scalar_one()


def hold(engine: Engine, ids: Sequence[str], worker_id: str, now: datetime, ceiling: int) -> bool:
    """Give these leased receipts back, due at the next hour, with the reason (no attempt is
    counted); True when this starts a crossing: no receipt was held over an earlier hour."""
    held_before = t.c.last_error.startswith(MARK, autoescape=True)
    with engine.begin() as conn:
        serialise(conn, "receipt-ceiling")  # two senders crossing at once: one says so
        earlier = conn.execute(
            select(func.count()).where(t.c.kind == RECEIPT, t.c.status.in_(WAITING), held_before)
        ).scalar_one()
        held = conn.execute(
            update(t)
            .where(t.c.id.in_(list(ids)), t.c.leased_by == worker_id, t.c.status.in_(WAITING))
            .values(
                lease_until=None,
                next_attempt_at=hour_of(now) + timedelta(hours=1),
                last_error=reason(ceiling),
                updated_at=now,
            )
        )
    return earlier == 0 and held.rowcount > 0
