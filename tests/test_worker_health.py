"""The worker's own health: a heartbeat written by the delivery loop, read by
`flask outbox alive` (the worker container's health check)."""

from __future__ import annotations

import os
import threading
import time

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
