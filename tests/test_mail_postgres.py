"""The mail queue on a real PostgreSQL server: the per-address cap under a race, the alarm that
collects entries, the claim."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from tests.conftest import hidden_fields, submit, valid_answers
from tests.mailtests import mail_rows, make_mail_app, send_mail

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


def test_a_second_count_for_one_address_waits_for_the_first_registration(app, clock):
    """The cap's race made deterministic: B counts while A has counted and inserted but not
    committed; B must wait for A and then see A's receipt."""
    from app.mail import queue as mailqueue

    engine, key, since = app.extensions["delivery"].engine, "k" * 64, clock()
    seen: list[int] = []
    with engine.connect() as first:
        transaction = first.begin()
        assert mailqueue.receipts_to(first, key, since) == 0
        mailqueue.add(first, "a" * 32, mailqueue.RECEIPT, "<a@x>", clock(), recipient_key=key)

        def second() -> None:
            with engine.begin() as conn:
                seen.append(mailqueue.receipts_to(conn, key, since))

        thread = threading.Thread(target=second)
        thread.start()
        with engine.connect() as watcher:
            for _ in range(500):  # poll for the state that matters: B waiting on the lock
                waiting = watcher.execute(
                    text(
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                    )
                ).scalar()
                if waiting or not thread.is_alive():
                    break
                watcher.rollback()
                threading.Event().wait(0.01)
        transaction.commit()
    thread.join(timeout=10)
    assert seen == [1]


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
