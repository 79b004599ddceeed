"""Benchmarks on loopback: outbox drain rate, and submit latency with a slow or fast Vitec.

Run with `make bench`; writes bench/RESULTS.md. Every process here talks to 127.0.0.1 only.
"""

from __future__ import annotations

import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import outbox  # noqa: E402
from app.core import migrate  # noqa: E402
from app.core.db import database_url, make_engine  # noqa: E402
from app.core.sealing import PayloadSealer, new_key  # noqa: E402
from app.settings.loading import SANDBOX_BROKER  # noqa: E402
from tests.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

PYTHON = sys.executable
KEY = new_key()
SANDBOX = {"VITEC_USERNAME": "sandbox", "VITEC_PASSWORD": "sandbox-losenord"}
CUSTOMER = "M12345"
DRAIN_ROWS = int(os.environ.get("BENCH_DRAIN_ROWS", "10000"))
SUBMITS = int(os.environ.get("BENCH_SUBMITS", "150"))  # per round and Vitec speed
SUBMIT_ROUNDS = int(os.environ.get("BENCH_SUBMIT_ROUNDS", "6"))
SLOW_VITEC = 3.0  # seconds the sandbox takes to answer in the slow rounds
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


@contextmanager
def process(args: list[str], env: dict[str, str], log: Path):
    with open(log, "wb") as out:
        proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            yield proc
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def base_env(db_url: str, vitec_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        **SANDBOX,
        "VITEC_BASE_URL": vitec_url,
        "VITEC_CUSTOMER_ID": CUSTOMER,
        "SECRET_KEY": "bench-secret",
        "OUTBOX_ENCRYPTION_KEYS": KEY,
        "DATABASE_URL": db_url,
        "PUBLIC_URL": "http://127.0.0.1:8000",
        "LOG_FORMAT": "text",
        "MALLOC_ARENA_MAX": "2",  # as scripts/entrypoint.sh and the image set it
        # A load from one address is no abuse here, and no person types these posts.
        "FORM_MIN_SECONDS": "0",
        "FORM_RATE_LIMIT": "1000000 per hour",
        "FORM_RATE_LIMIT_GLOBAL": "1000000 per minute",
        **SANDBOX_BROKER,  # the built-in privacy page's controller details
        **extra,
    }


@contextmanager
def sandbox(tmp: Path):
    port = free_port()
    env = {**os.environ, "VITEC_BASE_URL": "", "VITEC_SANDBOX": "true"}
    args = [PYTHON, "-m", "app", "vitec-sandbox", "--port", str(port)]
    with process(args, env, tmp / "sandbox.log"):
        url = f"http://127.0.0.1:{port}"
        wait_for(url + "/_sandbox/received")
        yield url


def payload(i: int) -> dict:
    return {
        "updatePerson": {
            "firstName": "Åsa",
            "lastName": f"Bänk{i}",
            "email": {"emailAddress": f"bench{i}@example.se"},
            "customerId": CUSTOMER,
        },
        "lookingForAccommodations": [{"areaIds": ["OMR-SOD"], "house": True, "active": True}],
    }


def bench_drain(tmp: Path, vitec_url: str) -> dict:
    """Time a worker process emptying a backlog with politeness limits lifted."""
    db_url = f"sqlite:///{tmp / 'drain.db'}"
    engine = make_engine(database_url(db_url, str(tmp)))
    migrate.upgrade(engine)
    sealer = PayloadSealer([KEY])
    now = datetime.now(UTC)
    for i in range(DRAIN_ROWS):
        outbox.enqueue(engine, f"{i:032x}", outbox.Sealed(sealer.seal(payload(i))), "web", now)
    env = base_env(
        db_url,
        vitec_url,
        DELIVERY_RATE="0",
        DELIVERY_CONCURRENCY="8",
        DELIVERY_BATCH_SIZE="50",
        DELIVERY_POLL_SECONDS="0.05",
    )
    args = [PYTHON, "-m", "app", "outbox", "work"]
    started = time.monotonic()
    with process(args, env, tmp / "drain-worker.log"):
        while outbox.counts(engine)["delivered"] < DRAIN_ROWS:
            if time.monotonic() - started > 300:
                raise RuntimeError("drain did not finish in 5 minutes")
            time.sleep(0.2)
    seconds = time.monotonic() - started
    received = len(requests.get(vitec_url + "/_sandbox/received", timeout=60).json())
    return {
        "rows": DRAIN_ROWS,
        "seconds": seconds,
        "rate": DRAIN_ROWS / seconds,
        "received": received,
    }


