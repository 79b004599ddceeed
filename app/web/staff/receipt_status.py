"""What the delivery desk says about a registration's receipt to the person: sent, waiting, or
the one reason there is none."""

from __future__ import annotations

from sqlalchemy import Engine

from app import outbox
from app.core.clock import local_minute
from app.mail import queue as mailqueue
from app.outbox.states import SPAM
from app.web.settings import settings
from app.web.staff.desk_words import Person, person_of
from app.wiring.services import delivery


def _when(moment) -> str:
    return local_minute(moment)


def why_none(row: dict, person: Person, receipts_on: bool) -> str:
    """Why no receipt was queued with the registration, from what the row still tells: its
    state, its channel and whether the person gave an e-mail address."""
    if row["status"] == SPAM:
        return "Inget kvitto: anmälan togs för misstänkt spam."
    if not receipts_on:
        return "Inget kvitto: tjänsten skickar inga kvitton (RECEIPT_ENABLED är av)."
    if row.get("answers") is None or person.unreadable:
        return "Inget kvitto. Skälet syns inte längre: personuppgifterna är raderade."
    if not person.email:
        return "Inget kvitto: ingen e-postadress angavs."
    if row["channel"] == "staff":
        return "Inget kvitto: det valdes bort när anmälan registrerades."
    # Receipts were off when it came in, or the receipt could not be made (that is logged).
    return (
        "Inget kvitto: kvitton var avstängda när anmälan kom in, eller kvittot gick inte att "
        "göra (det står då i loggen under anmälans id)."
    )


def receipt_line(engine: Engine, submission_id: str) -> str:
    """Whether the receipt was sent, waits, or why there is none, in a staff member's words."""
    row = mailqueue.receipt_for(engine, submission_id)
    if row is None:
        stored = outbox.get(engine, submission_id) or {"status": "", "channel": ""}
        person = person_of(delivery().sealer, stored.get("answers"))
        return why_none(stored, person, settings().receipt_enabled)
    status, error = row["status"], row["last_error"] or ""
    if status == mailqueue.SENT:
        return f"Skickat {_when(row['sent_at'])}."
    if status == mailqueue.QUEUED and error:  # held for the hourly ceiling
        return f"Väntar: {error} Skickas tidigast {_when(row['next_attempt_at'])}."
    if status == mailqueue.QUEUED:
        return "Väntar på att skickas."
    if status == mailqueue.RETRYING:
        return f"Väntar: {error} Nästa försök {_when(row['next_attempt_at'])}."
    if status == mailqueue.SKIPPED:
        return f"Skickades inte: {error}"
    if status == mailqueue.DROPPED:
        return "Skickades inte: uppgifterna raderades innan det skickades."
    return f"Kunde inte skickas: {error}"
