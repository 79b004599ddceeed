"""The thank-you page's summary of what was registered. The public pages set no cookie, so the
redirect to the thank-you page carries a short-lived signed reference (?ref=): the
submission id and the moment, signed, and nothing about the person."""

from __future__ import annotations

import functools
from datetime import UTC, datetime

from itsdangerous import BadSignature, URLSafeSerializer

from app.intake.summary import SummaryRow, summarize
from app.vitec.offices import Office
from app.web.settings import settings
from app.wiring.services import delivery, vitec

REFERENCE_PARAM = "ref"
REFERENCE_SALT = "intresseanmalan-thanks"
REFERENCE_MAX_AGE_SECONDS = 3600  # long enough to read and correct, short enough to forget


def _serializer() -> URLSafeSerializer:
    return _serializer_for(settings().secret_key)


@functools.lru_cache(maxsize=4)
def _serializer_for(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=REFERENCE_SALT)


def _now_ms() -> int:
    return int(delivery().clock().timestamp() * 1000)


def issue(submission_id: str) -> str:
    """A reference to this registration for the thank-you page, valid for an hour."""
    return _serializer().dumps({"sid": submission_id, "ms": _now_ms()})


def fresh(reference: str | None) -> tuple[str, datetime] | None:
    """The submission id a genuine, fresh reference names, and when the reference ends; None
    for any other reference."""
    if not reference:
        return None
    try:
        data = _serializer().loads(reference)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("ms"), int):
        return None
    if not isinstance(data.get("sid"), str):
        return None
    age_ms = _now_ms() - data["ms"]
    if not 0 <= age_ms <= REFERENCE_MAX_AGE_SECONDS * 1000:
        return None
    ends_ms = data["ms"] + REFERENCE_MAX_AGE_SECONDS * 1000
    return data["sid"], datetime.fromtimestamp(ends_ms / 1000, UTC)


def summary_of(row: dict, office: Office) -> list[SummaryRow]:
    """What a stored registration (with its payload) asked for, the areas by name."""
    payload = delivery().sealer.open(row["payload"])
    names = {a.area_id: a.name for g in vitec().reference(office).groups() for a in g.areas}
    return summarize(payload, names)