FORM = {
    "first_name": "Åsa",
    "last_name": "Öberg",
    "cell_phone": "070-123 45 67",
    "areas": ["OMR-SOD"],
    "housing_types": ["house"],
    "consent": "y",
}


def filled_form(session: requests.Session, url: str, email: str) -> dict:
    """GET the form page and fill it in, with the page's token and submission id."""
    page = session.get(url + "/", timeout=30).text
    hidden = {
        name: re.search(rf'name="{name}" type="hidden" value="([^"]+)"', page).group(1)
        for name in ("submission_id", "form_token")
    }
    return {**FORM, "email": email, **hidden}


def one_submit(url: str, i: int) -> float:
    session = requests.Session()
    data = filled_form(session, url, f"submit{i}@example.se")
    started = time.perf_counter()
    response = session.post(url + "/", data=data, allow_redirects=False, timeout=60)
    elapsed = time.perf_counter() - started
    if response.status_code != 302:
        raise RuntimeError(f"submit answered {response.status_code}")
    return elapsed


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[94]


def bench_submit(tmp: Path, vitec_url: str) -> dict:
    """Submit latency under gunicorn with a delivery worker beside it, while the sandbox
    answers at once and while it answers in 3 s: alternating rounds of each, pooled."""
    requests.delete(vitec_url + "/_sandbox/faults", timeout=5)
    db_url = f"sqlite:///{tmp / 'submit.db'}"
    migrate.upgrade(make_engine(database_url(db_url, str(tmp))))
    env = base_env(db_url, vitec_url, SESSION_COOKIE_SECURE="false")
    worker_args = [PYTHON, "-m", "app", "outbox", "work"]
    latencies: dict[float, list[float]] = {0.0: [], SLOW_VITEC: []}
    seconds = dict.fromkeys(latencies, 0.0)
    sent = 0  # each submit gets its own e-mail address
    with (
        gunicorn(tmp, "submit", "app:create_app()", env) as (url, _),
        process(worker_args, env, tmp / "submit-worker.log"),
    ):
        for _ in range(4):
            requests.get(url + "/", timeout=30)  # both gunicorn workers cache the areas
        for number in range(SUBMIT_ROUNDS):
            delays = [0.0, SLOW_VITEC] if number % 2 == 0 else [SLOW_VITEC, 0.0]
            for delay in delays:
                requests.delete(vitec_url + "/_sandbox/faults", timeout=5)
                if delay:
                    fault = {"delay": delay, "count": 0}  # every answer, until cleared
                    requests.post(vitec_url + "/_sandbox/faults", json=fault, timeout=5)
                started = time.monotonic()
                with ThreadPoolExecutor(CLIENTS) as pool:
                    ids = range(sent, sent + SUBMITS)
                    latencies[delay] += pool.map(lambda i: one_submit(url, i), ids)
                seconds[delay] += time.monotonic() - started
                sent += SUBMITS
    requests.delete(vitec_url + "/_sandbox/faults", timeout=5)
    return {
        delay: {
            "delay": delay,
            "p95": p95(values),
            "median": statistics.median(values),
            "count": len(values),
            "rps": len(values) / seconds[delay],
        }
        for delay, values in latencies.items()
    }


ROUNDS = int(os.environ.get("BENCH_ROUNDS", "9"))
ROUND_GETS = int(os.environ.get("BENCH_ROUND_GETS", "600"))
ROUND_POSTS = int(os.environ.get("BENCH_ROUND_POSTS", "200"))


def timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def load(calls: list, clients: int = CLIENTS) -> dict:
    """Run the calls from `clients` threads; requests a second and p95 latency."""
    started = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        latencies = list(pool.map(timed, calls))
    seconds = time.monotonic() - started
    return {"rps": len(calls) / seconds, "p95": p95(latencies)}


