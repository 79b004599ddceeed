"""`flask db downgrade` and back up again: the stored registrations survive the round trip."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app import outbox
from app.core import migrate
from tests.conftest import submit, valid_answers

# The submissions columns each revision added after the one named: gone after a downgrade
# to it, back with their defaults after the upgrade. Every other column keeps its value.
DEFAULTS = {"version": 0}
ADDED_AFTER = {
    "0004": {"version", "counted"},
    "0003": {"version", "office", "counted"},
    "0002": {"version", "office", "consent", "counted"},
    "0001": {"version", "office", "consent", "answers", "entered_by", "erased_at", "counted"},
}


def stored_rows(engine) -> dict[str, dict]:
    """Every submission as stored, by id."""
    return {listed["id"]: outbox.get(engine, listed["id"]) for listed in outbox.listing(engine)}


def schema_version(engine) -> str:
    """The revision the database is at."""
    with engine.connect() as conn:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()


def raw_rows(engine) -> dict[str, tuple]:
    """id -> (status, payload) straight from the table, whatever its columns are now."""
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, status, payload FROM submissions")).all()
    return {row.id: (row.status, bytes(row.payload)) for row in rows}


@pytest.mark.parametrize("revision", ["0004", "0003", "0002", "0001"])
def test_downgrade_and_upgrade_again_keep_every_stored_registration(
    app, client, sandbox, runner, revision
):
    engine = app.extensions["delivery"].engine
    client.get("/")  # the area list is cached before Vitec starts failing
    assert submit(client, "/", data=valid_answers(email="levererad@example.se")).status_code == 302
    app.extensions["delivery"].worker().drain()
    sandbox.fail_next(500)
    assert submit(client, "/", data=valid_answers(email="vantar@example.se")).status_code == 302
    app.extensions["delivery"].worker().run_once()
    before = stored_rows(engine)
    assert sorted(row["status"] for row in before.values()) == ["delivered", "retrying"]

    result = runner.invoke(args=["db", "downgrade", revision])
    assert result.exit_code == 0, result.output
    assert f"Databasen är nu på version {revision}." in result.output
    assert schema_version(engine) == revision
    assert raw_rows(engine) == {i: (r["status"], r["payload"]) for i, r in before.items()}
    assert client.get("/readyz").status_code == 503  # not ready on an old schema

    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert schema_version(engine) == migrate.head_revision()
    after = stored_rows(engine)
    assert after.keys() == before.keys()
    for submission_id, row in before.items():
        for column, value in row.items():
            expected = DEFAULTS.get(column) if column in ADDED_AFTER[revision] else value
            assert after[submission_id][column] == expected, (submission_id, column)

    # The waiting one is still whole: it goes out once Vitec answers again.
    assert app.extensions["delivery"].worker().drain() == 1
    emails = [r["payload"]["updatePerson"]["email"]["emailAddress"] for r in sandbox.received()]
    assert sorted(emails) == ["levererad@example.se", "vantar@example.se"]
    assert client.get("/readyz").status_code == 200


def test_two_instances_upgrading_an_empty_postgresql_at_once_both_succeed(
    postgres_server_url, monkeypatch
):
    """Containers starting together each run `db upgrade`: the second waits for the first
    (a lock), then finds the schema current, instead of creating the same tables again."""
    import threading
    import uuid

    import psycopg
    from alembic import command

    from app.core.db import database_url, make_engine
    from tests.polling import wait_until

    name = f"race_{uuid.uuid4().hex[:12]}"
    server, _, _ = postgres_server_url.rpartition("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"{server}/{name}"

    # The first upgrade holds its transaction open until the second is seen waiting.
    real_upgrade, first_done, release = command.upgrade, threading.Event(), threading.Event()

    def held_open(config, revision):
        real_upgrade(config, revision)
        if threading.current_thread().name == "first":
            first_done.set()
            release.wait(timeout=60)

    monkeypatch.setattr(command, "upgrade", held_open)
    failures: dict[str, BaseException] = {}

    def upgrade() -> None:
        engine = make_engine(database_url(url, "/nonexistent"))
        try:
            migrate.upgrade(engine)
        except Exception as exc:  # reported by the assertion below
            failures[threading.current_thread().name] = exc
        finally:
            engine.dispose()

    first = threading.Thread(target=upgrade, name="first")
    second = threading.Thread(target=upgrade, name="second")
    first.start()
    wait_until(first_done.is_set, what="the first upgrade to have run")
    second.start()

    def second_is_waiting() -> bool:
        with psycopg.connect(url, autocommit=True) as conn:
            return conn.execute("SELECT count(*) FROM pg_locks WHERE NOT granted").fetchone()[0]

    try:
        wait_until(second_is_waiting, what="the second upgrade to wait")
    finally:
        release.set()
        first.join(timeout=60)
        second.join(timeout=60)
    assert failures == {}
    engine = make_engine(database_url(url, "/nonexistent"))
    assert migrate.is_current(engine)
    engine.dispose()
