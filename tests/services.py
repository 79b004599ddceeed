"""The test session's own PostgreSQL and Redis servers, on free loopback ports.

Loaded as a pytest plugin from conftest.py. A server starts the first time a test asks for it,
lives in a temporary directory and is stopped and removed when the session ends, so the tests
neither need nor disturb any server already running on the machine. (scripts/mutate.py starts
one PostgreSQL server the same way and shares it among its many short sessions.)
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

START_TIMEOUT = 60.0  # seconds for a server to answer; initdb plus start-up take about two
POSTGRES_USER = "postgres"  # the superuser initdb creates inside the throwaway cluster
POSTGRES_DATABASE = "intresse_test"
# The address (no database) of a PostgreSQL server to share instead of starting one.
SHARED_POSTGRES = "TEST_POSTGRES_SERVER"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """One server process in a directory of its own; stop() ends it and removes the directory."""

    def __init__(self, name: str, user: str | None = None) -> None:
        self.name = name
        self.user = user
        self.dir = Path(tempfile.mkdtemp(prefix=f"intresse-test-{name}-"))
        self.log = self.dir / f"{name}.log"
        self.process: subprocess.Popen | None = None
        if user is not None:
            entry = pwd.getpwnam(user)
            os.chown(self.dir, entry.pw_uid, entry.pw_gid)

    def run(self, argv: list[str]) -> None:
        """Run a setup command (as the server's user) to completion, failing with its output."""
        result = subprocess.run(argv, cwd=self.dir, capture_output=True, **self._as_user())
        if result.returncode != 0:
            output = (result.stdout + result.stderr).decode(errors="replace")
            pytest.fail(f"{self.name}: {argv[0]} failed:\n{output[-3000:]}")

    def start(self, argv: list[str], ready: Callable[[], bool]) -> None:
        """Start the server and poll until `ready()` says it answers."""
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                argv,
                cwd=self.dir,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                **self._as_user(),
            )
        deadline = time.monotonic() + START_TIMEOUT
        while not ready():
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"{self.name} did not start:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.05)

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)

    def _as_user(self) -> dict:
        if self.user is None:
            return {}
        entry = pwd.getpwnam(self.user)
        return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def postgres_bindir() -> Path:
    """The newest PostgreSQL installed the Debian way (/usr/lib/postgresql/<major>/bin)."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/postgres"),
        key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0,
    )
    if found:
        return found[-1].parent
    on_path = shutil.which("postgres")
    if on_path is None:
        pytest.fail("PostgreSQL is not installed: `make test` installs it (Debian's postgresql)")
    return Path(on_path).parent


def unprivileged_user() -> str | None:
    """initdb and postgres refuse to run as root; as root they run as `postgres` (or `nobody`)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    pytest.fail("running as root, and there is no `postgres` or `nobody` user to run PostgreSQL")


def postgres_answers(url: str) -> bool:
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=2).close()
    except psycopg.OperationalError:
        return False
    return True


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL server (trust auth, loopback only) while the block runs; its
    address without a database. Also used by scripts/mutate.py for its mutant runs."""
    bindir = postgres_bindir()
    server = Server("postgresql", unprivileged_user())
    try:
        data = str(server.dir / "data")
        initdb = [str(bindir / "initdb"), "-D", data, "-U", POSTGRES_USER, "--auth=trust"]
        server.run([*initdb, "--encoding=UTF8", "--no-locale", "--no-sync"])
        port = free_port()
        base = f"postgresql://{POSTGRES_USER}@127.0.0.1:{port}"
        postgres = [str(bindir / "postgres"), "-D", data, "-p", str(port), "-h", "127.0.0.1"]
        # The socket goes in the server's own directory, not the system server's; fsync is off
        # because the cluster is thrown away afterwards.
        server.start(
            [*postgres, "-k", str(server.dir), "-c", "fsync=off", "-c", "full_page_writes=off"],
            ready=lambda: postgres_answers(base + "/postgres"),
        )
        yield base
    finally:
        server.stop(signal.SIGINT)  # fast shutdown: it does not wait for pooled connections


@pytest.fixture(scope="session")
def postgres_server_url():
    """An empty database on the session's own PostgreSQL server. Under SHARED_POSTGRES (set by
    scripts/mutate.py, whose every mutant is a short session of its own) it is a fresh database
    on that server instead, dropped at the end: a server per mutant would cost seconds each."""
    import psycopg

    shared = os.environ.get(SHARED_POSTGRES)
    with contextlib.ExitStack() as stack:
        base = shared or stack.enter_context(postgres_server())
        name = f"{POSTGRES_DATABASE}_{uuid.uuid4().hex}" if shared else POSTGRES_DATABASE
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        yield f"{base}/{name}"
        if shared:
            with psycopg.connect(base + "/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def redis_answers(url: str) -> bool:
    import redis

    try:
        with redis.Redis.from_url(url, socket_connect_timeout=2) as client:
            return bool(client.ping())
    except (redis.ConnectionError, redis.TimeoutError):
        return False


@pytest.fixture(scope="session")
def redis_url():
    """The session's own Redis server, in memory only (no snapshot, no append-only file)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("Redis is not installed: `make test` installs it (Debian's redis-server)")
    server = Server("redis")
    try:
        port = free_port()
        url = f"redis://127.0.0.1:{port}/0"
        memory_only = ["--save", "", "--appendonly", "no", "--dir", str(server.dir)]
        server.start(
            [binary, "--port", str(port), "--bind", "127.0.0.1", *memory_only],
            ready=lambda: redis_answers(url),
        )
        yield url
    finally:
        server.stop()
