"""Waiting for a state, never for a length of time."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

import requests
from sqlalchemy import Engine, text

T = TypeVar("T")

POLL_INTERVAL = 0.02


def wait_until(condition: Callable[[], T], timeout: float = 15.0, what: str = "") -> T:
    """Poll `condition` until it returns something truthy and return that; fail the test
    naming `what` (and the last value seen) when the deadline passes first."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}: {value!r}")
        time.sleep(POLL_INTERVAL)


def wait_for_http(url: str, timeout: float = 40) -> None:
    """Poll until something answers at `url` (any status)."""

    def answers() -> bool:
        try:
            requests.get(url, timeout=2)
        except requests.RequestException:
            return False
        return True

    wait_until(answers, timeout, f"{url} to answer")


# Sessions on this database (not others on the same server) held up by another's lock.
_WAITING = text(
    "SELECT count(*) FROM pg_stat_activity"
    " WHERE datname = current_database() AND wait_event_type = 'Lock'"
)


def waiting_for_a_lock(engine: Engine) -> int:
    """How many sessions on the engine's PostgreSQL database wait for a lock right now."""
    with engine.connect() as conn:  # a transaction of its own: a fresh view each poll
        return conn.execute(_WAITING).scalar_one()


def start_beside(engine: Engine, action: Callable[[], object]) -> tuple[threading.Thread, bool]:
    """Start `action` in a thread while the caller holds a transaction open, and poll until
    it has finished or waits for a lock (PostgreSQL). The thread, and whether it is waiting:
    the caller ends its transaction, then joins the thread."""
    thread = threading.Thread(target=action)
    thread.start()
    wait_until(
        lambda: not thread.is_alive() or waiting_for_a_lock(engine),
        what="the second transaction to finish or to wait for the first",
    )
    return thread, thread.is_alive()
