"""Operations: the production commands, scale-out on PostgreSQL and Redis, health, metrics, logs."""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import subprocess
import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from sqlalchemy import make_url

from app import outbox
from app.core import migrate
from app.core.db import database_url, make_engine
from app.core.sealing import new_key
from app.settings.loading import SANDBOX_BROKER as BROKER
from tests.conftest import (
    CUSTOMER_ID,
    SANDBOX_PASSWORD,
    SANDBOX_USER,
    hidden_fields,
    make_app,
    submit,
    valid_answers,
)
from tests.polling import wait_for_http, wait_until

ROOT = Path(__file__).resolve().parent.parent
VENV_PYTHON = str(Path(os.sys.executable))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def entrypoint(role: str, env: dict, log: Path) -> subprocess.Popen:
    """The exact command the container runs (scripts/entrypoint.sh), as a process here."""
    handle = open(log, "wb")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        [str(ROOT / "scripts" / "entrypoint.sh"), role],
        cwd=ROOT,
        env={**env, "PYTHON": VENV_PYTHON},
        stdout=handle,
        stderr=subprocess.STDOUT,
    )


def production_env(sandbox_url: str, db_url: str, **extra) -> dict:
    return {
        **os.environ,
        "VITEC_BASE_URL": sandbox_url,
        "VITEC_USERNAME": SANDBOX_USER,
        "VITEC_PASSWORD": SANDBOX_PASSWORD,
        "VITEC_CUSTOMER_ID": CUSTOMER_ID,
        "SECRET_KEY": "one-secret-for-every-instance",
        "OUTBOX_ENCRYPTION_KEYS": new_key(),
        "DATABASE_URL": db_url,
        "PUBLIC_URL": "http://127.0.0.1:8000",
        "SESSION_COOKIE_SECURE": "false",
        "FORM_MIN_SECONDS": "0",
        "FORM_RATE_LIMIT": "100000 per hour",
        "DELIVERY_RATE": "0",
        "DELIVERY_POLL_SECONDS": "0.2",
        **BROKER,
        **{k: str(v) for k, v in extra.items()},
    }


def submit_over_http(url: str, i: int) -> int:
    session = requests.Session()
    page = session.get(url + "/", timeout=30).text
    data = {**valid_answers(email=f"skala{i}@example.se"), **hidden_fields(page)}
    return session.post(url + "/", data=data, allow_redirects=False, timeout=30).status_code


def test_two_gunicorn_instances_and_two_workers_deliver_500_exactly_once(
    sandbox, postgres_url, redis_url, tmp_path
):
    env = production_env(
        sandbox.url,
        postgres_url,
        RATELIMIT_STORAGE_URI=redis_url,
        RATELIMIT_KEY_PREFIX=f"scale-{uuid.uuid4().hex[:8]}",
        WEB_CONCURRENCY=2,
    )
    ports = [free_port(), free_port()]
    processes = [
        entrypoint("web", {**env, "BIND": f"127.0.0.1:{port}"}, tmp_path / f"web-{port}.log")
        for port in ports
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for url in urls:
            wait_for_http(url + "/healthz")
        processes += [entrypoint("worker", env, tmp_path / f"worker-{i}.log") for i in range(2)]
        with ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(lambda i: submit_over_http(urls[i % 2], i), range(500)))
        assert codes == [302] * 500
        engine = make_engine(database_url(postgres_url, str(tmp_path)))
        wait_until(lambda: outbox.counts(engine)["delivered"] >= 500, 120, "500 deliveries")
        for url in urls:
            ready = requests.get(url + "/readyz", timeout=5)
            assert ready.status_code == 200, ready.text
        # Each instance's /metrics adds up its two gunicorn workers: 250 posts each.
        for url in urls:
            text = requests.get(url + "/metrics", timeout=5).text
            stored = metric(text, "intresseanmalan_submissions_total", channel="web")
            assert stored == 250, text[:2000]
            assert metric(text, "intresseanmalan_outbox_rows", state="delivered") == 500
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
    emails = Counter(
        r["payload"]["updatePerson"]["email"]["emailAddress"] for r in sandbox.state.received
    )
    assert len(emails) == 500 and set(emails.values()) == {1}
    with engine.connect() as conn:
        workers = conn.exec_driver_sql("SELECT DISTINCT leased_by FROM submissions").scalars().all()
    assert len(workers) == 2  # both worker processes delivered


