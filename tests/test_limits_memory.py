"""The limits' default storage (memory://) counts posts without starting a thread for each
burst, and still forgets counters whose window has passed."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import limits.storage.memory as limits_memory_module
import pytest

from app.web.extensions import limiter
from app.web.limits_memory import SweptMemoryStorage

ROOT = Path(__file__).resolve().parents[1]


class Clocks:
    """The wall clock limits' storage reads and the sweep's own clock, both set by the test."""

    def __init__(self) -> None:
        self.wall = 1_000_000.0
        self.monotonic = 500.0

    def time(self) -> float:
        return self.wall


@pytest.fixture
def storage(monkeypatch):
    clocks = Clocks()
    monkeypatch.setattr(limits_memory_module, "time", clocks)
    store = SweptMemoryStorage("memory://")
    store.timer.join()  # the one timer limits' constructor starts
    store.clock = lambda: clocks.monotonic
    store._next_sweep = clocks.monotonic + 60
    store.clocks = clocks
    return store


def test_the_app_counts_in_the_swept_storage_by_default(app):
    with app.app_context():
        assert type(limiter.storage) is SweptMemoryStorage
    # In a fresh interpreter: the extensions alone bring it in for memory://.
    found = subprocess.run(
        [
            sys.executable,
            "-c",
            "import app.web.extensions; from limits.storage import storage_from_string;"
            "print(type(storage_from_string('memory://')).__name__)",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert found.stdout.strip() == "SweptMemoryStorage"


def test_counting_many_posts_starts_no_thread(storage, monkeypatch):
    started = []
    monkeypatch.setattr(threading.Thread, "start", lambda thread: started.append(thread))
    for n in range(200):
        storage.incr(f"form-counted/{n}", 86_400)
        storage.incr("form-all", 60)
    assert started == []
    assert storage.get("form-all") == 200


def test_a_counter_past_its_window_counts_nothing_and_is_swept_when_a_sweep_is_due(storage):
    clocks = storage.clocks
    storage.incr("form-address/192.0.2.1", 3600, 5)
    storage.incr("form-counted/abc", 86_400)
    clocks.wall += 3601  # the address's hour has passed; the form's day has not
    storage.incr("form-all", 60)  # a sweep is not due yet: nothing is walked
    assert "form-address/192.0.2.1" in storage.expirations
    assert storage.get("form-address/192.0.2.1") == 0  # but it no longer counts

    storage.incr("form-address/192.0.2.2", 3600)
    clocks.wall += 3601
    clocks.monotonic += 59
    storage.incr("form-all", 60)
    assert "form-address/192.0.2.2" in storage.expirations  # 59 s: not yet
    clocks.monotonic += 1
    storage.incr("form-all", 60)
    assert "form-address/192.0.2.2" not in storage.expirations  # swept
    assert "form-address/192.0.2.2" not in storage.storage
    assert storage.get("form-counted/abc") == 1  # within its day: kept
    clocks.monotonic += 30
    storage.incr("form-address/192.0.2.3", 1)
    clocks.wall += 2
    clocks.monotonic += 29  # 59 s after the last sweep
    storage.incr("form-all", 60)
    assert "form-address/192.0.2.3" in storage.expirations


class DroppedWhileSwept(dict):
    """Counters' expiry times as limits' sweep finds them when a request has just dropped one
    of the expired keys it listed."""

    def __getitem__(self, key):
        if key == "form-address/192.0.2.9":
            raise KeyError(key)
        return super().__getitem__(key)


def test_a_counter_dropped_by_a_request_while_it_is_swept_costs_the_post_nothing(storage):
    clocks = storage.clocks
    storage.incr("form-address/192.0.2.9", 3600)
    clocks.wall += 3601
    storage.expirations = DroppedWhileSwept(storage.expirations)
    clocks.monotonic += 60
    assert storage.incr("form-all", 60) == 1  # counted although the sweep ended early
    clocks.monotonic += 60
    storage.expirations = dict(storage.expirations)
    storage.incr("form-all", 60)
    assert "form-address/192.0.2.9" not in storage.expirations  # the next sweep took it
