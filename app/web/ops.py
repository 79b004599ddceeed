"""Operational endpoints: liveness and readiness."""

from __future__ import annotations

from flask import Blueprint
from sqlalchemy.exc import SQLAlchemyError

from app import outbox
from app.core import migrate
from app.web.settings import settings
from app.wiring.services import delivery, vitec

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}


def readiness_problems() -> list[str]:
    """Reasons this instance should not take traffic (empty when ready)."""
    services = delivery()
    try:
        if not migrate.is_current(services.engine):
            return ["database schema is not current: run 'python -m app db upgrade'"]
        refused = outbox.refused_credentials(services.engine)
        oldest = outbox.oldest_waiting(services.engine)
    except SQLAlchemyError:
        return ["database unreachable"]
    problems = [
        f"Vitec refuses the credentials of office {office or '?'} "
        f"for SendInterestAndContactOnArea ({status})"
        for office, status in refused
    ]
    problems += [
        f"Vitec refuses the credentials of office {office} for {call} ({status})"
        for (office, call), status in sorted(vitec().refusals.items())
        if call != "SendInterestAndContactOnArea"
    ]
    limit = settings().ready_max_waiting_seconds
    if oldest is not None and (services.clock() - oldest).total_seconds() > limit:
        problems.append(f"oldest waiting delivery is older than {int(limit)} s")
    return problems


@bp.get("/readyz")
def readyz():
    problems = readiness_problems()
    if problems:
        return {"status": "not ready", "problems": problems}, 503
    return {"status": "ready"}
