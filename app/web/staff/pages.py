"""Every page on the `staff` blueprint: importing this module registers them all on it."""

from __future__ import annotations

from app.web.staff import audit_log, auth, correction, desk, detail, entry, erase
from app.web.staff.blueprint import bp

__all__ = ["audit_log", "auth", "bp", "correction", "desk", "detail", "entry", "erase"]
