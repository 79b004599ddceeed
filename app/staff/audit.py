"""The audit log of staff actions: who did what to which registration, and when."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, insert, select

from app.staff.tables import audit_log

ACTION_NAMES = {
    "login": "loggade in",
    "login_failed": "misslyckad inloggning",
    "logout": "loggade ut",
    "read": "visade vad som anmäldes",
    "entry": "registrerade intresseanmälan",
    "resend": "skickade om",
    "edit": "rättade och skickade om",
    "erase": "raderade personuppgifter",
}


def record(
    engine: Engine,
    actor: str,
    action: str,
    submission_id: str | None = None,
    detail: str | None = None,
) -> None:
    """Append one entry; never personal data of the registered person in `detail`."""
    if action not in ACTION_NAMES:
        raise ValueError(f"unknown audit action {action!r}")
    with engine.begin() as conn:
        conn.execute(
            insert(audit_log).values(
                at=datetime.now(UTC),
                actor=actor,
                action=action,
                submission_id=submission_id,
                detail=detail,
            )
        )


def recent(engine: Engine, limit: int = 200, submission_id: str | None = None) -> list[dict]:
    """The newest entries first."""
    query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
    if submission_id:
        query = query.where(audit_log.c.submission_id == submission_id)
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]
