"""Never lose a submission: the app and the sandbox over loopback HTTP, with faults injected.
Each person has a unique e-mail address, so deliveries can be counted per person."""

from __future__ import annotations

import re
import threading
from collections import Counter
from datetime import UTC, datetime

import pytest
import requests

from app import outbox
from app.outbox.errors import open_last_error
from sandbox import SandboxServer
from tests.browser import serve
from tests.clock import FakeClock
from tests.conftest import form_token_for, make_app, submit, valid_answers


def person(i: int) -> dict:
    return valid_answers(email=f"person{i}@example.se", submission_id=f"{i:032x}")


def delivered_emails(sandbox) -> Counter:
    return Counter(
        r["payload"]["updatePerson"]["email"]["emailAddress"] for r in sandbox.state.received
    )


def run_worker_until(app, clock: FakeClock, done, rounds: int = 10_000) -> None:
    """Run the app's worker until done(); when nothing is due, move the app's clock to the next
    attempt rather than waiting for it."""
    worker = app.extensions["delivery"].worker()
    for _ in range(rounds):
        if done():
            return
        if not worker.run_once():
            clock.advance(worker.settings.backoff_cap)
    raise AssertionError(f"delivery did not finish in {rounds} rounds: {counts(app)}")


def counts(app) -> dict:
    return outbox.counts(app.extensions["delivery"].engine)


def test_500_then_503_then_429_every_submission_delivered_once(sandbox, database_url):
    clock = FakeClock()
    app = make_app(
        sandbox.url, database_url, DELIVERY_BACKOFF_BASE=5, DELIVERY_BACKOFF_CAP=60, CLOCK=clock
    )
    client = app.test_client()
    client.get("/")  # areas cached before the faults start
    sandbox.fail_next(500, count=8)
    sandbox.fail_next(503, count=8, retry_after=1)
    sandbox.fail_next(429, count=8, retry_after=1)
    for i in range(20):
        assert submit(client, "/", data=person(i)).status_code == 302
    run_worker_until(app, clock, lambda: counts(app)["delivered"] == 20)
    emails = delivered_emails(sandbox)
    assert set(emails) == {f"person{i}@example.se" for i in range(20)}
    assert max(emails.values()) == 1
    assert sandbox.state.faults == []  # every injected fault was actually met


def test_vitec_down_while_200_come_in_then_all_delivered_exactly_once(sandbox, database_url):
    clock = FakeClock()
    app = make_app(
        sandbox.url, database_url, DELIVERY_BACKOFF_BASE=5, DELIVERY_BACKOFF_CAP=60, CLOCK=clock
    )
    client = app.test_client()
    client.get("/")
    port = sandbox.server.port
    sandbox.server.stop()  # connection refused from here on
    for i in range(200):
        assert submit(client, "/", data=person(i)).status_code == 302
    worker = app.extensions["delivery"].worker()
    for _ in range(5):
        worker.run_once()
        clock.advance(60)
    state = counts(app)
    assert state["delivered"] == 0 and state["retrying"] > 0
    assert state["queued"] + state["retrying"] == 200
    revived = SandboxServer(sandbox.server.app, port=port)
    revived.start()
    try:
        run_worker_until(app, clock, lambda: counts(app)["delivered"] == 200)
    finally:
        revived.stop()
    emails = delivered_emails(sandbox)
    assert len(emails) == 200 and set(emails.values()) == {1}


def test_a_read_timeout_longer_than_the_clients_is_retried_and_delivered(sandbox, database_url):
    clock = FakeClock()
    app = make_app(sandbox.url, database_url, VITEC_READ_TIMEOUT=0.5, CLOCK=clock)
    client = app.test_client()
    client.get("/")
    assert submit(client, "/", data=person(1)).status_code == 302
    sandbox.fail_next(503, delay=1.5)  # slower than the client waits, then an error
    worker = app.extensions["delivery"].worker()
    assert worker.run_once() == 1
    row = outbox.get(app.extensions["delivery"].engine, f"{1:032x}")
    assert row["status"] == "retrying" and "i tid" in row["last_error"]
    run_worker_until(app, clock, lambda: counts(app)["delivered"] == 1)
    assert outbox.get(app.extensions["delivery"].engine, f"{1:032x}")["attempts"] == 2
    assert delivered_emails(sandbox) == {"person1@example.se": 1}


def test_a_double_post_is_stored_once_and_delivered_once(client, sandbox, deliver):
    data = person(7)
    assert submit(client, "/", data=data).status_code == 302
    assert submit(client, "/", data=data).status_code == 302  # reload / back button / double click
    deliver()
    assert delivered_emails(sandbox) == {"person7@example.se": 1}


