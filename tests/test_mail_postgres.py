"""The mail queue on a real PostgreSQL server: the per-address and per-registration caps under a
race, the alarm that collects entries (also two entries at once), the claim."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from app.mail import queue as mailqueue
from tests.conftest import hidden_fields, submit, valid_answers
from tests.mailtests import mail_rows, make_mail_app, send_mail
from tests.polling import start_beside

SEND = "/Interest/SendInterestAndContactOnArea"


@pytest.fixture
def app(sandbox, postgres_url, smtp, clock):
    app = make_mail_app(sandbox, postgres_url, smtp, clock, ALERT_EMAIL=["larm@soderhus.se"])
    with app.extensions["delivery"].engine.begin() as conn:
        conn.execute(text("TRUNCATE mail_queue"))
    return app


def test_six_registrations_at_once_for_one_address_get_three_receipts(app, smtp):
    clients = [app.test_client() for _ in range(6)]
    forms = [hidden_fields(client.get("/").get_data(as_text=True)) for client in clients]
    start, statuses = threading.Barrier(6), []

    def post(client, fields):
        start.wait()
        statuses.append(client.post("/", data={**fields, **valid_answers()}).status_code)

    threads = [
        threading.Thread(target=post, args=pair) for pair in zip(clients, forms, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 6
    assert sorted(row["status"] for row in mail_rows(app)) == ["queued"] * 3 + ["skipped"] * 3
    assert send_mail(app) == 3
    assert len(smtp.received()) == 3


def test_alarm_entries_collect_into_one_e_mail(app, sandbox, smtp, clock):
    worker = app.extensions["delivery"].worker()
    for _ in range(2):
        sandbox.fail_next(400, path=SEND)
        submit(app.test_client(), "/", data=valid_answers(email=""))
        worker.drain()
        clock.advance(minutes=2)
    clock.advance(minutes=15)
    assert send_mail(app) == 1
    [alarm] = smtp.received()
    assert "2 anmälningar" in alarm.message["Subject"]


@pytest.mark.parametrize(
    ("count", "column"),
    [(mailqueue.receipts_to, "recipient_key"), (mailqueue.receipts_for, "submission_id")],
    ids=["per address", "per registration (a correction)"],
)
def test_a_second_count_waits_for_the_first_registration(app, clock, count, column):
    """The caps' race made deterministic: B counts while A has counted and inserted but not
    committed; B must wait for A and then see A's receipt."""
    engine, value, since = app.extensions["delivery"].engine, "k" * 32, clock()
    seen: list[int] = []

    def second() -> None:
        with engine.begin() as conn:
            seen.append(count(conn, value, since))

    with engine.connect() as first, first.begin():
        assert count(first, value, since) == 0
        mailqueue.add(first, "a" * 32, mailqueue.RECEIPT, "<a@x>", clock(), **{column: value})
        thread, waiting = start_beside(engine, second)
    thread.join()
    assert waiting
    assert seen == [1]


def test_a_second_alarm_entry_waits_for_the_first_to_be_added(app, clock):
    """Two entries for the alarm e-mail still collecting, at once: the second reads the
    e-mail only once the first has added to it (a row lock), so neither entry is lost."""
    engine, mail_id = app.extensions["delivery"].engine, "a" * 32
    with engine.begin() as conn:
        mailqueue.add(conn, mail_id, mailqueue.ALERT, "<a@x>", clock(), message=b"1", batch="b")
    seen: list[tuple[str, bytes] | None] = []

    def second() -> None:
        with engine.begin() as conn:
            seen.append(mailqueue.open_batch(conn, "b"))

    with engine.connect() as first, first.begin():
        assert mailqueue.open_batch(first, "b") == (mail_id, b"1")
        thread, waiting = start_beside(engine, second)
        mailqueue.update_batch(first, mail_id, b"1 2", clock())
    thread.join()
    assert waiting
    assert seen == [(mail_id, b"1 2")]


def test_receipts_over_the_hourly_ceiling_wait_and_one_alarm_is_queued(
    sandbox, postgres_url, smtp, clock
):
    app = make_mail_app(
        sandbox,
        postgres_url,
        smtp,
        clock,
        ALERT_EMAIL=["larm@soderhus.se"],
        RECEIPT_HOURLY_CEILING=1,
    )
    with app.extensions["delivery"].engine.begin() as conn:
        conn.execute(text("TRUNCATE mail_queue"))
    for n in range(3):
        submit(app.test_client(), "/", data=valid_answers(email=f"kopare{n}@example.se"))
    send_mail(app)
    assert len(smtp.received()) == 1
    assert sorted(row["status"] for row in mail_rows(app, "receipt")) == [
        "queued",
        "queued",
        "sent",
    ]
    assert len(mail_rows(app, "alert")) == 1
    clock.advance(hours=1)
    send_mail(app)  # one receipt more and the alarm; the backlog adds no second alarm
    clock.advance(hours=1)
    send_mail(app)
    assert {row["status"] for row in mail_rows(app)} == {"sent"}
    assert len(mail_rows(app, "alert")) == 1
    assert len(smtp.received()) == 4
