"""The demand counters' additions, added up in memory and written now and then: a form view
or a registration costs a dictionary update, not a database transaction of its own. A process
that is killed loses at most one interval's additions; one that stops writes them first."""

from __future__ import annotations

import logging
import threading

from sqlalchemy import Engine

from app.insight.counters import Increments, TrafficKey, record, view_increments

log = logging.getLogger(__name__)


class DemandBuffer:
    """Collects increments; a flusher thread writes them every `interval` seconds while there
    are any (0: each addition is written at once)."""

    def __init__(self, engine: Engine, interval: float) -> None:
        self._engine = engine
        self._interval = interval
        self._lock = threading.Lock()
        self._pending = Increments.empty()
        self._flusher: threading.Thread | None = None
        self._stop = threading.Event()

    def add(self, added: Increments) -> None:
        """Add increments (a registration's)."""
        if self._interval <= 0:
            record(self._engine, added)
            return
        with self._lock:
            self._pending.add(added)
            if self._flusher is None:
                # Started on first use, so it runs in the process that serves (after a fork).
                self._flusher = threading.Thread(target=self._run, name="demand", daemon=True)
                self._flusher.start()

    def add_view(self, key: TrafficKey) -> None:
        """Count one form view."""
        self.add(view_increments({key: 1}))

    def flush(self, last: bool = False) -> bool:
        """Write what was added; on a database error keep it for the next time (`last`: there
        is none, the process is stopping)."""
        with self._lock:
            taken, self._pending = self._pending, Increments.empty()
        if taken.is_empty():
            return False
        try:
            record(self._engine, taken)
        except Exception:
            if last:
                log.exception("demand counters could not be written as the process stops; lost")
                return False
            log.exception("demand counters could not be written; kept for the next try")
            with self._lock:
                self._pending.add(taken)
            return False
        return True

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self.flush()
            with self._lock:
                if self._pending.is_empty():
                    # Nothing came in: stop until the next addition starts a flusher again.
                    self._flusher = None
                    return

    def close(self) -> None:
        """Stop the flusher and write what is left (at process exit)."""
        self._stop.set()
        self.flush(last=True)
