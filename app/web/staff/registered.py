"""What a registration asked for, opened for staff so an assistant can answer "vad anmälde
jag?": the buyer's summary (areas by name, housing types, ranges, the present home) and the
message, in words about the person rather than to them; and the consent as it was worded."""

from __future__ import annotations

import json

from app.core.sealing import SealError
from app.intake.summary import SummaryRow, summarize
from app.vitec.offices import UnknownOffice
from app.wiring.services import delivery, vitec

MESSAGE_LABEL = "Övriga önskemål"  # the form's own label
VALUATION = SummaryRow("Värdering", "Ja, vill bli kontaktad om en kostnadsfri värdering")


def _area_names(office_id: str | None) -> dict[str, str]:
    try:
        office = vitec().offices.get(office_id)
    except UnknownOffice:
        return {}  # the office is no longer configured: the areas are shown by their ids
    return {a.area_id: a.name for g in vitec().reference(office).groups() for a in g.areas}


def registered(row: dict) -> list[SummaryRow]:
    """The wishes a row's sealed payload holds; empty once erased, purged or unreadable."""
    if row.get("payload") is None:
        return []
    try:
        payload = delivery().sealer.open(row["payload"])
    except SealError:
        return []
    rows = [
        VALUATION if line.label == VALUATION.label else line
        for line in summarize(payload, _area_names(row.get("office")))
    ]
    wish = (payload.get("lookingForAccommodations") or [{}])[0]
    if wish.get("specialRequset"):  # Vitec's spelling
        rows.append(SummaryRow(MESSAGE_LABEL, wish["specialRequset"]))
    return rows


def consents(row: dict) -> list[str]:
    """The texts the person agreed to, from the row's consent record (empty without one)."""
    try:
        purposes = json.loads(row.get("consent") or "{}").get("purposes") or {}
    except (ValueError, AttributeError):
        return []
    return [
        purpose["text"]
        for purpose in purposes.values()
        if isinstance(purpose, dict) and purpose.get("given") and purpose.get("text")
    ]
