"""The delivery worker's less travelled paths, with time moved by hand: a payload that cannot be
opened, a bug inside delivery, the hourly purge, the rate limit, Retry-After and office routing."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

import pytest

from app import outbox
from app.core.sealing import PayloadSealer, new_key
from app.outbox.ratelimit import TokenBucket
from app.outbox.worker import Worker
from app.vitec.client import VitecRejected
from tests.clock import FakeClock
from tests.conftest import make_app, submit, valid_answers
from tests.polling import wait_until


class RecordingClient:
    """Stands in for one office's VitecClient: keeps what it was asked to send, and when;
    raises `error` instead while one is set."""

    def __init__(self, clock: FakeClock, error: Exception | None = None) -> None:
        self.clock = clock
        self.error = error
        self.sent: list[dict] = []
        self.sent_at: list[float] = []

    def send_interest(self, payload: dict) -> None:
        """Record the payload (or raise the configured error)."""
        if self.error is not None:
            raise self.error
        self.sent.append(payload)
        self.sent_at.append(self.clock.monotonic())


@pytest.fixture
def clock() -> FakeClock:
    """A fresh fake clock for the app and the worker."""
    return FakeClock()


def clocked_app(sandbox, database_url, clock: FakeClock, **overrides):
    """An app (and its worker) on the fake clock, with Retry-After left uncapped."""
    settings = {"CLOCK": clock, "DELIVERY_BACKOFF_CAP": 3600, **overrides}
    return make_app(sandbox.url, database_url, **settings)


def store(app, *numbers: int) -> list[str]:
    """Post one registration per number through the public form; their submission ids."""
    client = app.test_client()
    ids = []
    for i in numbers:
        sid = f"{i:032x}"
        data = valid_answers(email=f"person{i}@example.se", submission_id=sid)
        assert submit(client, "/", data=data).status_code == 302
        ids.append(sid)
    return ids


def worker_with(app, clock: FakeClock, client_for, sealer: PayloadSealer | None = None) -> Worker:
    """A worker on the app's database and settings, with our own clients (and keys)."""
    services = app.extensions["delivery"]
    return Worker(
        services.engine,
        client_for,
        sealer or services.sealer,
        services.settings,
        worker_id="test-worker",
        clock=clock,
    )


def row(app, submission_id: str) -> dict:
    """One outbox row as stored."""
    return outbox.get(app.extensions["delivery"].engine, submission_id)


# A payload that cannot be decrypted ------------------------------------------------------


def test_a_payload_that_cannot_be_decrypted_is_kept_retried_slowly_and_never_sent(
    sandbox, database_url, clock, caplog
):
    app = clocked_app(sandbox, database_url, clock, DELIVERY_AUTH_RETRY=900)
    (sid,) = store(app, 1)
    client = RecordingClient(clock)
    wrong_keys = PayloadSealer([new_key()])
    worker = worker_with(app, clock, lambda office: client, wrong_keys)
    caplog.set_level(logging.INFO)

    failed_at = clock()
    assert worker.run_once() == 1
    stored = row(app, sid)
    assert stored["status"] == "retrying" and stored["attempts"] == 1
    assert stored["payload"] is not None  # kept, to be sent once the right key is back
    assert stored["last_error"] == "Kan inte dekryptera (fel nyckel)."
    assert stored["next_attempt_at"] == failed_at + timedelta(seconds=900)
    assert client.sent == []
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert [getattr(r, "submission_id", None) for r in errors] == [sid]
    assert sid in errors[0].getMessage() and "decrypt" in errors[0].getMessage()
    assert "person1@example.se" not in caplog.text

    clock.advance(899)
    assert worker.run_once() == 0  # not tried again before DELIVERY_AUTH_RETRY
    clock.advance(1)
    assert worker.run_once() == 1
    assert row(app, sid)["attempts"] == 2 and client.sent == []

    # The right key back (after a rotation that lost it): the kept row goes out.
    right_keys = PayloadSealer([new_key(), *app.config["OUTBOX_ENCRYPTION_KEYS"]])
    fixed = worker_with(app, clock, lambda office: client, right_keys)
    clock.advance(900)
    assert fixed.run_once() == 1
    assert row(app, sid)["status"] == "delivered"
    assert client.sent[0]["updatePerson"]["email"]["emailAddress"] == "person1@example.se"


# A bug inside delivery -------------------------------------------------------------------


