"""Real `flask outbox work` processes: SIGKILL mid-batch, SIGTERM, two workers on PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from app import outbox
from app.core import migrate
from app.core.db import database_url, make_engine
from app.core.sealing import PayloadSealer, new_key
from app.outbox import submissions
from app.settings.loading import SANDBOX_BROKER as BROKER
from tests.conftest import CUSTOMER_ID, SANDBOX_PASSWORD, SANDBOX_USER
from tests.polling import wait_until

ROOT = Path(__file__).resolve().parent.parent
KEY = new_key()


def payload(i: int) -> dict:
    return {
        "updatePerson": {
            "firstName": "Åsa",
            "lastName": f"Person{i}",
            "email": {"emailAddress": f"person{i}@example.se"},
            "customerId": CUSTOMER_ID,
        },
        "lookingForAccommodations": [{"areaIds": ["OMR-SOD"], "house": True, "active": True}],
    }


def fill(url: str, n: int) -> object:
    """n queued rows, sealed with the key the worker processes get."""
    engine = make_engine(database_url(url, "/nonexistent"))
    migrate.upgrade(engine)
    sealer = PayloadSealer([KEY])
    now = datetime.now(UTC)
    for i in range(n):
        outbox.enqueue(engine, f"{i:032x}", outbox.Sealed(sealer.seal(payload(i))), "web", now)
    return engine


def start_worker(sandbox_url: str, db_url: str, log_dir: Path, **env) -> subprocess.Popen:
    environment = {
        **os.environ,
        "VITEC_BASE_URL": sandbox_url,
        "VITEC_USERNAME": SANDBOX_USER,
        "VITEC_PASSWORD": SANDBOX_PASSWORD,
        "VITEC_CUSTOMER_ID": CUSTOMER_ID,
        "SECRET_KEY": "test-secret",
        "OUTBOX_ENCRYPTION_KEYS": KEY,
        "DATABASE_URL": db_url,
        "PUBLIC_URL": "http://127.0.0.1:8000",
        "DELIVERY_POLL_SECONDS": "0.1",
        "DELIVERY_BACKOFF_BASE": "0.05",
        "DELIVERY_BACKOFF_CAP": "0.2",
        **BROKER,
        **{k: str(v) for k, v in env.items()},
    }
    # Logs go to a file: an unread pipe would fill up and block the worker.
    log = open(log_dir / f"worker-{time.monotonic_ns()}.log", "wb")  # noqa: SIM115
    return subprocess.Popen(
        [sys.executable, "-m", "app", "outbox", "work"],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def delivered(engine) -> int:
    return outbox.counts(engine)["delivered"]


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
    process.wait(timeout=10)


def test_a_worker_killed_mid_batch_loses_nothing(sandbox, tmp_path):
    url = f"sqlite:///{tmp_path / 'o.db'}"
    engine = fill(url, 60)
    sandbox.fail_next(None, count=0, delay=0.05)  # every call takes a while, forever
    first = start_worker(
        sandbox.url,
        url,
        tmp_path,
        DELIVERY_LEASE_SECONDS=2,
        DELIVERY_BATCH_SIZE=10,
        DELIVERY_CONCURRENCY=2,
        DELIVERY_RATE=0,
    )
    try:
        wait_until(lambda: len(sandbox.state.received) >= 15, 30, "the first deliveries")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        assert 0 < delivered(engine) < 60
    finally:
        stop(first)
    second = start_worker(
        sandbox.url,
        url,
        tmp_path,
        DELIVERY_LEASE_SECONDS=2,
        DELIVERY_BATCH_SIZE=10,
        DELIVERY_RATE=0,
    )
    try:
        wait_until(lambda: delivered(engine) == 60, 60, "all 60 rows delivered")
    finally:
        stop(second)
    emails = Counter(
        r["payload"]["updatePerson"]["email"]["emailAddress"] for r in sandbox.state.received
    )
    assert set(emails) == {f"person{i}@example.se" for i in range(60)}
    # Only rows in flight at the kill can have gone twice (at-least-once at that moment).
    assert sum(emails.values()) - 60 <= 10


def test_sigterm_finishes_the_delivery_under_way(sandbox, tmp_path):
    url = f"sqlite:///{tmp_path / 'o.db'}"
    engine = fill(url, 3)
    sandbox.fail_next(None, count=0, delay=1.0)
    worker = start_worker(sandbox.url, url, tmp_path, DELIVERY_BATCH_SIZE=1, DELIVERY_CONCURRENCY=1)
    try:
        wait_until(lambda: sandbox.state.calls >= 1, 20, "a delivery to start")
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=15) == 0
    finally:
        stop(worker)
    assert delivered(engine) == 1  # the one under way, finished, and no more
    with engine.connect() as conn:
        leased = conn.execute(
            select(func.count()).where(submissions.c.lease_until.is_not(None))
        ).scalar()
    assert leased == 0


def test_two_workers_on_postgresql_drain_1000_rows_with_none_delivered_twice(
    sandbox, postgres_url, tmp_path
):
    engine = fill(postgres_url, 1000)
    options = dict(DELIVERY_RATE=0, DELIVERY_CONCURRENCY=4, DELIVERY_BATCH_SIZE=20)
    workers = [start_worker(sandbox.url, postgres_url, tmp_path, **options) for _ in range(2)]
    try:
        wait_until(lambda: delivered(engine) == 1000, 150, "1,000 rows delivered")
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=20)
    emails = Counter(
        r["payload"]["updatePerson"]["email"]["emailAddress"] for r in sandbox.state.received
    )
    assert len(emails) == 1000 and set(emails.values()) == {1}
    with engine.connect() as conn:
        by_worker = dict(
            conn.execute(
                select(submissions.c.leased_by, func.count()).group_by(submissions.c.leased_by)
            ).all()
        )
    assert len(by_worker) == 2 and all(n > 0 for n in by_worker.values()), by_worker