def test_two_simultaneous_posts_of_one_form_are_stored_once(sandbox, database_url):
    app = make_app(sandbox.url, database_url)
    results = []
    with serve(app) as url:
        requests.get(url + "/", timeout=5)
        token = form_token_for(app, person(3)["submission_id"])
        barrier = threading.Barrier(4)

        def click():
            barrier.wait()
            data = {**person(3), "form_token": token}
            response = requests.post(url + "/", data=data, allow_redirects=False, timeout=10)
            results.append(response.status_code)

        threads = [threading.Thread(target=click) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert results == [302] * 4
    assert counts(app)["queued"] == 1
    app.extensions["delivery"].worker().drain()
    assert delivered_emails(sandbox) == {"person3@example.se": 1}


def test_every_rendered_form_carries_its_own_submission_id(client):
    import re

    pages = [client.get("/").get_data(as_text=True) for _ in range(2)]
    ids = [
        re.search(r'name="submission_id" type="hidden" value="([0-9a-f]{32})"', p) for p in pages
    ]
    assert all(ids) and ids[0].group(1) != ids[1].group(1)


def test_a_400_is_rejected_not_retried_and_can_be_resent(app, client, sandbox, runner):
    client.get("/")
    body = {"Message": "Begäran är ogiltig.", "ModelState": {"interest.UpdatePerson": ["Nej"]}}
    sandbox.fail_next(400, body=body)
    assert submit(client, "/", data=person(5)).status_code == 302
    worker = app.extensions["delivery"].worker()
    assert worker.drain() == 1
    assert worker.drain() == 0  # not tried again
    row = outbox.get(app.extensions["delivery"].engine, f"{5:032x}")
    assert row["status"] == "rejected" and row["attempts"] == 1 and row["last_status"] == 400
    assert "Nej" not in row["last_error"]  # Vitec's words are sealed
    sealer = app.extensions["delivery"].sealer
    assert open_last_error(sealer, row["last_error"]).fields == {"interest.UpdatePerson": ["Nej"]}
    result = runner.invoke(args=["outbox", "retry", f"{5:032x}"])
    assert result.exit_code == 0, result.output
    assert worker.drain() == 1
    assert counts(app)["delivered"] == 1
    assert delivered_emails(sandbox) == {"person5@example.se": 1}


def test_retry_rejected_resends_every_rejected_row(app, client, sandbox, runner):
    client.get("/")
    sandbox.fail_next(400, count=3)
    for i in range(3):
        submit(client, "/", data=person(i))
    app.extensions["delivery"].worker().drain()
    assert counts(app)["rejected"] == 3
    assert runner.invoke(args=["outbox", "retry", "--rejected"]).exit_code == 0
    app.extensions["delivery"].worker().drain()
    assert counts(app)["delivered"] == 3


@pytest.mark.parametrize("status", [401, 403])
def test_refused_credentials_keep_the_rows_and_retry_slowly(sandbox, database_url, status, caplog):
    app = make_app(sandbox.url, database_url, DELIVERY_AUTH_RETRY=600)
    client = app.test_client()
    client.get("/")
    sandbox.fail_next(status)
    submit(client, "/", data=person(1))
    app.extensions["delivery"].worker().drain()
    row = outbox.get(app.extensions["delivery"].engine, f"{1:032x}")
    assert row["status"] == "retrying" and row["last_status"] == status
    assert (row["next_attempt_at"] - row["updated_at"]).total_seconds() == pytest.approx(600)
    assert any(r.levelname == "ERROR" and "credentials" in r.message for r in caplog.records)


def test_rows_still_failing_after_the_maximum_age_are_dead(sandbox, database_url):
    app = make_app(sandbox.url, database_url, DELIVERY_MAX_AGE=0.0)
    client = app.test_client()
    client.get("/")
    sandbox.fail_next(500)
    submit(client, "/", data=person(1))
    app.extensions["delivery"].worker().drain()
    row = outbox.get(app.extensions["delivery"].engine, f"{1:032x}")
    assert row["status"] == "dead" and row["payload"] is not None  # kept for staff


def test_delivered_payloads_are_purged_after_retention(sandbox, database_url):
    app = make_app(sandbox.url, database_url, DELIVERED_RETENTION_DAYS=0)
    client = app.test_client()
    submit(client, "/", data=person(1))
    app.extensions["delivery"].worker().drain()
    result = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert result.exit_code == 0 and "Levererade: 1 gallrade" in result.output
    row = outbox.get(app.extensions["delivery"].engine, f"{1:032x}")
    assert row["payload"] is None and row["status"] == "delivered"


def test_outbox_status_command(app, client, sandbox, runner):
    client.get("/")
    sandbox.fail_next(503)
    submit(client, "/", data=person(1))
    submit(client, "/", data=person(2))
    app.extensions["delivery"].worker().run_once()
    output = runner.invoke(args=["outbox", "status"]).output
    assert re.search(r"^levererad +1$", output, re.M)
    assert re.search(r"^väntar \(försöker igen\) +1$", output, re.M)
    assert "Äldsta väntande:" in output and "ingen" not in output


def test_logs_name_submissions_by_id_not_by_person(client, sandbox, deliver, caplog):
    caplog.set_level("INFO")
    data = person(9)
    submit(client, "/", data=data)
    deliver()
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert f"{9:032x}" in text
    for value in ("person9@example.se", "Åsa", "Öberg", "070-123 45 67", "0701234567"):
        assert value not in text


def test_readiness_says_loudly_when_vitec_refuses_the_credentials(app, client, sandbox):
    assert client.get("/readyz").status_code == 200
    client.get("/")
    sandbox.fail_next(401)
    submit(client, "/", data=person(1))
    app.extensions["delivery"].worker().run_once()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["problems"] == [
        "Vitec refuses the credentials of office M99999 for SendInterestAndContactOnArea (401)"
    ]
    outbox.retry(app.extensions["delivery"].engine, datetime.now(UTC), f"{1:032x}")
    app.extensions["delivery"].worker().run_once()
    assert client.get("/readyz").status_code == 200


def test_readiness_fails_before_migrations(sandbox, tmp_path):
    from app import create_app
    from tests.conftest import app_config

    app = create_app(app_config(sandbox.url, f"sqlite:///{tmp_path / 'new.db'}"))
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert "python -m app db upgrade" in response.get_json()["problems"][0]