@pytest.mark.parametrize("concurrency", [1, 3], ids=["one-at-a-time", "threads"])
def test_an_unexpected_error_in_delivery_keeps_the_row_for_a_retry(
    sandbox, database_url, clock, caplog, concurrency
):
    app = clocked_app(sandbox, database_url, clock, DELIVERY_CONCURRENCY=concurrency)
    ids = store(app, 1, 2)
    client = RecordingClient(clock, error=RuntimeError("a bug"))
    worker = worker_with(app, clock, lambda office: client)
    caplog.set_level(logging.INFO)

    assert worker.run_once() == 2  # returned normally: the bug did not escape
    for sid in ids:
        stored = row(app, sid)
        assert stored["status"] == "retrying" and stored["payload"] is not None
        assert stored["last_error"] == "Oväntat fel i leveransen."
    logged = {r.submission_id for r in caplog.records if r.exc_info and r.levelno >= logging.ERROR}
    assert logged == set(ids)

    client.error = None
    clock.advance(60)
    assert worker.run_once() == 2
    assert {row(app, sid)["status"] for sid in ids} == {"delivered"}
    assert len(client.sent) == 2


def test_an_unexpected_error_does_not_stop_the_running_worker(sandbox, database_url, clock):
    app = clocked_app(sandbox, database_url, clock, DELIVERY_POLL_SECONDS=0.01)
    (sid,) = store(app, 1)
    client = RecordingClient(clock, error=RuntimeError("a bug"))
    worker = worker_with(app, clock, lambda office: client)
    stop = threading.Event()
    thread = threading.Thread(target=worker.run, args=(stop,), daemon=True)
    thread.start()
    try:
        wait_until(lambda: row(app, sid)["status"] == "retrying", what="the failed attempt")
        assert thread.is_alive()
        client.error = None
        clock.advance(60)
        wait_until(lambda: row(app, sid)["status"] == "delivered", what="the retry")
    finally:
        stop.set()
        thread.join(timeout=10)
    assert len(client.sent) == 1


# The hourly purge ------------------------------------------------------------------------


def test_the_purge_drops_delivered_payloads_past_retention_at_most_once_an_hour(
    sandbox, database_url, clock
):
    app = clocked_app(sandbox, database_url, clock, DELIVERED_RETENTION_DAYS=7)
    client = RecordingClient(clock)
    worker = worker_with(app, clock, lambda office: client)
    (early,) = store(app, 1)
    worker.run_once()  # delivered at T
    clock.advance(30 * 60)
    (later,) = store(app, 2)
    worker.run_once()  # delivered at T + 30 min
    assert {row(app, early)["status"], row(app, later)["status"]} == {"delivered"}

    clock.advance(7 * 86400 - 15 * 60)  # T + 7 days + 15 min: only the early one is past
    assert worker.purge_if_due() == 1
    assert row(app, early)["payload"] is None and row(app, early)["status"] == "delivered"
    assert row(app, later)["payload"] is not None

    clock.advance(59 * 60)  # now the later one is past retention too, but an hour has not gone
    assert worker.purge_if_due() == 0
    assert row(app, later)["payload"] is not None
    clock.advance(60)
    assert worker.purge_if_due() == 1
    assert row(app, later)["payload"] is None


def test_the_hourly_chore_erases_every_row_past_retention_days_too(sandbox, database_url, clock):
    """A registration Vitec refused (or one that died, or spam) keeps its personal data only
    RETENTION_DAYS, with nobody running `flask privacy purge`."""
    app = clocked_app(sandbox, database_url, clock, DELIVERED_RETENTION_DAYS=7, RETENTION_DAYS=30)
    client = RecordingClient(clock)
    client.error = VitecRejected("Ogiltig", {"interest.UpdatePerson.LastName": ["Fel"]})
    worker = worker_with(app, clock, lambda office: client)
    (refused,) = store(app, 1)
    worker.run_once()
    assert row(app, refused)["status"] == "rejected"
    clock.advance(29 * 86400)
    worker.purge_if_due()
    assert row(app, refused)["answers"] is not None
    clock.advance(86400 + 1)
    assert worker.purge_if_due() == 1
    kept = row(app, refused)
    assert kept["answers"] is None and kept["payload"] is None and kept["erased_at"]


# The rate limit toward Vitec -------------------------------------------------------------


