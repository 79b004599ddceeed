"""Accepting a person's answers: map them, seal them, store them in the outbox."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import Connection, Engine

from app import outbox
from app.core.clock import STOCKHOLM
from app.core.sealing import PayloadSealer
from app.intake import recount
from app.intake.consent import MARKETING, PROCESSING, ConsentText, consent_record
from app.intake.estate_mapping import EstateInterest, build_estate_payload
from app.intake.mapping import Answers, Routing, build_payload
from app.intake.recount import Counting
from app.intake.search_terms import reference_term, registration_terms
from app.mail import queue as mailqueue
from app.mail.receipts import ListingLines, QueuedReceipt, Receipts, compose
from app.outbox import search_index
from app.outbox.states import QUEUED, SPAM, is_correctable

log = logging.getLogger(__name__)


# What accept() reports back: newly stored, stored as spam, already stored earlier with the
# same answers, or stored earlier and now corrected (the same form sent again, changed).
STORED, STORED_AS_SPAM, DUPLICATE, CORRECTED = "stored", "spam", "duplicate", "corrected"
# Set anew on every post; not a difference in the answers.
_MOMENTS = ("approvalDate", "gdprApprovalDate")


@dataclass(frozen=True)
class Intake:
    """What accepting a registration needs, handed over by the layer above."""

    engine: Engine
    sealer: PayloadSealer
    texts: Mapping[str, ConsentText]
    privacy_url: str
    wake: Callable[[], None]
    clock: Callable[[], datetime]  # aware UTC
    search_keys: search_index.SearchKeys  # the desk's search index
    receipts: Receipts | None = None  # None: no receipts are sent


Step = Callable[[Connection], None]  # work done in the registration's own transaction


def _in_turn(*steps: Step | None) -> Step:
    """One step that runs the given ones (None is skipped) in the same transaction."""

    def run(conn: Connection) -> None:
        for step in steps:
            if step is not None:
                step(conn)

    return run


def indexed(
    intake: Intake,
    submission_id: str,
    typed: dict[str, list[str]],
    new: bool = False,
    read_phones: Mapping[str, str] | None = None,
) -> Step:
    """Let the desk find this registration by name, e-mail or phone (keyed hashes only),
    written with the registration itself, so that nothing can erase one without the other."""
    terms = [*registration_terms(typed, read_phones), reference_term(submission_id)]
    digests = search_index.digests_of(intake.search_keys, terms)
    return lambda conn: search_index.store_in(conn, submission_id, digests, replace=not new)


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
    counting: Counting | None = None,
    estate: EstateInterest | None = None,
    read_phones: Mapping[str, str] | None = None,
) -> str:
    """Store one registration for delivery (or as spam, never sent). `typed` is what was
    typed, kept sealed so that staff can correct it. The buyer's receipt (areas named by
    `area_names`) is queued with it, unless it is spam. Returns STORED, STORED_AS_SPAM,
    DUPLICATE (this submission id was stored before with the same answers) or CORRECTED (with
    others, from the same channel: the stored registration is replaced, and sent again if it
    had been sent). `counting` counts it in the demand figures, a correction by its final
    answers in place of the ones counted before. With `estate`, it is interest in that home
    (Vitec's estate call). `read_phones`: the phone numbers as typed with the E.164 form the
    form's validation read (forms.read_phones), so that the index does not read them again."""
    consented_at = intake.clock().astimezone(STOCKHOLM)
    if estate is None:
        payload: dict = build_payload(answers, routing, consented_at)  # type: ignore[assignment]
    else:
        payload = build_estate_payload(answers, estate, routing, consented_at)  # type: ignore[assignment]
    consent = consent_record(
        intake.texts,
        {PROCESSING: True, MARKETING: answers.wish_advertising},
        consented_at,
        intake.privacy_url,
        channel,
        entered_by,
    )
    receipt = None
    if intake.receipts and send_receipt and answers.email and not spam_reason:
        receipt = _receipt(
            intake, answers, area_names or {}, consented_at, submission_id, estate=estate
        )
    kept = recount.record(counting, None, submission_id)
    sealed = outbox.Sealed(
        payload=intake.sealer.seal(payload),
        answers=intake.sealer.seal(typed),
        consent=consent,
        consent_version=intake.texts[PROCESSING].version,
        consent_at=consented_at,
        office=routing.customer_id,
        counted=recount.sealed(intake.sealer, kept),
        **(estate.columns() if estate else {}),
    )
    stored = outbox.enqueue(
        intake.engine,
        submission_id,
        sealed,
        channel,
        consented_at,
        entered_by=entered_by,
        status=SPAM if spam_reason else QUEUED,
        also=_in_turn(indexed(intake, submission_id, typed, True, read_phones), receipt),
    )
    ids = {"submission_id": submission_id}
    if not stored:
        correction = Correction(payload, typed, sealed)
        by_staff = entered_by is not None
        if receipt is not None:  # the receipt of a correction says it is an update
            receipt = _receipt(
                intake, answers, area_names or {}, consented_at, submission_id, True, estate
            )
        if spam_reason is None and _apply_correction(
            intake, submission_id, channel, correction, receipt, by_staff, counting
        ):
            if receipt is not None:
                receipt.report()
            return CORRECTED
        log.info("submission %s was already stored; not stored again", submission_id, extra=ids)
        return DUPLICATE
    recount.count(counting, None, kept, submission_id)
    if spam_reason:
        log.warning(
            "submission %s stored as spam (%s); it is not sent",
            submission_id,
            spam_reason,
            extra=ids,
        )
        return STORED_AS_SPAM
    # One line per registration: its receipt, when queued, is said in it.
    receipt_note = ", its receipt queued" if receipt is not None and receipt.queued else ""
    log.info("submission %s stored (%s)%s", submission_id, channel, receipt_note, extra=ids)
    if receipt is not None:  # a receipt skipped for its quota: said after, as for a correction
        receipt.report()
    intake.wake()
    return STORED


@dataclass(frozen=True)
class Correction:
    """The answers of a form sent again: the payload to compare, what was typed (for the desk's
    index) and the registration as it would be stored."""

    payload: dict
    typed: dict[str, list[str]]
    sealed: outbox.Sealed


def _comparable(payload: dict) -> dict:
    person = {k: v for k, v in payload.get("updatePerson", {}).items() if k not in _MOMENTS}
    return {**payload, "updatePerson": person}


def _apply_correction(
    intake: Intake,
    submission_id: str,
    channel: str,
    correction: Correction,
    receipt: QueuedReceipt | None,
    by_staff: bool = False,
    counting: Counting | None = None,
) -> bool:
    """Replace a stored registration whose answers differ from these; False when they are the
    same (a double click, a reload), when they cannot be compared any more (the payload was
    purged after delivery: never sent twice), or when the row may not change (erased, kept as
    spam, or stored by another channel: a staff form cannot rewrite a buyer's registration).
    Staff change an entry only as "Rätta" may: never once it is delivered."""
    row = outbox.get(intake.engine, submission_id)
    if row is None or row["erased_at"] is not None or row["status"] == SPAM:
        return False
    if by_staff and not is_correctable(row):
        return False
    if row["channel"] != channel or row["payload"] is None:
        return False
    opened = intake.sealer.open(row["payload"])
    if _comparable(opened) == _comparable(correction.payload):
        return False
    before = recount.previous(intake.sealer, row)
    kept = recount.record(counting, before, submission_id) if before is not None else None
    changed = outbox.store_correction(
        intake.engine,
        submission_id,
        replace(correction.sealed, counted=recount.sealed(intake.sealer, kept)),
        intake.clock(),
        correctable_only=by_staff,
        also=_in_turn(
            indexed(intake, submission_id, correction.typed),
            _replacing_receipt(submission_id, receipt, intake.clock()),
        ),
    )
    if changed:
        queued = (
            "the new version and its receipt are"
            if receipt and receipt.queued
            else "the new version is"
        )
        log.info(
            "submission %s corrected by the person (was %s); %s queued",
            submission_id,
            row["status"],
            queued,
            extra={"submission_id": submission_id},
        )
        recount.count(counting, before, kept, submission_id)
        intake.wake()
    return changed


def _replacing_receipt(
    submission_id: str, receipt: QueuedReceipt | None, now: datetime
) -> Step | None:
    """A corrected registration's receipt: the unsent one of the old answers is dropped and
    one of the corrected answers queued (the daily cap per address still holds)."""
    if receipt is None:
        return None

    def replace(conn: Connection) -> None:
        mailqueue.drop_unsent(conn, submission_id, now)
        receipt(conn)

    return replace


def _receipt(
    intake: Intake,
    answers: Answers,
    area_names: Mapping[str, str],
    consented_at: datetime,
    submission_id: str,
    updated: bool = False,
    estate: EstateInterest | None = None,
) -> QueuedReceipt | None:
    """What queues the receipt with the registration (`updated`: of a correction); a receipt
    that cannot be made must not cost the registration, so it is then stored without one (and
    the fault logged)."""
    assert intake.receipts is not None
    try:
        listing = ListingLines(estate.title, estate.kind, estate.viewings) if estate else None
        facts = compose(
            intake.receipts,
            answers,
            area_names,
            consented_at,
            submission_id,
            updated,
            listing=listing,
        )
        return QueuedReceipt(
            intake.receipts, answers.email, facts, submission_id, intake.clock(), updated
        )
    except Exception:
        log.exception(
            "submission %s: the receipt could not be made; stored without it",
            submission_id,
            extra={"submission_id": submission_id},
        )
        return None
