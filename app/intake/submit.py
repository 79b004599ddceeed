"""Accepting a person's answers: map them, seal them, store them in the outbox."""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app

from app.delivery import outbox
from app.intake.mapping import Answers, build_payload
from app.services import delivery, vitec

log = logging.getLogger(__name__)

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def accept(answers: Answers, submission_id: str, channel: str) -> bool:
    """Store one registration for delivery; False when this submission id was stored before."""
    consented_at = datetime.now(STOCKHOLM)
    payload = build_payload(answers, vitec().routing, consented_at)
    services = delivery()
    stored = outbox.enqueue(
        services.engine,
        submission_id,
        services.sealer.seal(payload),
        channel,
        consented_at,
        consent_version=current_app.config["CONSENT_TEXT_VERSION"],
        consent_at=consented_at,
    )
    if stored:
        log.info("submission %s stored (%s)", submission_id, channel)
        services.wake()
    else:
        log.info("submission %s was already stored; not stored again", submission_id)
    return stored
