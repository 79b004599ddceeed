"""The commands the README prints, as a newcomer runs them: `make run PORT=…`, and every `flask`
command naming a missing setting in one line, never a traceback, and starting no worker."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from flask.cli import cli

from app import create_app
from app.wiring.services import serves_requests

ROOT = Path(__file__).resolve().parent.parent
FLASK = str(Path(sys.executable).with_name("flask"))
MISSING = (
    "Fel: VITEC_BASE_URL saknas. Sätt VITEC_BASE_URL till Vitec Connects adress "
    "(https://connect.maklare.vitec.net), eller VITEC_SANDBOX=true för att köra mot den "
    "inbyggda sandlådan (bara lokalt och för demo)."
)


def test_make_run_serves_on_the_port_it_is_given():
    printed = subprocess.run(
        ["make", "-n", "run", "PORT=5201"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    serve = next(line for line in printed.splitlines() if " run --host" in line)
    assert "PORT=5201 " in serve and serve.endswith("--port 5201")


def test_in_sandbox_mode_the_public_url_follows_the_port(tmp_path):
    app = create_app(
        {
            "VITEC_SANDBOX": True,
            "PORT": 5201,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
            "SECRET_KEY": "s",
            "OUTBOX_ENCRYPTION_KEYS": ["Zm9yLWEtdGVzdC1vbmx5LW5vdC1hLXJlYWwta2V5LSE="],
            "DELIVERY_IN_PROCESS": False,
        }
    )
    assert app.config["PUBLIC_URL"] == "http://127.0.0.1:5201"
    page = app.test_client().get("/inbaddning").get_data(as_text=True)
    assert 'src="http://127.0.0.1:5201/embed' in page or "http://127.0.0.1:5201/" in page
    assert "127.0.0.1:5000" not in page


def bare_environment() -> dict[str, str]:
    """What a newcomer's shell has: no Vitec settings, and no .env read behind their back."""
    keep = {"PATH", "HOME", "LANG", "SYSTEMROOT"}
    env = {name: value for name, value in os.environ.items() if name in keep}
    env["FLASK_SKIP_DOTENV"] = "1"
    return env


@pytest.mark.parametrize(
    "command",
    [
        ["staff", "add", "anna@maklarbyran.se"],
        ["staff", "--help"],
        ["db", "upgrade"],
        ["outbox", "status"],
        ["privacy", "purge"],
    ],
)
def test_a_missing_setting_is_one_line_for_every_command(command):
    done = subprocess.run(
        [FLASK, "--app", "app", *command],
        cwd=ROOT,
        env=bare_environment(),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert [line for line in done.stderr.splitlines() if line.strip()] == [MISSING]


def worker_threads() -> set[str]:
    return {
        t.name for t in threading.enumerate() if t.name in {"delivery", "mail"} and t.is_alive()
    }


def test_a_command_other_than_run_starts_no_worker(tmp_path, monkeypatch):
    before = worker_threads()
    env = {
        "VITEC_SANDBOX": "true",
        "DELIVERY_IN_PROCESS": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
        "SECRET_KEY": "s",
        "OUTBOX_ENCRYPTION_KEYS": "Zm9yLWEtdGVzdC1vbmx5LW5vdC1hLXJlYWwta2V5LSE=",
        "FLASK_SKIP_DOTENV": "1",
    }
    result = CliRunner().invoke(cli, ["--app", "app", "staff", "--help"], env=env)
    assert result.exit_code == 0, result.output
    assert "add" in result.output
    assert worker_threads() == before


@pytest.mark.parametrize(
    ("command", "serves"), [("run", True), ("staff", False), ("flask", False), ("db", False)]
)
def test_only_the_web_server_counts_as_serving(command, serves):
    assert serves_requests() is True  # under gunicorn no command line is running
    with click.Context(click.Command(command), info_name=command):
        assert serves_requests() is serves


@pytest.mark.parametrize(
    ("group", "swedish", "english"),
    [
        ("staff", "Skapa (eller återaktivera) ett personalkonto", "Create (or re-enable)"),
        ("outbox", "Anmälningar per läge och hur länge den äldsta", "Rows per state"),
        ("privacy", "Radera en anmälans personuppgifter", "Erase one registration"),
        ("db", "Uppdatera databasens schema", "Apply schema migrations"),
    ],
)
def test_the_command_line_speaks_one_language(runner, group, swedish, english):
    shown = runner.invoke(args=[group, "--help"]).output
    assert swedish in " ".join(shown.split())
    assert english not in shown