class TcpProxy:
    """A loopback TCP forwarder standing in front of PostgreSQL, so the test can 'stop' the
    database for the app without stopping the server the other tests use."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.port = self.listener.getsockname()[1]
        self.open = True
        self.connections: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open:
                client.close()
                continue
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            self.connections += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        """The database is gone: refuse new connections and cut the open ones."""
        self.open = False
        for connection in self.connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self.connections.clear()

    def start(self) -> None:
        self.open = True

    def close(self) -> None:
        self.stop()
        self.listener.close()


def test_readyz_turns_503_when_the_database_stops_and_back(sandbox, postgres_url):
    server = make_url(postgres_url)
    proxy = TcpProxy(server.port)
    try:
        proxied = server.set(port=proxy.port).render_as_string(hide_password=False)
        app = make_app(sandbox.url, proxied)
        client = app.test_client()
        assert client.get("/readyz").status_code == 200
        proxy.stop()
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.get_json()["problems"] == ["database unreachable"]
        proxy.start()
        assert client.get("/readyz").status_code == 200
    finally:
        proxy.close()


def metric(text: str, name: str, **labels) -> float:
    for line in text.splitlines():
        named = line.startswith(name + "{") or line.startswith(name + " ")
        if named and all(f'{k}="{v}"' in line for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_one_submission_and_one_delivery(app, client, deliver):
    before = client.get("/metrics").get_data(as_text=True)
    submit(client, "/", data=valid_answers())
    deliver()
    after = client.get("/metrics").get_data(as_text=True)
    name = "intresseanmalan_submissions_total"
    assert (
        metric(after, name, channel="web", outcome="stored")
        - metric(before, name, channel="web", outcome="stored")
        == 1
    )
    deliveries = "intresseanmalan_deliveries_total"
    assert (
        metric(after, deliveries, result="delivered")
        - metric(before, deliveries, result="delivered")
        == 1
    )
    assert metric(after, "intresseanmalan_outbox_rows", state="delivered") == 1
    sent = "intresseanmalan_vitec_requests_total"
    call = {"call": "SendInterestAndContactOnArea", "status": "204"}
    assert metric(after, sent, **call) - metric(before, sent, **call) == 1
    assert "intresseanmalan_vitec_request_seconds_bucket" in after
    assert "intresseanmalan_outbox_oldest_waiting_seconds 0.0" in after


def test_metrics_are_only_for_allowed_addresses_or_the_token(sandbox, database_url):
    app = make_app(sandbox.url, database_url, METRICS_TOKEN="mätartoken-123")
    client = app.test_client()
    assert client.get("/metrics").status_code == 200  # 127.0.0.1 is allowed by default
    outside = {"REMOTE_ADDR": "203.0.113.9"}
    assert client.get("/metrics", environ_base=outside).status_code == 403
    with_token = client.get(
        "/metrics", environ_base=outside, headers={"Authorization": "Bearer mätartoken-123"}
    )
    assert with_token.status_code == 200


def test_logs_are_one_json_line_per_event_with_the_submission_id(sandbox, tmp_path):
    db_url = f"sqlite:///{tmp_path / 'logs.db'}"
    env = production_env(sandbox.url, db_url, LOG_FORMAT="json")
    migrate.upgrade(make_engine(database_url(db_url, str(tmp_path))))
    script = (
        "from app import create_app\n"
        "from tests.conftest import form_token_for\n"
        "app = create_app({'WTF_CSRF_ENABLED': False})\n"
        "c = app.test_client()\n"
        "c.post('/', data={'first_name': 'Åsa', 'last_name': 'Öberg', 'email': 'a@example.se',"
        " 'areas': 'OMR-SOD', 'housing_types': 'house', 'consent': 'y',"
        " 'submission_id': 'c' * 32, 'form_token': form_token_for(app, 'c' * 32)})\n"
        "app.extensions['delivery'].worker().drain()\n"
    )
    result = subprocess.run(
        [VENV_PYTHON, "-c", script], cwd=ROOT, env=env, capture_output=True, timeout=60
    )
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    lines = [line for line in result.stdout.decode().splitlines() if line.strip()]
    events = [json.loads(line) for line in lines]  # every line is JSON
    ours = [e for e in events if e.get("submission_id") == "c" * 32]
    assert {e["message"].split(" ", 2)[2] for e in ours} >= {"stored (web)", "delivered"}
    assert all({"time", "level", "logger", "message"} <= set(e) for e in events)
    assert "Åsa" not in result.stdout.decode() and "a@example.se" not in result.stdout.decode()


@pytest.mark.parametrize("path", ["/healthz"])
def test_the_image_healthcheck_command_passes_against_a_running_instance(sandbox, tmp_path, path):
    db_url = f"sqlite:///{tmp_path / 'hc.db'}"
    port = free_port()
    env = production_env(sandbox.url, db_url, BIND=f"127.0.0.1:{port}")
    web = entrypoint("web", env, tmp_path / "web.log")
    try:
        wait_for_http(f"http://127.0.0.1:{port}{path}")
        dockerfile = (ROOT / "Dockerfile").read_text()
        command = re.search(r'HEALTHCHECK .*CMD python -c "(.+)"', dockerfile).group(1)
        check = subprocess.run(
            [VENV_PYTHON, "-c", command.replace("127.0.0.1:8000", f"127.0.0.1:{port}")],
            timeout=30,
        )
        assert check.returncode == 0
    finally:
        web.terminate()
        web.wait(timeout=30)
