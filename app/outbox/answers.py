"""Vitec's last answer on a registration in plain Swedish: for the desk and the alarm e-mail."""

from __future__ import annotations

from collections.abc import Callable

from app.outbox.errors import is_sealed
from app.outbox.states import DELIVERED, SPAM


def vitec_answer(row: dict, explain: Callable[[str], str] | None = None) -> str:
    """Vitec's last answer as a sentence a broker understands; `explain` may put a refusal's
    field names in the form's words (the desk does)."""
    status, error = row.get("last_status"), row.get("last_error") or ""
    if row["status"] == DELIVERED:
        return "Vitec tog emot anmälan."
    if row.get("erased_at"):
        return "Personuppgifterna är raderade."
    if status == 400:
        said = explain(error) if explain else ("" if is_sealed(error) else error)
        return f"Vitec avvisade uppgifterna: {said}" if said else "Vitec avvisade uppgifterna."
    if status in (401, 403):
        return "Vitec nekade åtkomst: kontrollera användarnamn, lösenord och behörighet."
    if status == 429:
        return "Vitec bad oss vänta (för många anrop); vi försöker igen."
    if status and status >= 500:
        return f"Vitec hade ett tillfälligt fel ({status}); vi försöker igen."
    if error and not is_sealed(error):  # a sealed refusal is never shown as it is stored
        return error
    if row["status"] == SPAM:
        return "Spärrad som skräp och inte skickad. Skicka den igen om en person har skickat den."
    return "Inte skickad än."
