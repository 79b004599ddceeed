"""What a registration asked for, in Swedish, for the thank-you page: the wishes only, never
who the person is (no name, contact details or free text)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from app.core.swedish import amount_range
from app.intake.mapping import RANGE_KEYS
from app.vitec.payload import HOUSING_FLAGS
from app.vitec.vocabulary import ESTATE_TYPE_LABELS, HOUSING_LABELS, RANGES


@dataclass(frozen=True)
class SummaryRow:
    """One line of the summary: what it is about, and what was registered."""

    label: str
    text: str


def _amount(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def summarize(payload: Mapping, area_names: Mapping[str, str]) -> list[SummaryRow]:
    """The wishes of a stored payload: areas by name (their id when the name is not known any
    more), housing types, ranges, the present home's type and a valuation request."""
    wish = (payload.get("lookingForAccommodations") or [{}])[0]
    areas = [area_names.get(area_id, area_id) for area_id in wish.get("areaIds", [])]
    kinds = [HOUSING_LABELS[flag] for flag in HOUSING_FLAGS if wish.get(flag)]
    rows = [
        SummaryRow("Områden", ", ".join(areas)),
        SummaryRow("Typ av bostad", ", ".join(kinds)),
    ]
    for wished in RANGES:
        value = wish.get(RANGE_KEYS[wished.name])
        if value:
            low, high = _amount(value.get("min")), _amount(value.get("max"))
            rows.append(SummaryRow(wished.legend, amount_range(low, high, wished.unit) or ""))
    present = payload.get("presentAccommodation") or {}
    if present.get("estateType") in ESTATE_TYPE_LABELS:
        rows.append(SummaryRow("Nuvarande boende", ESTATE_TYPE_LABELS[present["estateType"]]))
    if "task" in payload.get("updatePerson", {}):
        rows.append(SummaryRow("Värdering", "Ja, du blir kontaktad om en kostnadsfri värdering"))
    return [row for row in rows if row.text]
