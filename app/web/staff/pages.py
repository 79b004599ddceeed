"""Every page on the `staff` blueprint (and the statistics per home on the statistics
blueprint): importing this module registers them all."""

from __future__ import annotations

from app.web.staff import (
    audit_log,
    auth,
    correction,
    desk,
    detail,
    entry,
    erase,
    estate_correction,
    estate_entry,
    listing_statistics,
)
from app.web.staff.blueprint import bp

__all__ = [
    "audit_log",
    "auth",
    "bp",
    "correction",
    "desk",
    "detail",
    "entry",
    "erase",
    "estate_correction",
    "estate_entry",
    "listing_statistics",
]
