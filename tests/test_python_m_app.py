"""`python -m app`, the command line the manual prints: Swedish from the first word to the last
(click's words, the help, usage errors, the development server's own lines), a missing setting
in one line, and `run` serving the form where `make run` says."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
import requests

from tests.polling import wait_for_http
from tests.services import free_port
from tests.test_command_line import ENGLISH, MISSING, ROOT, as_a_newcomer, bare_environment

# What Werkzeug's and Flask's own servers print when they start or cannot, in English.
SERVER_ENGLISH = (
    "Serving Flask app",
    "Debug mode",
    "Running on",
    "Press CTRL+C",
    "development server. Do not use it",
    "Address already in use",
    "is in use by another program",
)


def python_m_app(*arguments: str, **settings: str) -> subprocess.CompletedProcess:
    """`python -m app …` as a newcomer's shell runs it, with only the given settings."""
    return as_a_newcomer([sys.executable, "-m", "app", *arguments], **settings)


def english_in(text: str) -> list[str]:
    return [word for word in (*ENGLISH, *SERVER_ENGLISH) if word in text]


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize(("arguments", "exit_code"), [(["--help"], 0), ([], 2)])
def test_the_help_needs_no_settings_and_is_swedish_throughout(arguments, exit_code):
    done = python_m_app(*arguments)
    assert done.returncode == exit_code
    said = done.stdout + done.stderr  # without a command the help is a usage error
    assert english_in(said) == []
    assert said.startswith("Användning: python -m app [FLAGGOR] KOMMANDO [ARGUMENT]...\n")
    shown = " ".join(said.split())
    for swedish in (
        "Flaggor: --help Visa den här hjälpen och avsluta.",
        "db Databasens schema.",
        "run Kör tjänsten på utvecklingsservern (make run gör det).",
        "staff Personalkonton.",
    ):
        assert swedish in shown


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (
            ["--bogus"],
            [
                "Användning: python -m app [FLAGGOR] KOMMANDO [ARGUMENT]...",
                "Skriv 'python -m app --help' för att få hjälp.",
                "Fel: Flaggan '--bogus' finns inte.",
            ],
        ),
        (
            ["run", "--port", "femtusen"],
            [
                "Användning: python -m app run [FLAGGOR]",
                "Skriv 'python -m app run --help' för att få hjälp.",
                "Fel: Ogiltigt värde för '--port': 'femtusen' är inte ett giltigt tal.",
            ],
        ),
    ],
)
def test_what_flask_would_answer_in_english_is_swedish_here(arguments, said):
    done = python_m_app(*arguments)
    assert english_in(done.stdout + done.stderr) == []
    assert lines(done.stderr) == said
    assert done.returncode == 2


def test_the_servers_help_is_swedish():
    done = python_m_app("run", "--help")
    assert done.returncode == 0
    assert english_in(done.stdout) == []
    shown = " ".join(done.stdout.split())
    assert "--host ADRESS Adressen att lyssna på. [standard: 127.0.0.1]" in shown
    assert "--port PORT Porten att lyssna på. [standard: 5000]" in shown


@pytest.mark.parametrize(
    "command", [["staff", "add", "anna@maklarbyran.se"], ["run"], ["outbox", "status"]]
)
def test_a_missing_setting_is_one_line(command):
    done = python_m_app(*command)
    assert lines(done.stderr) == [MISSING]
    assert done.stdout == ""
    assert done.returncode == 1


def sandbox_settings(tmp_path) -> dict[str, str]:
    return {
        "VITEC_SANDBOX": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
        "LOG_FORMAT": "text",
    }


def test_a_taken_port_is_one_swedish_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = python_m_app("run", "--port", str(port), **sandbox_settings(tmp_path))
    assert english_in(done.stdout + done.stderr) == []
    assert lines(done.stderr)[-1] == (
        f"Fel: Kan inte lyssna på 127.0.0.1:{port}: något annat använder redan porten. "
        "Välj en annan med --port (make run PORT=5201)."
    )
    assert done.returncode == 1


def test_run_serves_the_form_and_says_where_in_swedish(tmp_path):
    port = free_port()
    settings = {**sandbox_settings(tmp_path), "PORT": str(port)}
    assert python_m_app("db", "upgrade", **settings).returncode == 0
    server = subprocess.Popen(
        [sys.executable, "-m", "app", "run", "--port", str(port)],
        cwd=ROOT,
        env={**bare_environment(), **settings},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/")
        # Said before it serves, so the line is there by now.
        said = server.stdout.readline()
        assert said == (
            f"Tjänsten körs (utvecklingsserver) på http://127.0.0.1:{port}/ (Ctrl+C stoppar).\n"
        )
        page = requests.get(f"http://127.0.0.1:{port}/", timeout=5).text
        assert "Intresseanmälan" in page
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    assert english_in(errors) == []


def test_a_env_file_is_read_unless_flask_skip_dotenv_says_not(tmp_path):
    (tmp_path / ".env").write_text("VITEC_SANDBOX=true\n")
    run = [sys.executable, "-m", "app", "db", "upgrade"]
    env = {**bare_environment(), "PYTHONPATH": str(ROOT)}
    skipped = subprocess.run(run, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert lines(skipped.stderr) == [MISSING]
    del env["FLASK_SKIP_DOTENV"]
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite'}"
    read = subprocess.run(run, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert MISSING not in read.stderr
    assert read.stdout.endswith("Databasen är uppdaterad.\n")
    assert read.returncode == 0
