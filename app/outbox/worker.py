"""Delivery worker: claim due rows, send them, classify Vitec's answer, schedule retries."""

from __future__ import annotations

import logging
import os
import random
import socket
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from app import outbox
from app.core.clock import utcnow
from app.core.sealing import PayloadSealer, SealError
from app.outbox.errors import seal_refusal
from app.outbox.kinds import ESTATE
from app.outbox.loop import DeliverySettings, PollingLoop, next_attempt
from app.outbox.ratelimit import TokenBucket
from app.outbox.retention import apply_retention
from app.outbox.states import DEAD, DELIVERED, REJECTED, RETRYING
from app.vitec.client import (
    VitecAuthError,
    VitecClient,
    VitecError,
    VitecRejected,
    VitecUnavailable,
)

log = logging.getLogger(__name__)

__all__ = ["DeliverySettings", "Outcome", "Worker"]


@dataclass(frozen=True)
class Outcome:
    """What became of one row, as the worker reports it to `on_outcome` (nothing personal:
    for a 400, the names of the fields Vitec refused, not its words)."""

    submission_id: str
    office: str | None
    state: str
    status: int | None
    fields: tuple[str, ...] = ()
    error: str = ""  # our own words for a failure other than a 400


def row_log(row: outbox.Claimed) -> logging.LoggerAdapter:
    """The logger for one row: every line carries its submission id (and nothing personal)."""
    return logging.LoggerAdapter(log, {"submission_id": row.id})


