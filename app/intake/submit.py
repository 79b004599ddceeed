"""Accepting a person's answers: map them, seal them, store them in the outbox."""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app

from app.delivery import outbox
from app.delivery.schema import QUEUED, SPAM
from app.intake.consent import MARKETING, PROCESSING, consent_record, consent_texts
from app.intake.mapping import Answers, Routing, build_payload
from app.metrics import SUBMISSIONS
from app.services import delivery, vitec

log = logging.getLogger(__name__)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TOKEN_FIELDS = ("csrf_token", "form_token", "rendered", "kontrollfalt")


def typed_answers(form_data) -> dict[str, list[str]]:
    """What the person typed, as stored for a later correction (tokens left out)."""
    return {k: v for k, v in form_data.to_dict(flat=False).items() if k not in TOKEN_FIELDS}


def accept(
    answers: Answers,
    submission_id: str,
    channel: str,
    form_data: dict,
    routing: Routing | None = None,
    entered_by: str | None = None,
    spam_reason: str | None = None,
) -> bool:
    """Store one registration for delivery (or as spam, never sent); False when this
    submission id was stored before. `form_data` is what was typed, kept sealed so that
    staff can correct a rejected one."""
    config = current_app.config
    consented_at = datetime.now(STOCKHOLM)
    payload = build_payload(answers, routing or vitec().routing, consented_at)
    texts = consent_texts(config, staff=channel == "staff")
    services = delivery()
    stored = outbox.enqueue(
        services.engine,
        submission_id,
        services.sealer.seal(payload),
        channel,
        consented_at,
        consent_version=texts[PROCESSING].version,
        consent_at=consented_at,
        sealed_answers=services.sealer.seal(form_data),
        entered_by=entered_by,
        consent=consent_record(
            texts,
            {PROCESSING: True, MARKETING: answers.wish_advertising},
            consented_at,
            config["PRIVACY_POLICY_URL"],
            channel,
            entered_by,
        ),
        status=SPAM if spam_reason else QUEUED,
    )
    ids = {"submission_id": submission_id}
    if not stored:
        outcome = "duplicate"
        log.info("submission %s was already stored; not stored again", submission_id, extra=ids)
    elif spam_reason:
        outcome = "spam"
        log.warning(
            "submission %s stored as spam (%s); it is not sent",
            submission_id,
            spam_reason,
            extra=ids,
        )
    else:
        outcome = "stored"
        log.info("submission %s stored (%s)", submission_id, channel, extra=ids)
        services.wake()
    SUBMISSIONS.labels(channel, outcome).inc()
    return stored


def correct(submission_id: str, answers: Answers, routing: Routing, form_data: dict) -> bool:
    """Replace a not-yet-delivered registration's payload with corrected answers."""
    services = delivery()
    payload = build_payload(answers, routing, datetime.now(STOCKHOLM))
    stored = outbox.replace_payload(
        services.engine,
        submission_id,
        services.sealer.seal(payload),
        services.sealer.seal(form_data),
        datetime.now(STOCKHOLM),
    )
    if stored:
        log.info("submission %s corrected and queued again", submission_id)
        services.wake()
    return stored
