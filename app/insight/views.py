"""Form views, added up in memory and written now and then: a page view costs a dictionary
update, not a database write. A process that is killed loses at most one interval's views."""

from __future__ import annotations

import logging
import threading
from collections import Counter

from sqlalchemy import Engine

from app.insight.counters import TrafficKey, record, view_increments

log = logging.getLogger(__name__)


class ViewCounter:
    """Counts views per day, office, channel and host site; a flusher thread writes them every
    `interval` seconds while there are any (0: each view is written at once)."""

    def __init__(self, engine: Engine, interval: float) -> None:
        self._engine = engine
        self._interval = interval
        self._lock = threading.Lock()
        self._pending: Counter[TrafficKey] = Counter()
        self._flusher: threading.Thread | None = None
        self._stop = threading.Event()

    def add(self, key: TrafficKey) -> None:
        """Count one view."""
        if self._interval <= 0:
            record(self._engine, view_increments({key: 1}))
            return
        with self._lock:
            self._pending[key] += 1
            if self._flusher is None:
                # Started on first use, so it runs in the process that serves (after a fork).
                self._flusher = threading.Thread(target=self._run, name="demand-views", daemon=True)
                self._flusher.start()

    def flush(self) -> int:
        """Write what was counted; on a database error keep it for the next time."""
        with self._lock:
            taken, self._pending = self._pending, Counter()
        if not taken:
            return 0
        try:
            record(self._engine, view_increments(taken))
        except Exception:
            log.exception("form views could not be written; kept for the next try")
            with self._lock:
                self._pending.update(taken)
            return 0
        return sum(taken.values())

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self.flush()
            with self._lock:
                if not self._pending:
                    # Nothing came in: stop until the next view starts a flusher again.
                    self._flusher = None
                    return

    def close(self) -> None:
        """Stop the flusher and write what is left (at process exit)."""
        self._stop.set()
        self.flush()
