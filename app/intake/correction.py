"""Staff correct a registration that was not delivered: the payload built anew from the
corrected answers, stored in place of the old one, and counted by its final answers."""

from __future__ import annotations

import logging
from datetime import datetime

from app import outbox
from app.core.clock import STOCKHOLM
from app.intake import recount
from app.intake.estate_mapping import EstateInterest, build_estate_payload
from app.intake.mapping import Answers, Routing, build_payload
from app.intake.recount import Counting
from app.intake.submit import Intake, indexed

log = logging.getLogger(__name__)


def correct(
    intake: Intake,
    submission_id: str,
    answers: Answers,
    routing: Routing,
    typed: dict[str, list[str]],
    consented_at: datetime,
    counting: Counting | None = None,
    estate: EstateInterest | None = None,
) -> bool:
    """Staff correct a registration that was not delivered: its payload is built anew from the
    corrected answers, with the moment the person consented (not the moment of correcting),
    and it is counted by them in place of the answers counted before; with `estate`, as
    interest in that home."""
    moment = consented_at.astimezone(STOCKHOLM)
    if estate is None:
        payload: dict = build_payload(answers, routing, moment)  # type: ignore[assignment]
    else:
        payload = build_estate_payload(answers, estate, routing, moment)  # type: ignore[assignment]
    row = outbox.get(intake.engine, submission_id)
    before = recount.previous(intake.sealer, row) if row is not None else None
    kept = recount.record(counting, before, submission_id) if before is not None else None
    stored = outbox.replace_payload(
        intake.engine,
        submission_id,
        intake.sealer.seal(payload),
        intake.sealer.seal(typed),
        intake.clock(),
        also=indexed(intake, submission_id, typed),
        sealed_counted=recount.sealed(intake.sealer, kept),
    )
    if stored:
        recount.count(counting, before, kept, submission_id)
        log.info(
            "submission %s corrected and queued again",
            submission_id,
            extra={"submission_id": submission_id},
        )
        intake.wake()
    return stored
