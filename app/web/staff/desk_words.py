"""How the delivery desk names states, channels and Vitec's answers, in plain Swedish."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.sealing import PayloadSealer, SealError
from app.intake.validators import InvalidValue, normalize_phone
from app.outbox import answers, states
from app.outbox.errors import LastError, open_last_error
from app.outbox.kinds import AREA, kind_name
from app.outbox.states import FILTERS, is_correctable, state_name
from app.vitec.messages import in_swedish
from app.web.staff.vitec_fields import Refusal, refusals
from app.wiring.services import delivery

__all__ = ["FILTERS", "channel_name", "describe_row"]


def channel_name(row: dict) -> str:
    """A row's channel as the desk names it; a staff entry names who entered it."""
    if row["channel"] == "staff":
        return f"Registrerad av {row.get('entered_by') or 'okänd'}"
    return states.channel_name(row["channel"])


def _in_the_forms_words(last: LastError, found: list[Refusal]) -> str:
    if last.unreadable:
        return "svaret kan inte läsas med de inställda nycklarna."
    if found:
        return "; ".join(f"{refusal.label}: {refusal.said}" for refusal in found)
    return in_swedish(last.message) or last.message


def describe_row(row: dict, sealer: PayloadSealer | None = None) -> dict:
    """A row with the desk's Swedish names added; `sealer` (the service's, when not given)
    opens Vitec's sealed refusal."""
    sealer = sealer or delivery().sealer
    last = open_last_error(sealer, row.get("last_error"))
    found = refusals(last) if row.get("last_status") == 400 else []
    return {
        **row,
        "state": state_name(row["status"], bool(row.get("erased_at"))),
        "channel_name": channel_name(row),
        "kind_name": kind_name(row.get("kind") or AREA, row.get("estate_title")),
        "answer": answers.vitec_answer(row, explain=lambda _: _in_the_forms_words(last, found)),
        "correctable": is_correctable(row),
        "refusals": found,
        "problems": [(refusal.label, refusal.said) for refusal in found],
    }


@dataclass(frozen=True)
class Person:
    """Who a registration is from, opened from its sealed answers for display only."""

    name: str = ""
    email: str = ""
    phone: str = ""
    unreadable: bool = False  # sealed with a key that is no longer configured


PHONES = ("cell_phone", "home_phone", "work_phone", "other_phone")


def shown_phone(typed: str) -> str:
    """A phone number as Vitec gets it (070-123 45 67), or as typed when it does not parse."""
    try:
        return normalize_phone(typed)
    except InvalidValue:
        return typed


def person_of(sealer: PayloadSealer, sealed: bytes | None) -> Person:
    """The name and contact a row's sealed answers hold (nothing once erased or purged)."""
    if sealed is None:
        return Person()
    try:
        typed = sealer.open(sealed)
    except SealError:
        return Person(unreadable=True)

    def first(name: str) -> str:
        return (typed.get(name) or [""])[0]

    name = " ".join(part for part in (first("first_name"), first("last_name")) if part)
    phone = next((first(name) for name in PHONES if first(name)), "")
    return Person(name=name, email=first("email"), phone=shown_phone(phone) if phone else "")


def heading_for(row: dict, person: Person) -> str:
    """The detail page's heading: the person's name, or why there is none."""
    if person.name:
        return person.name
    if row.get("erased_at"):
        return "Anmälan (personuppgifterna raderade)"
    if person.unreadable:
        return "Anmälan (kan inte läsas med de inställda nycklarna)"
    return "Anmälan (personuppgifterna gallrade)"
