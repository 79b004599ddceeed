"""What the delivery worker and the e-mail sender share: the loop that claims batches until
stopped, an hourly chore, and when a failed item is tried next (or given up)."""

from __future__ import annotations

import logging
import random
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from app.outbox.backoff import retry_delay

log = logging.getLogger(__name__)

HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class DeliverySettings:
    """The DELIVERY_* settings (the e-mail sender uses the ones that apply to it)."""

    batch_size: int
    concurrency: int
    rate_per_second: float
    lease_seconds: float
    backoff_base: float
    backoff_cap: float
    auth_retry_seconds: float
    max_age_seconds: float
    poll_seconds: float
    retention_days: float  # DELIVERED_RETENTION_DAYS
    erase_after_days: float  # RETENTION_DAYS


def next_attempt(
    settings: DeliverySettings,
    attempts: int,
    created_at: datetime,
    now: datetime,
    retry_after: float | None,
    rng: random.Random,
    slow: bool = False,
) -> datetime | None:
    """When to try again after `attempts` failures (backoff with jitter, or the slow interval
    while credentials are refused); None when that would pass the maximum age."""
    if slow:
        delay = settings.auth_retry_seconds
    else:
        delay = retry_delay(
            attempts + 1, settings.backoff_base, settings.backoff_cap, retry_after, rng
        )
    next_at = now + timedelta(seconds=delay)
    if next_at - created_at > timedelta(seconds=settings.max_age_seconds):
        return None
    return next_at


class PollingLoop(ABC):
    """A loop over batches: `run_once` claims and handles one batch, `hourly` does a chore at
    most once an hour; `wake` cuts an idle wait short. Subclasses set `name`, `engine`,
    `clock`, `settings` and `worker_id`."""

    name = "worker"
    clock: Callable[[], datetime]
    engine: Engine
    settings: DeliverySettings
    worker_id: str

    def __init__(self) -> None:
        self.wake = threading.Event()
        self._last_chore: datetime | None = None

    @abstractmethod
    def run_once(self) -> int:
        """Claim one batch and handle it; how many items were tried."""

    def claim_batch(self, claim: Callable[..., list]) -> list:
        """Lease the next batch with a queue's `claim(engine, worker, limit, lease, now)`."""
        settings = self.settings
        return claim(
            self.engine, self.worker_id, settings.batch_size, settings.lease_seconds, self.clock()
        )

    def hourly(self, now: datetime) -> int:
        """The chore done at most once an hour (retention)."""
        return 0

    def purge_if_due(self) -> int:
        """Run the hourly chore when an hour has passed since the last time."""
        now = self.clock()
        if self._last_chore and now - self._last_chore < HOUR:
            return 0
        self._last_chore = now
        return self.hourly(now)

    def run(self, stop: threading.Event, heartbeat: Path | None = None) -> None:
        """Work until `stop` is set; the batch under way is always finished first. After each
        round the database answered, `heartbeat` (a file) is touched: the container's health."""
        log.info("%s %s started", self.name, self.worker_id)
        while not stop.is_set():
            try:
                self.purge_if_due()
                busy = self.run_once()
            except SQLAlchemyError:
                log.exception("%s: database unavailable, waiting", self.name)
                busy = 0
            except Exception:
                # A fault of the service's own (an item it cannot handle): logged, no heartbeat
                # for the round, and the loop goes on, so that one item cannot stop the rest.
                log.exception("%s: a round failed, waiting", self.name)
                busy = 0
            else:
                self._beat(heartbeat)
            if not busy:
                self.wake.wait(self.settings.poll_seconds)
                self.wake.clear()
        log.info("%s %s stopped", self.name, self.worker_id)

    def _beat(self, heartbeat: Path | None) -> None:
        if heartbeat is None:
            return
        try:
            heartbeat.touch()
        except OSError:  # the health check then says so; the deliveries go on
            log.warning("%s: the heartbeat file %s cannot be written", self.name, heartbeat)

    def drain(self, rounds: int = 1000) -> int:
        """Work until nothing is due right now (tests and CLI); how many items were tried."""
        total = 0
        for _ in range(rounds):
            tried = self.run_once()
            if not tried:
                break
            total += tried
        return total
