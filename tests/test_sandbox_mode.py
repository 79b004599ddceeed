"""The sandbox only when asked for: never a quiet sandbox because VITEC_BASE_URL was forgotten."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from app.settings.loading import ConfigError

ROOT = Path(__file__).resolve().parent.parent
VITEC_NAMES = ("VITEC_BASE_URL", "VITEC_SANDBOX", "VITEC_USERNAME", "VITEC_PASSWORD")


def bare_environment(**extra: str) -> dict[str, str]:
    """This process's environment without any Vitec setting, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("VITEC_")}
    return {**env, "PYTHON": sys.executable, **extra}


@pytest.mark.parametrize("role", ["web", "worker", "migrate"])
def test_every_entry_refuses_to_start_without_vitec_or_the_sandbox(role, tmp_path):
    result = subprocess.run(
        [str(ROOT / "scripts" / "entrypoint.sh"), role],
        cwd=tmp_path,
        env=bare_environment(BIND="127.0.0.1:0"),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode != 0
    assert "VITEC_BASE_URL" in result.stderr and "VITEC_SANDBOX" in result.stderr
    assert "Traceback" not in result.stderr


def test_gunicorn_without_the_entry_script_refuses_too(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app:create_app()"],
        cwd=ROOT,
        env=bare_environment(BIND="127.0.0.1:0", WEB_CONCURRENCY="1"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "VITEC_BASE_URL saknas" in result.stderr


def test_the_app_factory_refuses_without_either(monkeypatch):
    for name in VITEC_NAMES:
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigError, match=r"VITEC_BASE_URL.*VITEC_SANDBOX"):
        create_app({"TESTING": True, "DATABASE_URL": "sqlite://"})
    with pytest.raises(ConfigError, match="bara den ena"):
        create_app(
            {
                "TESTING": True,
                "DATABASE_URL": "sqlite://",
                "VITEC_SANDBOX": True,
                "VITEC_BASE_URL": "http://127.0.0.1:9",
            }
        )


NOT_LOADED = """
import sys
from app import create_app
from app.core import migrate
app = create_app({
    "TESTING": True, "DATABASE_URL": "sqlite:///%s", "VITEC_BASE_URL": "http://127.0.0.1:9",
    "VITEC_USERNAME": "u", "VITEC_PASSWORD": "p", "VITEC_CUSTOMER_ID": "M1",
})
migrate.upgrade(app.extensions["delivery"].engine)
client = app.test_client()
codes = {}
for rule in app.url_map.iter_rules():
    path = rule.rule.replace("<submission_id>", "0" * 32).replace("<path:filename>", "style.css")
    codes[path] = client.get(path).status_code
codes["/sandlada/_sandbox/received"] = client.get("/sandlada/_sandbox/received").status_code
print(codes["/sandlada/_sandbox/received"], len(codes))
print(sorted(m for m in sys.modules if m == "sandbox" or m.startswith("sandbox.")))
"""


def test_outside_sandbox_mode_nothing_of_the_sandbox_is_loaded_or_mounted(tmp_path):
    script = NOT_LOADED % (tmp_path / "x.db")
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=bare_environment(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    counts, loaded = result.stdout.strip().splitlines()[-2:]
    status, routes = counts.split()
    assert status == "404" and int(routes) > 10  # every page was visited; /sandlada is not there
    assert loaded == "[]"


def test_sandbox_mode_mounts_it_and_its_controls_answer_only_loopback(tmp_path):
    app = create_app(
        {"TESTING": True, "VITEC_SANDBOX": True, "DATABASE_URL": f"sqlite:///{tmp_path / 's.db'}"}
    )
    client = app.test_client()
    assert client.get("/sandlada/_sandbox/received").status_code == 200
    outside = {"REMOTE_ADDR": "198.51.100.7"}
    assert client.get("/sandlada/_sandbox/received", environ_base=outside).status_code == 404
    assert "sandbox" in sys.modules