def test_the_token_bucket_lets_through_a_burst_then_rate_requests_a_second():
    clock = FakeClock()
    bucket = TokenBucket(4, clock=clock.monotonic, sleep=clock.sleep)
    times = []
    for _ in range(10):
        bucket.acquire()
        times.append(clock.monotonic())
    # A burst of `rate` at once, then one every 1/rate seconds.
    assert times == pytest.approx([0, 0, 0, 0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5])
    clock.advance(10)  # a quiet spell refills the bucket only up to its capacity
    start = clock.monotonic()
    for _ in range(6):
        bucket.acquire()
    assert clock.monotonic() - start == pytest.approx(0.5)


def test_a_rate_of_zero_never_waits():
    clock = FakeClock()
    bucket = TokenBucket(0, clock=clock.monotonic, sleep=clock.sleep)
    for _ in range(100):
        bucket.acquire()
    assert clock.slept == []


def test_the_worker_sends_no_more_than_delivery_rate_a_second(sandbox, database_url, clock):
    app = clocked_app(sandbox, database_url, clock, DELIVERY_RATE=2, DELIVERY_CONCURRENCY=1)
    store(app, *range(6))
    client = RecordingClient(clock)
    worker = worker_with(app, clock, lambda office: client)
    assert worker.bucket.rate == 2
    worker.bucket = TokenBucket(2, clock=clock.monotonic, sleep=clock.sleep)
    assert worker.drain() == 6
    assert client.sent_at == pytest.approx([0, 0, 0.5, 1.0, 1.5, 2.0])


# Retry-After -----------------------------------------------------------------------------


@pytest.mark.parametrize("status", [503, 429])
def test_retry_after_holds_the_row_back_that_long_by_the_workers_clock(
    sandbox, database_url, clock, status
):
    app = clocked_app(sandbox, database_url, clock, DELIVERY_BACKOFF_BASE=0.01)
    worker = app.extensions["delivery"].worker()
    app.test_client().get("/")  # the area list is cached before Vitec starts failing
    (sid,) = store(app, 1)
    sandbox.fail_next(status, retry_after=120)
    failed_at = clock()
    assert worker.run_once() == 1
    stored = row(app, sid)
    assert stored["status"] == "retrying" and stored["last_status"] == status
    assert stored["next_attempt_at"] - failed_at >= timedelta(seconds=120)

    clock.advance(119)
    assert worker.run_once() == 0  # not claimed before Retry-After has passed
    assert sandbox.received() == []
    clock.advance(1)
    assert worker.run_once() == 1
    assert row(app, sid)["status"] == "delivered"
    assert len(sandbox.received()) == 1


# Office routing --------------------------------------------------------------------------

OFFICES = [("M99999", "Södermalm"), ("M88888", "Solna")]


def test_each_row_is_sent_with_its_own_offices_client(sandbox, database_url, clock):
    app = clocked_app(sandbox, database_url, clock, VITEC_OFFICES=OFFICES)
    services = app.extensions["delivery"]
    clients = {office: RecordingClient(clock) for office in (None, "M99999", "M88888")}
    asked = []

    def client_for(office):
        """Each office's recording client, noting which office was asked for."""
        asked.append(office)
        return clients[office]

    for sid, office in (("a" * 32, "M99999"), ("b" * 32, "M88888"), ("c" * 32, None)):
        payload = {"updatePerson": {"customerId": office or "default", "firstName": sid[0]}}
        outbox.enqueue(
            services.engine,
            sid,
            outbox.Sealed(services.sealer.seal(payload), office=office),
            "web",
            clock(),
        )
    assert worker_with(app, clock, client_for).drain() == 3
    assert sorted(asked, key=str) == sorted([None, "M99999", "M88888"], key=str)
    assert [p["updatePerson"]["firstName"] for p in clients["M88888"].sent] == ["b"]
    assert [p["updatePerson"]["firstName"] for p in clients["M99999"].sent] == ["a"]
    assert [p["updatePerson"]["firstName"] for p in clients[None].sent] == ["c"]


def test_the_apps_worker_uses_each_offices_own_login(sandbox, database_url):
    app = make_app(
        sandbox.url,
        database_url,
        VITEC_OFFICES=OFFICES,
        VITEC_USERNAME_M88888="solna-user",
        VITEC_PASSWORD_M88888="solna-lösen",
    )
    client_for = app.extensions["delivery"].worker().client_for
    assert client_for("M88888").session.auth == (b"solna-user", "solna-lösen".encode())
    default_auth = client_for(None).session.auth
    assert client_for("M99999").session.auth == default_auth
    assert default_auth[0] == b"intresse-test"
