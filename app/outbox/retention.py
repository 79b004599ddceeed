"""Retention: what becomes of personal data with time, applied by every worker once an hour
and by `python -m app privacy purge` at once."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine

from app import outbox


def apply_retention(
    engine: Engine, delivered_days: float, any_days: float, now: datetime
) -> tuple[int, int]:
    """Delivered registrations lose their personal data after `delivered_days`, every
    registration after `any_days` (rejected, dead or stuck ones too); how many of each."""
    delivered = outbox.purge_delivered(engine, now - timedelta(days=delivered_days), now)
    erased = outbox.erase_older_than(engine, now - timedelta(days=any_days), now)
    return delivered, erased
