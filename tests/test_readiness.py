"""/readyz and the oldest waiting delivery, with the app's clock moved by hand."""

from __future__ import annotations

from tests.clock import FakeClock
from tests.conftest import make_app, submit, valid_answers

LIMIT = 3600


def test_readyz_fails_naming_the_oldest_waiting_row_and_recovers_once_it_is_delivered(
    sandbox, database_url
):
    clock = FakeClock()
    app = make_app(sandbox.url, database_url, CLOCK=clock, READY_MAX_WAITING_SECONDS=LIMIT)
    client = app.test_client()
    worker = app.extensions["delivery"].worker()
    client.get("/")  # the area list is cached before Vitec starts failing
    sandbox.fail_next(500)
    assert submit(client, "/", data=valid_answers()).status_code == 302
    assert worker.run_once() == 1  # it failed once and now waits for its retry
    assert client.get("/readyz").status_code == 200

    clock.advance(LIMIT)
    assert client.get("/readyz").status_code == 200  # exactly at the limit is still fine
    clock.advance(1)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "not ready",
        "problems": [f"oldest waiting delivery is older than {LIMIT} s"],
    }

    assert worker.drain() == 1
    assert client.get("/readyz").status_code == 200
    clock.advance(10 * LIMIT)  # a delivered row never makes the service unready
    assert client.get("/readyz").status_code == 200
