"""How a stored registration reaches the anonymous demand counters, as intake sees it: a
record, given by the layer above, sealed with the row; counted once the row is stored, and on a
correction counted anew in place of what the row's record says was counted before."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from app.core.sealing import PayloadSealer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Counting:
    """What the layer above counts of one registration's answers. `record(previous)` is what to
    keep with the row: for a correction `previous` is the record kept before (its day and site
    stay). `count(previous, record)` adds the record to the counters and takes `previous` back."""

    record: Callable[[Mapping | None], Mapping]
    count: Callable[[Mapping | None, Mapping], None]


def _ids(submission_id: str) -> dict:
    return {"submission_id": submission_id}


def record(
    counting: Counting | None, previous: Mapping | None, submission_id: str
) -> Mapping | None:
    """The record to keep with the row, or None (nothing counted); a fault here is logged and
    never costs the registration."""
    if counting is None:
        return None
    try:
        return counting.record(previous)
    except Exception:
        log.exception("submission %s: not counted", submission_id, extra=_ids(submission_id))
        return None


def sealed(sealer: PayloadSealer, kept: Mapping | None) -> bytes | None:
    """The record as the row keeps it."""
    return None if kept is None else sealer.seal(dict(kept))


def previous(sealer: PayloadSealer, row: Mapping) -> Mapping | None:
    """What the row says was counted of it; None for a row stored before records were kept
    (its counts stay as they were) or one whose record cannot be opened."""
    if row.get("counted") is None:
        return None
    try:
        return sealer.open(row["counted"])
    except Exception:
        log.exception("submission %s: its counted record cannot be opened", row["id"])
        return None


def count(
    counting: Counting | None, before: Mapping | None, kept: Mapping | None, submission_id: str
) -> None:
    """Count the stored record (taking back `before`); the registration is already stored, so a
    fault here is logged and never costs it."""
    if counting is None or kept is None:
        return
    try:
        counting.count(before, kept)
    except Exception:
        log.exception(
            "demand counters not updated for submission %s",
            submission_id,
            extra=_ids(submission_id),
        )
