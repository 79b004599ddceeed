"""Which Vitec call a registration is for, as the outbox's `kind` column names it."""

from __future__ import annotations

AREA = "area"  # SendInterestAndContactOnArea: the area form (every row before 0009)
ESTATE = "estate"  # SendInterestAndContactOnEstate: interest in one home for sale
KINDS = (AREA, ESTATE)


def kind_name(kind: str, estate_title: str | None = None) -> str:
    """A row's kind as the desk names it: "Område" or "Bostad: <the home's address>"."""
    if kind == ESTATE:
        return f"Bostad: {estate_title or 'okänd'}"
    return "Område"
