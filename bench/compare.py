"""Two checkouts' form posts side by side: is a change to the post faster or slower?

    python bench/compare.py /path/to/before /path/to/after [--receipts] [--rounds 8]

Each checkout's app runs under `gunicorn -c gunicorn.conf.py` (from its own folder, with this
checkout's virtual environment) on its own SQLite file; rounds of 200 posts alternate between
the two (which goes first alternates too), so that a slow spell of the machine hits both. Prints
each side's median requests/s, the median of the rounds' after/before ratios, and each side's
worker CPU time per post. Everything talks to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
from contextlib import ExitStack
from pathlib import Path

import requests
import run  # bench/run.py: the same sandbox, settings, clients and form posts as make bench

POSTS = 200


def worker_cpu_seconds(master: int) -> float:
    """User and system CPU time of a gunicorn master's workers so far."""
    total = 0
    for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--receipts", action="store_true", help="queue the buyer's receipt")
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args()
    extra = {}
    if args.receipts:
        extra = {
            "SMTP_URL": f"smtp://127.0.0.1:{run.free_port()}",
            "MAIL_FROM": "Mäklarbyrån <noreply@example.se>",
        }
    sides = {"before": args.before.resolve(), "after": args.after.resolve()}
    with tempfile.TemporaryDirectory(prefix="compare-") as name, ExitStack() as stack:
        tmp = Path(name)
        vitec_url = stack.enter_context(run.sandbox(tmp))
        servers = {}
        for side, root in sides.items():
            db_url = f"sqlite:///{tmp / f'{side}.db'}"
            run.migrate.upgrade(run.make_engine(run.database_url(db_url, str(tmp))))
            env = run.base_env(db_url, vitec_url, SESSION_COOKIE_SECURE="false", **extra)
            port = run.free_port()
            log = stack.enter_context(open(tmp / f"{side}.log", "wb"))
            server = subprocess.Popen(
                [run.PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app:create_app()"],
                cwd=root,
                env={**env, "BIND": f"127.0.0.1:{port}", "PYTHONPATH": str(root)},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            stack.callback(server.wait, 20)
            stack.callback(server.terminate)
            url = f"http://127.0.0.1:{port}"
            run.wait_for(url + "/")
            servers[side] = (url, server, requests.Session())
        rates: dict[str, list[float]] = {side: [] for side in sides}
        cpu: dict[str, list[float]] = {side: [] for side in sides}
        for number in range(args.rounds):
            order = list(sides) if number % 2 == 0 else list(reversed(sides))
            for side in order:
                url, server, session = servers[side]
                posts = run.prepared_posts(url, POSTS, session)
                started = worker_cpu_seconds(server.pid)
                rates[side].append(run.load(posts)["rps"])
                cpu[side].append((worker_cpu_seconds(server.pid) - started) * 1000 / POSTS)
    ratios = sorted(a / b for a, b in zip(rates["after"], rates["before"], strict=True))
    for side in sides:
        print(
            f"{side}: {statistics.median(rates[side]):.0f} posts/s, "
            f"{statistics.median(cpu[side]):.2f} ms of worker CPU per post"
        )
    print(
        f"after/before: {statistics.median(ratios):.3f} "
        f"(rounds {ratios[0]:.2f} to {ratios[-1]:.2f})"
    )


if __name__ == "__main__":
    main()
