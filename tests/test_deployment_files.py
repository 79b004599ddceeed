"""What the image is built on, how its web workers start, and what the web server leaves behind
when it stops."""

from __future__ import annotations

import gc
import os
import re
import runpy
import signal

from tests.polling import wait_for_http, wait_until
from tests.test_operations import ROOT, entrypoint, free_port, production_env


def test_every_stage_of_the_image_starts_from_one_base_pinned_by_its_digest():
    # docs/operations.md ("The base image") says how to move to a newer digest.
    dockerfile = (ROOT / "Dockerfile").read_text()
    bases = re.findall(r"^FROM (\S+)", dockerfile, re.MULTILINE)
    assert len(bases) == 2 and bases[0] == bases[1]
    assert re.fullmatch(r"python:3\.11-slim@sha256:[0-9a-f]{64}", bases[0])


def test_each_web_worker_keeps_what_loading_the_app_made_out_of_garbage_collection(
    monkeypatch, tmp_path
):
    # Made once and kept for the worker's life: scanning it again in every full collection
    # would be paid for by the requests that trigger one.
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    hooks = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert gc.get_freeze_count() == 0
    try:
        hooks["post_worker_init"](None)
        assert gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()


def _workers(master: int) -> set[str]:
    return set(open(f"/proc/{master}/task/{master}/children").read().split())


def test_the_web_server_removes_its_metrics_folder_when_it_stops_even_after_a_reload(
    sandbox, tmp_path
):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    port = free_port()
    db_url = f"sqlite:///{tmp_path / 'm.db'}"
    env = production_env(sandbox.url, db_url, BIND=f"127.0.0.1:{port}", TMPDIR=str(temporary))
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    web = entrypoint("web", env, tmp_path / "web.log")
    try:
        wait_for_http(f"http://127.0.0.1:{port}/healthz")
        assert [path.name[:17] for path in temporary.iterdir()] == ["intresse-metrics-"]
        first = wait_until(lambda: _workers(web.pid), what="the first workers")
        os.kill(web.pid, signal.SIGHUP)  # gunicorn reads its settings file again
        wait_until(lambda: _workers(web.pid) and not _workers(web.pid) & first, what="reload")
        wait_for_http(f"http://127.0.0.1:{port}/healthz")
    finally:
        web.terminate()
        web.wait(timeout=30)
    assert list(temporary.iterdir()) == []
