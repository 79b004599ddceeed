"""The audit log: who did what to which registration, newest first."""

from __future__ import annotations

from flask import render_template

from app.staff import audit
from app.web.staff.blueprint import bp
from app.wiring.services import delivery


@bp.get("/logg")
def audit_log():
    """The latest 500 entries of the audit log."""
    entries = audit.recent(delivery().engine, limit=500)
    return render_template("staff/audit.html", entries=entries, names=audit.ACTION_NAMES)
