"""A clock the test moves by hand, for the app (`CLOCK`), the worker and the caches."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


class FakeClock:
    """Aware UTC time that only moves when the test says so; also offers a monotonic reading
    and a sleep that advances it, for code that takes `clock`/`sleep` callables."""

    def __init__(self, start: datetime = START) -> None:
        self._now = start
        self._lock = threading.Lock()
        self.slept: list[float] = []

    def __call__(self) -> datetime:
        """The current fake time (what `CLOCK` and the worker's `clock` expect)."""
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> datetime:
        """Move time forward by `seconds` and return the new time."""
        with self._lock:
            self._now += timedelta(seconds=seconds)
            return self._now

    def monotonic(self) -> float:
        """Seconds since the start, as time.monotonic would count them."""
        with self._lock:
            return (self._now - START).total_seconds()

    def sleep(self, seconds: float) -> None:
        """Record a sleep and let that much time pass, at once."""
        self.slept.append(seconds)
        self.advance(seconds)
