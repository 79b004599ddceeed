"""What the delivery desk says about a registration's receipt to the buyer."""

from __future__ import annotations

from sqlalchemy import Engine

from app.delivery import mailqueue
from app.intake.submit import STOCKHOLM


def _when(moment) -> str:
    return moment.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


def receipt_line(engine: Engine, submission_id: str) -> str:
    """Whether the receipt was sent, waits, or why there is none, in a staff member's words."""
    row = mailqueue.receipt_for(engine, submission_id)
    if row is None:
        return "Inget kvitto (ingen e-postadress, inte begärt, misstänkt spam eller avstängt)."
    status, error = row["status"], row["last_error"] or ""
    if status == mailqueue.SENT:
        return f"Skickat {_when(row['sent_at'])}."
    if status == mailqueue.QUEUED:
        return "Väntar på att skickas."
    if status == mailqueue.RETRYING:
        return f"Väntar: {error} Nästa försök {_when(row['next_attempt_at'])}."
    if status == mailqueue.SKIPPED:
        return f"Skickades inte: {error}"
    if status == mailqueue.DROPPED:
        return "Skickades inte: uppgifterna raderades innan det skickades."
    return f"Kunde inte skickas: {error}"
