"""The buyer's receipt: what was registered, in the words of the form, and how to withdraw
consent. It never repeats text the buyer typed (names, wishes, addresses), so that the form
cannot be used to send someone else a message of one's own."""

from __future__ import annotations

import hashlib
import hmac
import logging
import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection

from app.core.clock import STOCKHOLM, clock_time
from app.core.sealing import PayloadSealer
from app.core.spoken_reference import spoken_reference
from app.core.swedish import NBSP, amount_range, format_amount, sv_date
from app.intake.mapping import Answers
from app.mail import queue as mailqueue
from app.mail.smtp import Sender
from app.vitec.vocabulary import ESTATE_TYPE_LABELS, HOUSING_LABELS, RANGES

log = logging.getLogger(__name__)

# Providers that deliver `v.ictim@` to `victim@`, and the one domain each stands for.
DOTLESS_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}
# One registration, however often it is corrected, sends at most this many receipts a day.
PER_REGISTRATION = 2


@dataclass(frozen=True)
class Receipts:
    """What sending receipts needs, handed over by the composition root."""

    sender: Sender
    sealer: PayloadSealer
    secret: str  # keys the hash that counts receipts per address
    max_per_day: int
    broker_name: str
    broker_address: str
    broker_contact: str | None
    privacy_url: str  # absolute
    reply_possible: bool  # the office's MAIL_REPLY_TO (or the service-wide one) is set


def swedish_number(value: Decimal) -> str:
    """`3500000` -> `3 500 000`, `2.5` -> `2,5`."""
    # The receipt has always grouped thousands with plain spaces; the unit keeps its no-break one.
    return format_amount(value).replace(NBSP, " ")


def swedish_moment(moment: datetime) -> str:
    """`30 november 2026 kl. 10.12` in Stockholm time."""
    local = moment.astimezone(STOCKHOLM)
    return f"{sv_date(local, ' ')} {clock_time(local)}"


@dataclass(frozen=True)
class ListingLines:
    """The home a listing's receipt is about, as Vitec names it, and its viewings (when, and
    Vitec's booking link or "")."""

    title: str
    kind: str
    viewings: tuple[tuple[str, str], ...] = ()


def compose(
    receipts: Receipts,
    answers: Answers,
    area_names: Mapping[str, str],
    consented_at: datetime,
    submission_id: str,
    updated: bool,
    listing: ListingLines | None = None,
) -> dict[str, Any]:
    """What one receipt says, in its words (`updated`: of a correction; `listing`: of a home)."""
    # Stored sealed with the receipt and written out when it is sent (receipt_text.write), so
    # that a post renders no e-mail.
    wish = answers.wish
    ranges = []
    for wished in RANGES:
        low, high = wish.ranges.get(wished.name, (None, None))
        if text := amount_range(low, high, wished.unit, swedish_number):
            ranges.append((wished.legend, text))
    home = answers.present
    present = [ESTATE_TYPE_LABELS[home.estate_type]] if home.estate_type else []
    for value, unit in ((home.living_space, "m²"), (home.rooms, "rum"), (home.price, "kr")):
        if value is not None:
            present.append(f"{swedish_number(value)}{NBSP}{unit}")
    broker = {
        "broker_name": receipts.broker_name,
        "broker_address": receipts.broker_address,
        "broker_contact": receipts.broker_contact,
        "privacy_url": receipts.privacy_url,
        "reply_possible": receipts.reply_possible,
        "max_per_day": receipts.max_per_day,
    }
    return {
        "r": broker,
        "areas": [area_names.get(area_id, area_id) for area_id in wish.area_ids],
        "housing": [HOUSING_LABELS[flag] for flag in wish.housing_flags],
        "ranges": ranges,
        "present": present,
        "news": answers.wish_advertising,
        "consented": swedish_moment(consented_at),
        "reference": spoken_reference(submission_id),
        "updated": updated,
        "listing": asdict(listing) if listing else None,
    }


def normalised_address(address: str) -> str:
    """The mailbox an address reaches, as mail providers deliver it (case, a `+tag`, and the
    dots Gmail ignores): for counting receipts only, never for sending."""
    normal = unicodedata.normalize("NFC", address.strip()).lower()
    local, at, domain = normal.rpartition("@")
    if not at:
        return normal
    local = local.split("+", 1)[0]
    domain = domain.rstrip(".")
    if domain in DOTLESS_DOMAINS:
        local, domain = local.replace(".", ""), DOTLESS_DOMAINS[domain]
    return f"{local}@{domain}"


def recipient_key(address: str, secret: str) -> str:
    """A keyed hash of the normalised address: counts receipts per address without keeping it."""
    normal = normalised_address(address)
    return hmac.new(secret.encode(), b"receipt-cap\0" + normal.encode(), hashlib.sha256).hexdigest()


class QueuedReceipt:
    """A receipt to queue in its registration's own transaction (call it with the connection),
    or to record there that the registration (`correction`: one stored before) or the address
    has had its receipts for the day. Everything but the count and the insert is made before,
    so the write lock is held for as little as can be; what became of it is logged once that
    transaction has committed (`queued`, `report`)."""

    def __init__(
        self,
        receipts: Receipts,
        address: str,
        facts: dict[str, Any],
        submission_id: str,
        now: datetime,
        correction: bool,
    ) -> None:
        message: dict[str, Any] = {"to": [address], "receipt": facts}
        if receipts.sender.reply_to:  # the office's own, sent with this e-mail
            message["reply_to"] = receipts.sender.reply_to
        self._sealed = receipts.sealer.seal(message)
        self._key = recipient_key(address, receipts.secret)
        self._max_per_day = receipts.max_per_day
        self._mail_id, self._message_id = uuid.uuid4().hex, receipts.sender.message_id()
        self._submission_id, self._now, self._correction = submission_id, now, correction
        self.quota: str | None = None  # why none is sent, once the step has run
        self._ran = False

    def __call__(self, conn: Connection) -> None:
        since = self._now - mailqueue.RECEIPT_WINDOW
        quota = None
        # A registration stored in this very transaction has had no receipt yet: its id is
        # new, and an outbox row is never deleted (erasure and retention empty it), so no
        # receipt of an earlier registration can carry that id.
        if (
            self._correction
            and mailqueue.receipts_for(conn, self._submission_id, since) >= PER_REGISTRATION
        ):
            quota = f"Högst {PER_REGISTRATION} kvitton per dygn för samma anmälan."
        elif mailqueue.receipts_to(conn, self._key, since) >= self._max_per_day:
            quota = f"Högst {self._max_per_day} kvitton per dygn till samma adress."
        if quota:
            fields = {"status": mailqueue.SKIPPED, "last_error": quota}
        else:
            fields = {"message": self._sealed, "recipient_key": self._key}
        mailqueue.add(
            conn,
            self._mail_id,
            mailqueue.RECEIPT,
            self._message_id,
            self._now,
            submission_id=self._submission_id,
            **fields,
        )
        self.quota, self._ran = quota, True

    @property
    def queued(self) -> bool:
        """Its transaction queued it (not skipped for a quota); said in the registration's own
        log line once that transaction has committed."""
        return self._ran and self.quota is None

    def report(self) -> None:
        """Log a receipt skipped for its quota; call it once its transaction has committed."""
        if self._ran and self.quota:
            extra = {"submission_id": self._submission_id}
            log.warning(
                "submission %s: no receipt, over its quota", self._submission_id, extra=extra
            )