def worker_rss_mb(master_pid: int) -> list[float]:
    """Peak resident memory (VmHWM) of each gunicorn worker of a master."""
    peaks = []
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return peaks


@contextmanager
def gunicorn(tmp: Path, name: str, target: str, env: dict[str, str]):
    port = free_port()
    args = [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", target]
    with process(args, {**env, "BIND": f"127.0.0.1:{port}"}, tmp / f"{name}.log") as proc:
        url = f"http://127.0.0.1:{port}"
        wait_for(url + "/")
        yield url, proc


def prepared_posts(url: str, n: int, session: requests.Session) -> list:
    """n ready-to-send form posts, each with its own submission id. They share one client
    session (one cookie, kept-alive connections), as the bare app's posts do, so both sides
    of the comparison get the same client behaviour."""
    posts = []
    for i in range(n):
        data = filled_form(session, url, f"last{i}@example.se")
        posts.append(
            lambda s=session, d=data: s.post(url + "/", data=d, allow_redirects=False, timeout=60)
        )
    return posts


def bench_versus_bare(tmp: Path, vitec_url: str, name: str = "versus", **extra: str) -> dict:
    """GET and POST of the form against a bare Flask app under the same gunicorn (`extra`:
    more settings for the form's app).

    Both servers run side by side and are measured in alternating rounds (which one goes
    first alternates too), so a slow spell of this shared machine hits both sides alike;
    each ratio is the median of the rounds' ratios."""
    db_url = f"sqlite:///{tmp / f'{name}.db'}"
    migrate.upgrade(make_engine(database_url(db_url, str(tmp))))
    env = base_env(db_url, vitec_url, SESSION_COOKIE_SECURE="false", **extra)
    gets, posts = ROUND_GETS, ROUND_POSTS
    rounds: list[dict] = []
    with gunicorn(tmp, name, "app:create_app()", env) as (url, proc):
        page_bytes = len(requests.get(url + "/", timeout=30).content)
        body = requests.Request("POST", url + "/", data=FORM).prepare().body
        bare_env = {
            **env,
            "BARE_PAGE_BYTES": str(page_bytes),
            "DATABASE_URL": f"sqlite:///{tmp / f'{name}-bare.db'}",
        }
        with gunicorn(tmp, f"{name}-bare", "bench.bare_app:create_app()", bare_env) as (bare, _):
            app_session, bare_session = requests.Session(), requests.Session()
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            bare_post = [
                lambda: bare_session.post(
                    bare + "/submit", data=body, headers=headers, allow_redirects=False, timeout=30
                )
            ] * posts
            for number in range(ROUNDS):
                # The form's posts are fetched before the clock starts.
                app_posts = prepared_posts(url, posts, app_session)
                app_get = [lambda: app_session.get(url + "/", timeout=30)] * gets
                bare_get = [lambda: bare_session.get(bare + "/", timeout=30)] * gets
                runs = {
                    "get": (app_session, app_get),
                    "bare_get": (bare_session, bare_get),
                    "post": (app_session, app_posts),
                    "bare_post": (bare_session, bare_post),
                }
                order = ["get", "bare_get", "post", "bare_post"]
                if number % 2:
                    order = ["bare_get", "get", "bare_post", "post"]
                measured = {}
                for name in order:
                    session, calls = runs[name]
                    # gunicorn closes connections idle for 2 s, as they are while the other
                    # app is measured; start each run on fresh ones (the cookie is kept).
                    session.close()
                    measured[name] = load(calls)
                rounds.append(measured)
        rss = worker_rss_mb(proc.pid)

    def median(name: str, key: str = "rps") -> float:
        return statistics.median(r[name][key] for r in rounds)

    def ratios(name: str) -> list[float]:
        return sorted(r[name]["rps"] / r[f"bare_{name}"]["rps"] for r in rounds)

    results: dict = {"rss": rss, "page_bytes": page_bytes, "gets": gets, "posts": posts}
    for name in ("get", "bare_get", "post", "bare_post"):
        results[name] = {"rps": median(name), "p95": median(name, "p95")}
    for name in ("get", "post"):
        results[f"{name}_ratios"] = ratios(name)
        results[f"{name}_ratio"] = statistics.median(results[f"{name}_ratios"])
    return results


def page_weight(tmp: Path, vitec_url: str) -> dict:
    """What a browser fetches for the form: bytes over the wire (bodies as sent, compressed
    where the app compresses) and as read, requests, third-party requests."""
    from playwright.sync_api import sync_playwright

    db_url = f"sqlite:///{tmp / 'weight.db'}"
    migrate.upgrade(make_engine(database_url(db_url, str(tmp))))
    env = base_env(db_url, vitec_url, SESSION_COOKIE_SECURE="false")
    with gunicorn(tmp, "weight", "app:create_app()", env) as (url, _), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        seen = []
        page.on("requestfinished", lambda r: seen.append(r))
        page.goto(url + "/", wait_until="networkidle")
        answered = [r for r in seen if r.response()]
        sent = sum(r.sizes()["responseBodySize"] for r in answered)
        read = sum(len(r.response().body()) for r in answered)
        third_party = [r.url for r in seen if not r.url.startswith(url)]
        browser.close()
    return {"bytes": sent, "read": read, "requests": len(seen), "third_party": len(third_party)}


STATISTICS_REGISTRATIONS = int(os.environ.get("BENCH_STATISTICS_REGISTRATIONS", "100000"))


def bench_statistics(tmp: Path, vitec_url: str) -> dict:
    """The statistics page and its CSV for 52 weeks of a year's counters and outbox rows,
    under gunicorn (bench/demand.py seeds them as the app would have counted them)."""
    from bench import demand

    db_url = f"sqlite:///{tmp / 'statistics.db'}"
    login = demand.prepare(
        make_engine(database_url(db_url, str(tmp))), STATISTICS_REGISTRATIONS, CUSTOMER
    )
    env = base_env(db_url, vitec_url, SESSION_COOKIE_SECURE="false")
    with gunicorn(tmp, "statistics", "app:create_app()", env) as (url, _):
        result = demand.time_page(url, login, requests)
    result["load"] = os.getloadavg()[0]  # the machine is shared: say how busy it was
    return result


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-") as name:
        tmp = Path(name)
        with sandbox(tmp) as vitec_url:
            drain = bench_drain(tmp, vitec_url)
            submits = bench_submit(tmp, vitec_url)
            fast, slow = submits[0.0], submits[SLOW_VITEC]
            versus = bench_versus_bare(tmp, vitec_url)
            # Each post also queues the buyer's receipt (what it says, sealed); nothing sends it.
            mailing = bench_versus_bare(
                tmp,
                vitec_url,
                "receipts",
                SMTP_URL=f"smtp://127.0.0.1:{free_port()}",
                MAIL_FROM="Mäklarbyrån <noreply@example.se>",
            )
            weight = page_weight(tmp, vitec_url)
            stats = bench_statistics(tmp, vitec_url)
    ratio = slow["p95"] / fast["p95"]
    get_ratio, post_ratio = versus["get_ratio"], versus["post_ratio"]
    mail_ratio = mailing["post_ratio"]

    def spread(name: str, figures: dict = versus) -> str:
        values = figures[f"{name}_ratios"]
        return f"(rounds {values[0]:.2f} to {values[-1]:.2f})"

    rss = max(versus["rss"])

    def met(ok: bool) -> str:
        return "yes" if ok else "**no**"

    w = weight
    lines = [
        "# Benchmark results",
        "",
        f"Command: `make bench` (`python bench/run.py`), "
        f"run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
        f"Machine: {machine()}.",
        "Everything on loopback: the built-in sandbox as its own process, SQLite outbox.",
        "",
        "| measure | result | target | met |",
        "| --- | --- | --- | --- |",
        f"| outbox drain, {drain['rows']:,} rows, limits lifted (8 at once) | "
        f"{drain['rate']:.0f} rows/s ({drain['seconds']:.1f} s; sandbox received "
        f"{drain['received']:,}) | at least 100 rows/s | {met(drain['rate'] >= 100)} |",
        f"| submit p95, sandbox answers at once | {fast['p95'] * 1000:.1f} ms "
        f"(median {fast['median'] * 1000:.1f} ms, {fast['rps']:.0f} submits/s) | | |",
        f"| submit p95, sandbox answers in 3 s | {slow['p95'] * 1000:.1f} ms "
        f"(median {slow['median'] * 1000:.1f} ms, {slow['rps']:.0f} submits/s) | | |",
        f"| ratio slow / fast submit p95 | {ratio:.3f} | at most 1.2 | {met(ratio <= 1.2)} |",
        f"| GET form | {versus['get']['rps']:.0f} req/s, p95 {versus['get']['p95'] * 1000:.1f} ms "
        f"(bare Flask, same {versus['page_bytes']:,}-byte page: "
        f"{versus['bare_get']['rps']:.0f} req/s) | | |",
        f"| GET ratio to bare Flask | {get_ratio:.3f} {spread('get')} | at least 0.5 "
        f"| {met(get_ratio >= 0.5)} |",
        f"| POST submit | {versus['post']['rps']:.0f} req/s, p95 "
        f"{versus['post']['p95'] * 1000:.1f} ms (bare Flask storing the same body: "
        f"{versus['bare_post']['rps']:.0f} req/s) | | |",
        f"| POST ratio to bare Flask | {post_ratio:.3f} {spread('post')} | at least 0.5 "
        f"| {met(post_ratio >= 0.5)} |",
        f"| POST ratio with the buyer's receipt queued on each post | {mail_ratio:.3f} "
        f"{spread('post', mailing)} | at least 0.5 | {met(mail_ratio >= 0.5)} |",
        f"| peak RSS per gunicorn worker | {rss:.0f} MB "
        f"({', '.join(f'{r:.0f}' for r in versus['rss'])}) | at most 100 MB | {met(rss <= 100)} |",
        f"| form page weight | {w['bytes']:,} bytes sent ({w['read']:,} once unpacked) in "
        f"{w['requests']} requests, {w['third_party']} third-party "
        "| at most 30 KB, 4 requests, 0 third-party | "
        f"{met(w['bytes'] <= 30 * 1024 and w['requests'] <= 4 and w['third_party'] == 0)} |",
        f"| statistics page, 52 weeks, {STATISTICS_REGISTRATIONS:,} registrations' figures | "
        f"median {stats['page']['median'] * 1000:.0f} ms, slowest "
        f"{stats['page']['max'] * 1000:.0f} ms ({stats['page']['bytes']:,} bytes); CSV median "
        f"{stats['csv']['median'] * 1000:.0f} ms; load average {stats['load']:.1f} | under 1 s | "
        f"{met(stats['page']['max'] < 1 and stats['csv']['max'] < 1)} |",
        "",
        f"Submits (each from a new client: GET the form, then the timed POST): {SUBMIT_ROUNDS} "
        "alternating rounds "
        f"of {SUBMITS} with the sandbox answering at once and {SUBMITS} with it answering in "
        f"{SLOW_VITEC:.0f} s, from {CLIENTS} concurrent clients against `gunicorn -c "
        "gunicorn.conf.py` (2 workers × 4 threads), a `python -m app outbox work` process "
        "delivering beside it; p95 over each speed's pooled submits.",
        f"GET/POST against bare Flask: {ROUNDS} alternating rounds of {versus['gets']} GETs and "
        f"{versus['posts']} POSTs to each app from {CLIENTS} client threads sharing one session "
        "(the same Python client for both, on the same 2 cores as the servers); both apps under "
        "`gunicorn -c gunicorn.conf.py` (2 workers × 4 threads), side by side. Requests/s and "
        "p95 are the rounds' medians; each ratio is the median of the rounds' ratios.",
        f"Statistics: {STATISTICS_REGISTRATIONS:,} synthetic registrations over a year added to "
        "the demand counters as the app adds them, plus as many outbox rows; "
        "`/staff/statistik?period=52` and its CSV fetched 20 times each by one logged-in "
        "client after three warm-up requests, under the same gunicorn.",
    ]
    out = ROOT / "bench" / "RESULTS.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
