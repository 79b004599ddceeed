"""Operational endpoints: liveness and readiness."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, current_app
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from app.delivery import migrate, outbox
from app.delivery.schema import RETRYING, submissions
from app.services import delivery

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}


def readiness_problems() -> list[str]:
    """Reasons this instance should not take traffic (empty when ready)."""
    engine = delivery().engine
    try:
        if not migrate.is_current(engine):
            return ["database schema is not current: run 'flask db upgrade'"]
        with engine.connect() as conn:
            refused = conn.execute(
                select(func.count()).where(
                    submissions.c.status == RETRYING, submissions.c.last_status.in_((401, 403))
                )
            ).scalar()
        oldest = outbox.oldest_waiting(engine)
    except SQLAlchemyError:
        return ["database unreachable"]
    problems = []
    if refused:
        problems.append("Vitec refuses the credentials or rights (401/403)")
    limit = current_app.config["READY_MAX_WAITING_SECONDS"]
    if oldest is not None and (datetime.now(UTC) - oldest).total_seconds() > limit:
        problems.append(f"oldest waiting delivery is older than {int(limit)} s")
    return problems


@bp.get("/readyz")
def readyz():
    problems = readiness_problems()
    if problems:
        return {"status": "not ready", "problems": problems}, 503
    return {"status": "ready"}
