"""Races between a send in flight and staff: an erase or a correction made while Vitec has not
answered yet is never undone by the worker recording that answer."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from app import outbox
from app.staff import accounts
from tests.conftest import hidden_fields, make_app, valid_answers
from tests.polling import wait_until
from tests.test_staff import logged_in

EMAIL = "erik@maklarbyran.se"
PASSWORD = "ett-långt-lösenord-42"
INTEREST = "/Interest/SendInterestAndContactOnArea"
T0 = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


class Between:
    """A Vitec client whose send runs `action` after Vitec has answered and before the worker
    records the answer: the moment a person acting at the desk can slip in."""

    def __init__(self, client, action) -> None:
        self.client = client
        self.action = action

    def send_interest(self, payload):
        try:
            return self.client.send_interest(payload)
        finally:
            self.action()


def act_during_the_send(app, action) -> None:
    """Make the app's worker run `action` between Vitec's answer and recording it."""
    worker = app.extensions["delivery"].worker()
    real = worker.client_for
    worker.client_for = lambda office: Between(real(office), action)


@pytest.fixture
def app(sandbox, database_url):
    app = make_app(sandbox.url, database_url)
    accounts.add(app.extensions["delivery"].engine, EMAIL, PASSWORD)
    return app


def engine_of(app):
    return app.extensions["delivery"].engine


def one_registration(app, **answers) -> str:
    client = app.test_client()
    page = client.get("/").get_data(as_text=True)
    fields = hidden_fields(page)
    assert client.post("/", data={**valid_answers(**answers), **fields}).status_code == 302
    return fields["submission_id"]


def correct_at_the_desk(client, submission_id: str, last_name: str) -> None:
    page = client.get(f"/staff/anmalan/{submission_id}/ratta").get_data(as_text=True)
    assert "Rätta anmälan från" in page  # the row in flight may still be corrected
    data = {**valid_answers(last_name=last_name), **hidden_fields(page)}
    data.update(obtain_through="Phone", office="M99999")
    response = client.post(f"/staff/anmalan/{submission_id}/ratta", data=data)
    assert response.status_code == 302


def test_an_erase_while_vitec_answers_leaves_the_row_erased(app, sandbox):
    sid = one_registration(app)
    runner = app.test_cli_runner()
    erased = []
    act_during_the_send(
        app, lambda: erased.append(runner.invoke(args=["privacy", "erase", sid]).exit_code)
    )
    assert app.extensions["delivery"].worker().run_once() == 1
    assert erased == [0]
    assert len(sandbox.received()) == 1  # Vitec did take it: the erase page says so
    row = outbox.get(engine_of(app), sid)
    assert row["status"] == "dead" and row["erased_at"] is not None
    assert row["delivered_at"] is None
    assert row["last_error"] == "Raderad på begäran innan leverans."
    assert row["payload"] is None and row["answers"] is None
    assert app.extensions["delivery"].worker().drain() == 0


def test_an_erase_during_a_delayed_send_in_another_thread(app, sandbox):
    """The tester's reproduction: Vitec answers late, the erase comes from the command line
    while the worker waits; the worker thread is started only once the sandbox has the call."""
    sid = one_registration(app)
    app.test_client().get("/")  # the areas are cached: the next call to Vitec is the send
    calls_before = sandbox.state.calls
    sandbox.fail_next(None, delay=2.0, path=INTEREST)
    worker = app.extensions["delivery"].worker()
    thread = threading.Thread(target=worker.run_once)
    thread.start()
    wait_until(lambda: sandbox.state.calls > calls_before, 10, "the send to reach the sandbox")
    assert app.test_cli_runner().invoke(args=["privacy", "erase", sid]).exit_code == 0
    assert thread.is_alive(), "Vitec answered before the erase; the race was not run"
    thread.join(timeout=15)
    row = outbox.get(engine_of(app), sid)
    assert row["status"] == "dead" and row["erased_at"] is not None
    assert row["last_error"] == "Raderad på begäran innan leverans."


def test_a_correction_while_vitec_answers_is_sent_next(app, sandbox):
    sid = one_registration(app, last_name="Öbrg")
    staff = logged_in(app, EMAIL, PASSWORD)
    act_during_the_send(app, lambda: correct_at_the_desk(staff, sid, "Öberg"))
    worker = app.extensions["delivery"].worker()
    assert worker.run_once() == 1
    row = outbox.get(engine_of(app), sid)
    assert row["status"] == "retrying" and row["delivered_at"] is None
    assert row["lease_until"] is None  # let go at once: the correction is due now
    typed = app.extensions["delivery"].sealer.open(row["answers"])
    assert typed["last_name"] == ["Öberg"]
    worker.client_for = app.extensions["vitec"].client
    assert worker.run_once() == 1
    names = [r["payload"]["updatePerson"]["lastName"] for r in sandbox.received()]
    assert names == ["Öbrg", "Öberg"]
    assert outbox.get(engine_of(app), sid)["status"] == "delivered"


def test_a_late_400_does_not_overwrite_a_correction(app, sandbox):
    sid = one_registration(app, last_name="Öbrg")
    app.test_client().get("/")
    body = {"Message": "Ogiltig", "ModelState": {"interest.UpdatePerson.LastName": ["Fel"]}}
    sandbox.fail_next(400, body=body, path=INTEREST)
    staff = logged_in(app, EMAIL, PASSWORD)
    act_during_the_send(app, lambda: correct_at_the_desk(staff, sid, "Öberg"))
    worker = app.extensions["delivery"].worker()
    assert worker.run_once() == 1
    row = outbox.get(engine_of(app), sid)
    assert row["status"] == "retrying" and row["last_status"] != 400
    worker.client_for = app.extensions["vitec"].client
    assert worker.run_once() == 1
    assert outbox.get(engine_of(app), sid)["status"] == "delivered"
    assert [r["payload"]["updatePerson"]["lastName"] for r in sandbox.received()] == ["Öberg"]


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    from app.core import migrate
    from app.core.db import database_url, make_engine

    if request.param == "sqlite":
        engine = make_engine(database_url(f"sqlite:///{tmp_path / 'o.db'}", str(tmp_path)))
        migrate.upgrade(engine)
    else:
        engine = make_engine(database_url(request.getfixturevalue("postgres_url"), ""))
    yield engine
    engine.dispose()


def test_a_settle_after_an_erase_changes_nothing(engine):
    assert outbox.enqueue(engine, "a" * 32, outbox.Sealed(b"sealed"), "web", T0)
    (row,) = outbox.claim(engine, "w", 1, 60, T0)
    assert outbox.erase(engine, row.id, T0 + timedelta(seconds=1))
    erased = outbox.get(engine, row.id)
    assert not outbox.mark_delivered(engine, row, "w", T0 + timedelta(seconds=2), 204)
    after = outbox.get(engine, row.id)
    assert {k: after[k] for k in ("status", "last_error", "erased_at", "delivered_at")} == {
        k: erased[k] for k in ("status", "last_error", "erased_at", "delivered_at")
    }


def test_a_settle_after_a_correction_leaves_the_correction_due(engine):
    assert outbox.enqueue(engine, "b" * 32, outbox.Sealed(b"old"), "web", T0)
    (row,) = outbox.claim(engine, "w", 1, 60, T0)
    assert outbox.replace_payload(engine, row.id, b"new", b"typed", T0 + timedelta(seconds=1))
    later = T0 + timedelta(seconds=2)
    assert not outbox.mark_failed(engine, row, "w", later, "rejected", "400", 400)
    stored = outbox.get(engine, row.id)
    assert stored["status"] == "retrying" and stored["payload"] == b"new"
    assert stored["attempts"] == 0 and stored["lease_until"] is None
    (again,) = outbox.claim(engine, "w", 1, 60, later)
    assert again.payload == b"new"
