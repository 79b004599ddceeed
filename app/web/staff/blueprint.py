"""The one `staff` blueprint every staff page is registered on, and what those pages share:
the audit line for an action, and a registration looked up by its id or a 404."""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user

from app import outbox
from app.staff import audit
from app.web.staff import session as staff_session
from app.wiring.services import delivery

bp = Blueprint("staff", __name__, url_prefix="/staff")
# Every blueprint under /staff: the login, the session limits and no-store apply to all.
STAFF_BLUEPRINTS = frozenset({"staff", "insight"})
bp.after_request(staff_session.no_store)


def log(action: str, submission_id: str | None = None, detail: str | None = None) -> None:
    """Note in the audit log what the logged-in staff member did."""
    audit.record(delivery().engine, current_user.email, action, submission_id, detail)


def row_or_404(submission_id: str) -> dict:
    """The registration with this id; a 404 when there is none."""
    row = outbox.get(delivery().engine, submission_id)
    if row is None:
        abort(404)
    return row
