"""The outbox on SQLite and on a real PostgreSQL server: states, leases, retention, schema."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, text

from app import outbox
from app.core import migrate
from app.core.db import database_url, make_engine, metadata
from app.core.sealing import PayloadSealer, SealError, new_key
from app.outbox import lease, submissions
from app.outbox.backoff import retry_delay
from app.outbox.states import WAITING
from tests.polling import start_beside

T0 = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    if request.param == "sqlite":
        url = database_url(f"sqlite:///{tmp_path / 'o.db'}", str(tmp_path))
        engine = make_engine(url)
        migrate.upgrade(engine)
    else:
        url = database_url(request.getfixturevalue("postgres_url"), str(tmp_path))
        engine = make_engine(url)
    yield engine
    engine.dispose()


def put(engine, n: int, at: datetime = T0) -> list[str]:
    ids = [f"{i:032x}" for i in range(1, n + 1)]
    for submission_id in ids:
        assert outbox.enqueue(engine, submission_id, outbox.Sealed(b"sealed"), "web", at)
    return ids


def test_a_double_post_is_stored_once(engine):
    assert outbox.enqueue(engine, "a" * 32, outbox.Sealed(b"x"), "web", T0)
    assert not outbox.enqueue(engine, "a" * 32, outbox.Sealed(b"y"), "web", T0)
    assert outbox.counts(engine)["queued"] == 1
    assert outbox.get(engine, "a" * 32)["payload"] == b"x"


def test_a_correction_replaces_the_whole_registration(engine):
    whole = outbox.Sealed(b"p1", b"a1", "{}", "v1", T0, "M1")
    assert outbox.enqueue(engine, "a" * 32, whole, "web", T0)
    with pytest.raises(ValueError):  # a part left out would blank the stored one
        outbox.store_correction(engine, "a" * 32, outbox.Sealed(b"p2", b"a2"), T0)
    assert outbox.get(engine, "a" * 32)["payload"] == b"p1"
    later = T0 + timedelta(minutes=1)
    corrected = outbox.Sealed(b"p2", b"a2", '{"x": 1}', "v2", later, "M2")
    assert outbox.store_correction(engine, "a" * 32, corrected, later)
    row = outbox.get(engine, "a" * 32)
    assert {k: row[k] for k in corrected.columns()} == corrected.columns()


def test_times_come_back_as_aware_utc(engine):
    put(engine, 1)
    row = outbox.get(engine, f"{1:032x}")
    assert row["created_at"] == T0 and row["created_at"].tzinfo is not None


def test_a_claim_is_a_lease(engine):
    put(engine, 5)
    first = outbox.claim(engine, "w1", 3, 60, T0)
    assert len(first) == 3
    second = outbox.claim(engine, "w2", 10, 60, T0)
    assert len(second) == 2
    assert not {r.id for r in first} & {r.id for r in second}
    assert outbox.claim(engine, "w3", 10, 60, T0 + timedelta(seconds=30)) == []
    # w1 died: after its lease, its rows are claimed again.
    again = outbox.claim(engine, "w3", 10, 60, T0 + timedelta(seconds=61))
    assert {r.id for r in again} == {r.id for r in first} | {r.id for r in second}


def test_only_the_lease_holder_settles_a_row(engine):
    put(engine, 1)
    (row,) = outbox.claim(engine, "w1", 1, 10, T0)
    (row2,) = outbox.claim(engine, "w2", 1, 10, T0 + timedelta(seconds=11))
    assert not outbox.mark_delivered(engine, row, "w1", T0 + timedelta(seconds=12), 204)
    assert outbox.mark_delivered(engine, row2, "w2", T0 + timedelta(seconds=12), 204)
    stored = outbox.get(engine, row.id)
    assert stored["status"] == "delivered" and stored["attempts"] == 1
    assert stored["leased_by"] == "w2" and stored["lease_until"] is None


def test_a_claim_beside_an_open_claim_on_postgresql_takes_the_other_rows_at_once(
    postgres_url, tmp_path
):
    """Two workers claiming at once: the second skips the rows the first's claim holds, still
    uncommitted, instead of waiting for it (SKIP LOCKED), and no row goes to both."""
    engine = make_engine(database_url(postgres_url, str(tmp_path)))
    ids = put(engine, 5)
    first = {"lease_until": T0 + timedelta(seconds=60), "leased_by": "w1", "updated_at": T0}
    second: list[outbox.Claimed] = []
    with engine.connect() as conn, conn.begin():
        _, held = lease.claim_due(conn, submissions, WAITING, [submissions.c.id], 3, T0, first)
        thread, waiting = start_beside(
            engine, lambda: second.extend(outbox.claim(engine, "w2", 10, 60, T0))
        )
    thread.join()
    engine.dispose()
    assert not waiting
    assert len(held) == 3
    assert sorted([*held, *(row.id for row in second)]) == ids


def test_retrying_rows_wait_for_their_time(engine):
    put(engine, 1)
    (row,) = outbox.claim(engine, "w", 1, 10, T0)
    later = T0 + timedelta(minutes=5)
    outbox.mark_failed(engine, row, "w", T0, "retrying", "Vitec svarade 503.", 503, later)
    assert outbox.claim(engine, "w", 1, 10, T0 + timedelta(minutes=4)) == []
    (again,) = outbox.claim(engine, "w", 1, 10, later)
    assert again.attempts == 1


def test_rejected_rows_are_not_claimed_until_retried(engine):
    put(engine, 2)
    for row in outbox.claim(engine, "w", 2, 10, T0):
        outbox.mark_failed(engine, row, "w", T0, "rejected", "400", 400)
    assert outbox.claim(engine, "w", 5, 10, T0 + timedelta(days=1)) == []
    assert outbox.retry(engine, T0, f"{1:032x}") == 1
    assert [r.id for r in outbox.claim(engine, "w", 5, 10, T0)] == [f"{1:032x}"]
    assert outbox.retry(engine, T0) == 1  # --rejected: the other one
    assert outbox.counts(engine)["rejected"] == 0


def test_purge_keeps_id_times_and_status_but_drops_the_payload(engine):
    put(engine, 2)
    for row in outbox.claim(engine, "w", 2, 10, T0):
        outbox.mark_delivered(engine, row, "w", T0, 204)
    assert outbox.purge_delivered(engine, T0 - timedelta(seconds=1), T0) == 0
    assert outbox.purge_delivered(engine, T0 + timedelta(seconds=1), T0) == 2
    row = outbox.get(engine, f"{1:032x}")
    assert row["payload"] is None
    assert row["status"] == "delivered" and row["created_at"] == T0 and row["delivered_at"] == T0
    assert outbox.retry(engine, T0, f"{1:032x}") == 0  # nothing left to send


def test_counts_and_oldest_waiting(engine):
    put(engine, 3)
    assert outbox.counts(engine) == {
        "queued": 3,
        "retrying": 0,
        "delivered": 0,
        "rejected": 0,
        "dead": 0,
        "spam": 0,
    }
    assert outbox.oldest_waiting(engine) == T0


def test_migrations_match_the_schema_and_keep_rows(engine):
    put(engine, 3)
    migrate.upgrade(engine)  # a second upgrade is a no-op that keeps the rows
    assert migrate.is_current(engine)
    assert outbox.counts(engine)["queued"] == 3
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_payloads_are_encrypted_at_rest(tmp_path):
    sealer = PayloadSealer([new_key()])
    engine = make_engine(f"sqlite:///{tmp_path / 'o.db'}")
    migrate.upgrade(engine)
    payload = {"updatePerson": {"firstName": "Åsa", "email": {"emailAddress": "asa@example.se"}}}
    outbox.enqueue(engine, "b" * 32, outbox.Sealed(sealer.seal(payload)), "web", T0)
    engine.dispose()
    raw = (tmp_path / "o.db").read_bytes()
    for plain in (b"asa@example.se", "Åsa".encode(), b"firstName"):
        assert plain not in raw
    with make_engine(f"sqlite:///{tmp_path / 'o.db'}").connect() as conn:
        token = conn.execute(select(submissions.c.payload)).scalar_one()
    assert sealer.open(token) == payload


def test_keys_can_be_rotated_and_a_wrong_key_is_detected():
    old, new = new_key(), new_key()
    token = PayloadSealer([old]).seal({"a": 1})
    assert PayloadSealer([new, old]).open(token) == {"a": 1}
    with pytest.raises(SealError):
        PayloadSealer([new]).open(token)


def test_sqlite_runs_in_wal_mode(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'o.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


@pytest.mark.parametrize(
    ("attempts", "retry_after", "low", "high"),
    [
        (1, None, 0, 5),
        (3, None, 0, 20),
        (20, None, 0, 3600),
        (1, 30, 30, 30),
        (1, 9999, 3600, 3600),
    ],
)
def test_backoff_is_exponential_jittered_capped_and_honours_retry_after(
    attempts, retry_after, low, high
):
    rng = random.Random(7)
    delays = [retry_delay(attempts, 5, 3600, retry_after, rng) for _ in range(200)]
    assert all(low <= d <= high for d in delays)
    if retry_after is None:
        assert len(set(delays)) > 150  # jittered, not in lock-step
