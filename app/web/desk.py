"""How the delivery desk names states, channels and Vitec's answers, in plain Swedish."""

from __future__ import annotations

from app.delivery.answers import vitec_answer
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

__all__ = ["FILTERS", "channel_name", "describe_row", "vitec_answer"]

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


def describe_row(row: dict) -> dict:
    """A row with the desk's Swedish names added."""
    return {
        **row,
        "state": state_name(row["status"], bool(row.get("erased_at"))),
        "channel_name": channel_name(row),
        "answer": vitec_answer(row),
        "correctable": is_correctable(row),
    }
