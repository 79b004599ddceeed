"""How the delivery desk names states, channels and Vitec's answers, in plain Swedish."""

from __future__ import annotations

from app.delivery.states import (
    DEAD,
    DELIVERED,
    QUEUED,
    REJECTED,
    RETRYING,
    SPAM,
    is_correctable,
    state_name,
)

# Filter key -> (label, states).
FILTERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "": ("Alla", ()),
    "vantar": ("Väntar", (QUEUED, RETRYING)),
    "levererad": ("Levererade", (DELIVERED,)),
    "avvisad": ("Avvisade", (REJECTED,)),
    "misslyckad": ("Misslyckade", (DEAD,)),
    "spam": ("Misstänkt spam", (SPAM,)),
}


def channel_name(row: dict) -> str:
    if row["channel"] == "staff":
        return f"personal: {row.get('entered_by') or 'okänd'}"
    return {"web": "webb", "embed": "inbäddad"}.get(row["channel"], row["channel"])


def vitec_answer(row: dict) -> str:
    """Vitec's last answer as a sentence a broker understands."""
    status, error = row.get("last_status"), row.get("last_error") or ""
    if row["status"] == DELIVERED:
        return "Vitec tog emot anmälan."
    if row.get("erased_at"):
        return "Personuppgifterna är raderade."
    if status == 400:
        return f"Vitec avvisade uppgifterna: {error}"
    if status in (401, 403):
        return "Vitec nekade åtkomst: kontrollera användarnamn, lösenord och behörighet."
    if status == 429:
        return "Vitec bad oss vänta (för många anrop); vi försöker igen."
    if status and status >= 500:
        return f"Vitec hade ett tillfälligt fel ({status}); vi försöker igen."
    if error:
        return error
    if row["status"] == SPAM:
        return "Togs för skräp och skickades inte. Skicka igen om den är äkta."
    return "Inte skickad än."


def describe_row(row: dict) -> dict:
    """A row with the desk's Swedish names added."""
    return {
        **row,
        "state": state_name(row["status"], bool(row.get("erased_at"))),
        "channel_name": channel_name(row),
        "answer": vitec_answer(row),
        "correctable": is_correctable(row),
    }
