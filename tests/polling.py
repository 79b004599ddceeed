"""Waiting for a state, never for a length of time."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import requests

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
