"""Rate limits shared through a real Redis server (the session's own) by two app processes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import redis
import requests

from app.core import migrate
from app.core.db import database_url, make_engine
from app.core.sealing import new_key
from app.settings.loading import SANDBOX_BROKER
from tests.conftest import CUSTOMER_ID, SANDBOX_PASSWORD, SANDBOX_USER, hidden_fields, valid_answers
from tests.polling import wait_for_http

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_two_app_processes_share_one_limit_in_redis(sandbox, redis_url, tmp_path):
    db_url = f"sqlite:///{tmp_path / 'shared.db'}"
    migrate.upgrade(make_engine(database_url(db_url, str(tmp_path))))
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "VITEC_BASE_URL": sandbox.url,
        "VITEC_USERNAME": SANDBOX_USER,
        "VITEC_PASSWORD": SANDBOX_PASSWORD,
        "VITEC_CUSTOMER_ID": CUSTOMER_ID,
        "SECRET_KEY": "shared-secret-for-both",
        "OUTBOX_ENCRYPTION_KEYS": new_key(),
        "DATABASE_URL": db_url,
        "PUBLIC_URL": "http://127.0.0.1:5000",
        "SESSION_COOKIE_SECURE": "false",
        "RATELIMIT_STORAGE_URI": redis_url,
        "RATELIMIT_KEY_PREFIX": prefix,
        "FORM_RATE_LIMIT": "4 per minute",
        "FORM_MIN_SECONDS": "0",
        **SANDBOX_BROKER,
    }
    ports = [free_port(), free_port()]
    logs = [open(tmp_path / f"app-{p}.log", "wb") for p in ports]  # noqa: SIM115
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "app", "run", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        for port, log in zip(ports, logs, strict=True)
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for url in urls:
            wait_for_http(url + "/healthz", timeout=30)
        session = requests.Session()
        codes = []
        for i in range(5):
            url = urls[i % 2]  # alternate between the two processes
            page = session.get(url + "/", timeout=10).text
            response = session.post(
                url + "/",
                data={**valid_answers(email=f"p{i}@example.se"), **hidden_fields(page)},
                allow_redirects=False,
                timeout=10,
            )
            codes.append(response.status_code)
        assert codes == [302, 302, 302, 302, 429]
        assert "För många försök" in response.text
        keys = redis.Redis.from_url(redis_url).keys(f"*{prefix}*")
        assert keys, "the limits were not counted in Redis"
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
        for log in logs:
            log.close()
