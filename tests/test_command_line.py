"""The commands the README prints, as a newcomer runs them: `make run PORT=…`, and every `flask`
command naming a missing setting in one line, never a traceback, and starting no worker; the
command line's help and usage errors in Swedish, click's and Flask's words included."""

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
    env: dict[str, str | None] = {
        "VITEC_SANDBOX": "true",
        "DELIVERY_IN_PROCESS": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
        "SECRET_KEY": "s",
        "OUTBOX_ENCRYPTION_KEYS": "Zm9yLWEtdGVzdC1vbmx5LW5vdC1hLXJlYWwta2V5LSE=",
        "FLASK_SKIP_DOTENV": "1",
    }
    # The Swedish command line sets LANGUAGE for its process: here that is pytest's, so the
    # runner puts it back afterwards.
    env["LANGUAGE"] = None
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


# click's and Flask's own words, as they print them in English.
ENGLISH = (
    "Traceback",
    "Usage:",
    "Options:",
    "Commands:",
    "[OPTIONS]",
    "COMMAND [ARGS]",
    "Show this message and exit",
    "Error:",
    "Try '",
    "for help",
    "No such command",
    "Missing argument",
    "A general utility script",
    "Load environment variables",
    "The Flask application or factory",
    "Set debug mode",
    "Show the Flask version",
    "Run a development server",
    "Run a shell in the app context",
    "Show the routes for the app",
    "maintenance & utility commands",
)


def flask(*arguments: str, **settings: str) -> subprocess.CompletedProcess:
    """`flask --app app …` as a newcomer's shell runs it, with only the given settings."""
    return as_a_newcomer([FLASK, "--app", "app", *arguments], **settings)


def as_a_newcomer(argv: list[str], **settings: str) -> subprocess.CompletedProcess:
    """A command as a newcomer's shell runs it, with only the given settings."""
    return subprocess.run(
        argv,
        cwd=ROOT,
        env={**bare_environment(), **settings},
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


def english_in(done: subprocess.CompletedProcess) -> list[str]:
    return [word for word in ENGLISH if word in done.stdout + done.stderr]


def test_the_top_help_without_settings_is_the_setting_and_then_swedish_help():
    done = flask("--help")
    assert english_in(done) == []
    assert [line for line in done.stderr.splitlines() if line.strip()] == [MISSING]
    assert done.stdout.startswith("Användning: flask [FLAGGOR] KOMMANDO [ARGUMENT]...\n")
    shown = " ".join(done.stdout.split())
    for swedish in (
        "Flaggor:",
        "-A, --app IMPORT Appen att läsa in",
        "--help Visa den här hjälpen och avsluta.",
        "Kommandon:",
        "staff Personalkonton.",
        "outbox Utkorgen: leverans till Vitec.",
        "run Kör Flasks utvecklingsserver",
    ):
        assert swedish in shown
    assert done.returncode == 0


def test_a_groups_help_without_settings_is_the_setting_and_then_swedish_help():
    done = flask("staff", "--help")
    assert english_in(done) == []
    assert [line for line in done.stderr.splitlines() if line.strip()] == [MISSING]
    assert done.stdout.startswith("Användning: flask staff [FLAGGOR] KOMMANDO [ARGUMENT]...\n")
    shown = " ".join(done.stdout.split())
    assert "Flaggor: --help Visa den här hjälpen och avsluta." in shown
    assert "Kommandon: add Skapa (eller återaktivera) ett personalkonto" in shown
    assert done.returncode == 0


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (
            ["staff", "add"],
            [
                "Användning: flask staff add [FLAGGOR] E-POSTADRESS",
                "Skriv 'flask staff add --help' för att få hjälp.",
                "Fel: Saknar argumentet 'E-POSTADRESS'.",
            ],
        ),
        (
            ["outbox", "retry", "--rejectd"],
            [
                "Användning: flask outbox retry [FLAGGOR] [ID]",
                "Skriv 'flask outbox retry --help' för att få hjälp.",
                "Fel: Flaggan '--rejectd' finns inte. Menade du '--rejected'?",
            ],
        ),
        (
            ["stafff"],
            [
                "Användning: flask [FLAGGOR] KOMMANDO [ARGUMENT]...",
                "Skriv 'flask --help' för att få hjälp.",
                "Fel: Kommandot 'stafff' finns inte.",
            ],
        ),
    ],
)
def test_a_usage_error_without_settings_is_said_in_swedish(arguments, said):
    done = flask(*arguments)
    assert english_in(done) == []
    assert [line for line in done.stderr.splitlines() if line.strip()] == [MISSING, *said]
    assert done.returncode == 2


def test_with_its_settings_the_command_line_is_swedish_too(tmp_path):
    settings = {"VITEC_SANDBOX": "true", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}"}
    done = flask("--help", **settings)
    assert english_in(done) == [] and done.stderr == ""
    assert done.stdout.startswith("Användning: flask [FLAGGOR] KOMMANDO [ARGUMENT]...\n")
    assert "vitec-sandbox Kör den inbyggda Vitec-sandlådan" in " ".join(done.stdout.split())
    done = flask("vitec-sandbox", "--port", "femtio", **settings)
    assert english_in(done) == []
    assert done.stderr.splitlines()[-1] == (
        "Fel: Ogiltigt värde för '--port': 'femtio' är inte ett giltigt tal."
    )
    shown = " ".join(flask("vitec-sandbox", "--help", **settings).stdout.split())
    assert "--port PORT Porten att lyssna på. [standard: 5001]" in shown


def test_the_swedish_catalogue_is_compiled_from_its_source():
    from scripts.catalogue import SOURCE, TARGET, compile_po

    assert TARGET.read_bytes() == compile_po(SOURCE.read_text(encoding="utf-8"))


def test_every_word_the_catalogue_translates_is_one_click_says():
    """A click upgrade that rewords a message shows here, not as English on the command line."""
    from click import core, decorators, exceptions, formatting, parser, termui, types

    from scripts.catalogue import SOURCE, read_po

    said = "".join(
        Path(module.__file__).read_text(encoding="utf-8")
        for module in (core, decorators, exceptions, formatting, parser, termui, types)
    )
    words = [w for key in read_po(SOURCE.read_text(encoding="utf-8")) for w in key.split("\0")]
    assert [word for word in words if word and f'"{word}"' not in said] == []


def test_another_programs_command_line_never_gets_an_app_without_its_settings():
    # Only Flask's own `flask` is answered with help before the settings; any other program
    # that makes the app from a command line gets the error, not an app that serves nothing.
    @click.command()
    def serve_it():
        create_app()

    result = CliRunner().invoke(serve_it, [], env={"VITEC_BASE_URL": "", "VITEC_SANDBOX": ""})
    assert result.exit_code == 1
    assert result.output.strip() == MISSING
