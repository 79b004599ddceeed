"""Vitec's last answer on a registration in plain Swedish: for the desk and the alarm e-mail."""

from __future__ import annotations

from app.delivery.states import DELIVERED, SPAM


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
