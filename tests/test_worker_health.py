"""The worker's own health: a heartbeat written by the delivery loop, read by
`flask outbox alive` (the worker container's health check)."""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime

from app.outbox.loop import DeliverySettings, PollingLoop
from tests.polling import wait_until

HEARTBEAT = "worker-heartbeat"


def test_the_worker_is_alive_only_while_its_loop_beats(app, tmp_path):
    app.instance_path = str(tmp_path)
    runner = app.test_cli_runner()
    never_ran = runner.invoke(args=["outbox", "alive"])
    assert never_ran.exit_code == 1
    assert "Leveransen har inte rapporterat" in never_ran.output

    stop = threading.Event()
    worker = app.extensions["delivery"].worker()
    beating = threading.Thread(target=worker.run, args=(stop, tmp_path / HEARTBEAT))
    beating.start()
    try:
        wait_until(lambda: (tmp_path / HEARTBEAT).exists())
    finally:
        stop.set()
        worker.wake.set()
        beating.join(timeout=30)
    alive = runner.invoke(args=["outbox", "alive"])
    assert alive.exit_code == 0, alive.output

    an_hour_ago = time.time() - 3600
    os.utime(tmp_path / HEARTBEAT, (an_hour_ago, an_hour_ago))
    stale = runner.invoke(args=["outbox", "alive"])
    assert stale.exit_code == 1
    assert "Leveransen har inte rapporterat" in stale.output


class FaultyLoop(PollingLoop):
    """A loop whose rounds fail as a bug would: it stops itself in its second round."""

    name = "test loop"

    def __init__(self, stop: threading.Event) -> None:
        super().__init__()
        self.settings = DeliverySettings(1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1)
        self.clock = lambda: datetime(2026, 12, 7, tzinfo=UTC)
        self.engine = None
        self.worker_id = "test"
        self.stop, self.rounds = stop, 0

    def run_once(self) -> int:
        self.rounds += 1
        if self.rounds == 2:
            self.stop.set()
        raise KeyError("subject")  # e.g. an e-mail stored in a shape this release cannot read


def test_a_round_that_fails_is_logged_and_the_loop_goes_on_without_a_heartbeat(tmp_path, caplog):
    stop = threading.Event()
    loop = FaultyLoop(stop)
    loop.run(stop, tmp_path / HEARTBEAT)  # returns once the second round has stopped it
    assert loop.rounds == 2
    assert not (tmp_path / HEARTBEAT).exists()
    failed = [r for r in caplog.records if r.getMessage() == "test loop: a round failed, waiting"]
    assert len(failed) == 2
