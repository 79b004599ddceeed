"""What the detail page says a staff member's action did to a registration, worded from the
row's state when the page is read, not when the action was taken: the worker may have sent it,
or Vitec refused it, in between."""

from __future__ import annotations

from datetime import datetime

from flask import flash, get_flashed_messages

from app.outbox.states import DEAD, DELIVERED, QUEUED, REJECTED, RETRYING, SPAM
from app.wiring.services import delivery

CATEGORY = "row"  # these flashes are shown by the detail page only
STORED, CORRECTED, DUPLICATE = "stored", "corrected", "duplicate"  # as accept() reports them
RESENT, NOT_RESENT, NOT_CORRECTED = "resent", "not_resent", "not_corrected"
ERASED = "erased"

_SAVED = {
    QUEUED: "{who} är sparad och skickas till Vitec.",
    RETRYING: "{who} är sparad, men Vitec har inte tagit emot den än. Nya försök görs automatiskt.",
    DELIVERED: "{who} är sparad och Vitec har tagit emot den.",
    REJECTED: "{who} är sparad, men Vitec avvisade den. Se Vitecs svar nedan.",
    DEAD: "{who} är sparad, men den kunde inte levereras till Vitec. Se Vitecs senaste svar nedan.",
    SPAM: "{who} är sparad men togs för spam och skickas inte.",
    ERASED: "{who} sparades, men personuppgifterna har raderats sedan dess.",
}
_RESENT = {
    QUEUED: "Anmälan skickas igen till Vitec.",
    RETRYING: "Anmälan skickas igen till Vitec.",
    DELIVERED: "Anmälan skickades igen och Vitec har tagit emot den.",
    REJECTED: "Anmälan skickades igen, men Vitec avvisade den. Se Vitecs svar nedan.",
    DEAD: "Anmälan skickades igen, men den kunde inte levereras till Vitec. Se Vitecs senaste "
    "svar nedan.",
    ERASED: "Anmälan skickas inte: personuppgifterna har raderats.",
}
_NOW = {
    QUEUED: "Den skickas till Vitec.",
    RETRYING: "Vitec har inte tagit emot den än; nya försök görs automatiskt.",
    DELIVERED: "Vitec har tagit emot den.",
    REJECTED: "Vitec avvisade den. Se Vitecs svar nedan.",
    DEAD: "Den kunde inte levereras till Vitec. Se Vitecs senaste svar nedan.",
    SPAM: "Den togs för spam och skickas inte.",
    ERASED: "Personuppgifterna är raderade.",
}
_REFUSED = {
    NOT_RESENT: "Anmälan skickades inte igen",
    NOT_CORRECTED: "Anmälan kan inte rättas",
}
_WHY_NOT = {
    DELIVERED: "Vitec har redan tagit emot den.",
    ERASED: "personuppgifterna är raderade.",
}


def tell(event: str, submission_id: str) -> None:
    """Note what was done to a registration, for its detail page to say in words."""
    flash(f"{event}:{submission_id}", CATEGORY)


def said(event: str, row: dict, now: datetime) -> str:
    """What an action did, in words that fit the row's state `now`."""
    state = ERASED if row.get("erased_at") else row["status"]
    if state == RETRYING and row["next_attempt_at"] <= now:
        state = QUEUED  # due now (sent again, or corrected): not a failure since
    if event in _REFUSED:
        why = _WHY_NOT.get(state, "uppgifterna som skickades finns inte längre kvar.")
        return f"{_REFUSED[event]}: {why}"
    if event == RESENT:
        return _RESENT.get(state, _SAVED[state].format(who="Anmälan"))
    who = "Rättelsen" if event == CORRECTED else "Anmälan"
    if event == DUPLICATE:
        return f"Anmälan var redan sparad och ändrades inte. {_NOW[state]}"
    return _SAVED[state].format(who=who)


def told(row: dict) -> list[str]:
    """The sentences for what was done to this row since the last page (each once)."""
    sentences = []
    for note in get_flashed_messages(category_filter=[CATEGORY]):
        event, _, submission_id = note.partition(":")
        if submission_id == row["id"]:
            sentences.append(said(event, row, delivery().clock()))
    return sentences