class Worker(PollingLoop):
    """Delivers outbox rows to Vitec; several may run at once on one database."""

    name = "delivery worker"

    def __init__(
        self,
        engine: Engine,
        client_for: Callable[[str | None], VitecClient],
        sealer: PayloadSealer,
        settings: DeliverySettings,
        worker_id: str | None = None,
        clock: Callable[[], datetime] = utcnow,
        on_result: Callable[[str], None] = lambda result: None,
        on_outcome: Callable[[Outcome], None] = lambda outcome: None,
    ) -> None:
        super().__init__()
        self.engine = engine
        self.client_for = client_for  # the office's client, by customer id (None: default)
        self.on_result = on_result  # observes each attempt's result (metrics)
        self.on_outcome = on_outcome  # hears of refusals, dead rows and deliveries (alarms)
        self.sealer = sealer
        self.settings = settings
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self.clock = clock
        self.bucket = TokenBucket(settings.rate_per_second)
        self.rng = random.Random()  # noqa: S311 - jitter, not security

    def run_once(self) -> int:
        """Claim one batch and settle every row in it; returns how many rows were tried."""
        rows = self.claim_batch(outbox.claim)
        if not rows:
            return 0
        if self.settings.concurrency <= 1 or len(rows) == 1:
            for row in rows:
                self.deliver(row)
        else:
            workers = min(self.settings.concurrency, len(rows))
            with ThreadPoolExecutor(max_workers=workers) as pool:
                list(pool.map(self.deliver, rows))
        return len(rows)

    def deliver(self, row: outbox.Claimed) -> None:
        """Send one claimed row and record the outcome; never raises."""
        try:
            self._deliver(row)
        except Exception:  # a bug must not kill the worker nor lose the row
            row_log(row).exception(
                "submission %s: unexpected error while delivering",
                row.id,
            )
            self._retry(row, "Oväntat fel i leveransen.", None, None)

    def _deliver(self, row: outbox.Claimed) -> None:
        if row.payload is None:
            self._fail(row, DEAD, "Uppgifterna saknas (raderade).", None)
            return
        try:
            payload = self.sealer.open(row.payload)
        except SealError:
            row_log(row).error(
                "submission %s: payload cannot be decrypted; check the keys",
                row.id,
            )
            self._retry(row, "Kan inte dekryptera (fel nyckel).", None, None, slow=True)
            return
        self.bucket.acquire()
        try:
            self._send(row, payload)
        except VitecRejected as exc:
            row_log(row).warning("submission %s rejected by Vitec (400)", row.id)
            # Vitec's words may quote the person: sealed like the payload.
            refusal = seal_refusal(self.sealer, str(exc), exc.field_errors)
            if self._fail(row, REJECTED, refusal, 400):
                self._report(row, REJECTED, 400, tuple(exc.field_errors or ()))
        except VitecAuthError as exc:
            row_log(row).error(
                "submission %s: Vitec refused the credentials or rights (%s); "
                "rows are kept and retried slowly until this is fixed",
                row.id,
                exc.status,
            )
            if self._retry(row, str(exc), exc.status, None, slow=True):
                self._report(row, RETRYING, exc.status)
        except VitecUnavailable as exc:
            row_log(row).warning(
                "submission %s: Vitec unavailable (%s), will retry",
                row.id,
                exc.status,
            )
            self._retry(row, str(exc), exc.status, exc.retry_after)
        except VitecError as exc:
            row_log(row).warning(
                "submission %s: unexpected Vitec answer %s",
                row.id,
                exc.status,
            )
            self._retry(row, str(exc), exc.status, None)
        else:
            self.on_result(DELIVERED)
            if outbox.mark_delivered(self.engine, row, self.worker_id, self.clock(), 204):
                row_log(row).info("submission %s delivered", row.id)
                self._report(row, DELIVERED, 204)
            else:
                row_log(row).warning(
                    "submission %s: Vitec took it, but the row changed meanwhile (erased, "
                    "corrected or claimed again) and stays as that left it",
                    row.id,
                )

    def _send(self, row: outbox.Claimed, payload: dict) -> None:
        """Each kind of registration to its own Vitec call."""
        client = self.client_for(row.office)
        if row.kind == ESTATE:
            client.send_estate_interest(payload)  # type: ignore[arg-type]
        else:
            client.send_interest(payload)  # type: ignore[arg-type]

    def _report(
        self,
        row: outbox.Claimed,
        state: str,
        status: int | None,
        fields: tuple[str, ...] = (),
        error: str = "",
    ) -> None:
        """Tell on_outcome; its trouble must not touch the row, which is settled already."""
        try:
            self.on_outcome(Outcome(row.id, row.office, state, status, fields, error))
        except Exception:
            row_log(row).exception("submission %s: reporting the outcome failed", row.id)

    def _fail(self, row: outbox.Claimed, state: str, error: str, status: int | None) -> bool:
        """Record a final failure; False when the row changed meanwhile (that change stands)."""
        self.on_result(state)
        now = self.clock()
        settled = outbox.mark_failed(self.engine, row, self.worker_id, now, state, error, status)
        return self._record(settled, row)

    @staticmethod
    def _record(settled: bool, row: outbox.Claimed) -> bool:
        if not settled:
            row_log(row).info(
                "submission %s changed while being sent (erased, corrected or claimed again); "
                "that change stands",
                row.id,
            )
        return settled

    def _retry(
        self,
        row: outbox.Claimed,
        error: str,
        status: int | None,
        retry_after: float | None,
        slow: bool = False,
    ) -> bool:
        """Schedule the next try (or give up: dead); False when the row changed meanwhile."""
        now = self.clock()
        next_at = next_attempt(
            self.settings, row.attempts, row.created_at, now, retry_after, self.rng, slow
        )
        if next_at is None:
            row_log(row).error(
                "submission %s is dead: still failing after the maximum age",
                row.id,
            )
            if self._fail(row, DEAD, error, status):
                self._report(row, DEAD, status, error=error)
                return True
            return False
        self.on_result(RETRYING)
        return self._record(
            outbox.mark_failed(
                self.engine, row, self.worker_id, now, RETRYING, error, status, next_at
            ),
            row,
        )

    def hourly(self, now: datetime) -> int:
        """Apply retention: personal data of delivered rows, then of every row, past its time."""
        settings = self.settings
        return sum(
            apply_retention(self.engine, settings.retention_days, settings.erase_after_days, now)
        )
