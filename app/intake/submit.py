"""Accepting a person's answers: map them, seal them, store them in the outbox."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from app.delivery import outbox
from app.delivery.sealing import PayloadSealer
from app.delivery.states import QUEUED, SPAM
from app.intake.consent import MARKETING, PROCESSING, ConsentText, consent_record
from app.intake.mapping import Answers, Routing, build_payload
from app.intake.receipt import Receipts, compose, queue_receipt

log = logging.getLogger(__name__)

STOCKHOLM = ZoneInfo("Europe/Stockholm")

# What accept() reports back: newly stored, stored as spam, or already stored earlier.
STORED, STORED_AS_SPAM, DUPLICATE = "stored", "spam", "duplicate"


@dataclass(frozen=True)
class Intake:
    """What accepting a registration needs, handed over by the layer above."""

    engine: Engine
    sealer: PayloadSealer
    texts: Mapping[str, ConsentText]
    privacy_url: str
    wake: Callable[[], None]
    clock: Callable[[], datetime]  # aware UTC
    receipts: Receipts | None = None  # None: no receipts are sent


def accept(
    intake: Intake,
    answers: Answers,
    routing: Routing,
    submission_id: str,
    channel: str,
    typed: dict[str, list[str]],
    entered_by: str | None = None,
    spam_reason: str | None = None,
    area_names: Mapping[str, str] | None = None,
    send_receipt: bool = True,
) -> str:
    """Store one registration for delivery (or as spam, never sent). `typed` is what was
    typed, kept sealed so that staff can correct it. The buyer's receipt (areas named by
    `area_names`) is queued with it, unless it is spam. Returns STORED, STORED_AS_SPAM or
    DUPLICATE (this submission id was stored before)."""
    consented_at = intake.clock().astimezone(STOCKHOLM)
    payload = build_payload(answers, routing, consented_at)
    receipt = None
    if intake.receipts and send_receipt and answers.email and not spam_reason:
        receipt = _receipt(intake, answers, area_names or {}, consented_at, submission_id)
    stored = outbox.enqueue(
        intake.engine,
        submission_id,
        intake.sealer.seal(payload),
        channel,
        consented_at,
        consent_version=intake.texts[PROCESSING].version,
        consent_at=consented_at,
        sealed_answers=intake.sealer.seal(typed),
        entered_by=entered_by,
        consent=consent_record(
            intake.texts,
            {PROCESSING: True, MARKETING: answers.wish_advertising},
            consented_at,
            intake.privacy_url,
            channel,
            entered_by,
        ),
        status=SPAM if spam_reason else QUEUED,
        office=routing.customer_id,
        also=receipt,
    )
    ids = {"submission_id": submission_id}
    if not stored:
        log.info("submission %s was already stored; not stored again", submission_id, extra=ids)
        return DUPLICATE
    if spam_reason:
        log.warning(
            "submission %s stored as spam (%s); it is not sent",
            submission_id,
            spam_reason,
            extra=ids,
        )
        return STORED_AS_SPAM
    log.info("submission %s stored (%s)", submission_id, channel, extra=ids)
    intake.wake()
    return STORED


def _receipt(
    intake: Intake,
    answers: Answers,
    area_names: Mapping[str, str],
    consented_at: datetime,
    submission_id: str,
) -> Callable | None:
    """What queues the receipt with the registration; a receipt that cannot be made must not
    cost the registration, so it is then stored without one (and the fault logged)."""
    assert intake.receipts is not None
    try:
        content = compose(intake.receipts, answers, area_names, consented_at, submission_id)
        return queue_receipt(intake.receipts, answers.email, content, submission_id, intake.clock())
    except Exception:
        log.exception(
            "submission %s: the receipt could not be made; stored without it",
            submission_id,
            extra={"submission_id": submission_id},
        )
        return None


def correct(
    intake: Intake,
    submission_id: str,
    answers: Answers,
    routing: Routing,
    typed: dict[str, list[str]],
) -> bool:
    """Replace a not-yet-delivered registration's payload with corrected answers."""
    now = intake.clock()
    payload = build_payload(answers, routing, now.astimezone(STOCKHOLM))
    stored = outbox.replace_payload(
        intake.engine,
        submission_id,
        intake.sealer.seal(payload),
        intake.sealer.seal(typed),
        now,
    )
    if stored:
        log.info(
            "submission %s corrected and queued again",
            submission_id,
            extra={"submission_id": submission_id},
        )
        intake.wake()
    return stored
