"""`python -m app`: the service's command line, Swedish from its first word to its last.

`flask --app app` reaches the same commands, but Flask writes its own help, its `run`, `shell`
and `routes`, and some of its errors before anything of the service is read, in English. Here
click's words come from the Swedish catalogue before a word is parsed, the service's own
commands are listed without reading the app (help needs no settings), and `run` is the
service's own. The app is made only when a command is run, from the environment (and a .env
file, as `flask` reads one)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import ScriptInfo, load_dotenv, with_appcontext
from flask.helpers import get_load_dotenv

from app import create_app
from app.cli import (
    db_cli,
    listening,
    outbox_cli,
    privacy_cli,
    sandbox_command,
    serve,
    staff_cli,
)
from app.cli_swedish import Command, Group, use_catalogue

PROG = "python -m app"
HELP = (
    "Intresseanmälans kommandon: webbservern för utveckling, databasen, utkorgen, "
    "personalkonton och personuppgifter. Inställningarna läses från miljön (och en .env-fil)."
)


@click.command("run", cls=Command, help="Kör tjänsten på utvecklingsservern (make run gör det).")
@listening(port=5000)
@with_appcontext
def run_command(host: str, port: int) -> None:
    """Serve the app on Werkzeug's development server (production runs gunicorn)."""
    serve(
        current_app._get_current_object(),
        host,
        port,
        "Tjänsten körs (utvecklingsserver)",
        "Välj en annan med --port (make run PORT=5201)",
    )


commands = Group(PROG, help=HELP)
for command in (run_command, db_cli, outbox_cli, privacy_cli, staff_cli, sandbox_command):
    commands.add_command(command)


def main(args: list[str] | None = None) -> None:
    """Run the command line (`python -m app ...`)."""
    use_catalogue()
    if get_load_dotenv():  # FLASK_SKIP_DOTENV=1 skips it, as it does for `flask`
        load_dotenv()
    info = ScriptInfo(create_app=create_app, set_debug_flag=False)
    commands.main(args=args, prog_name=PROG, obj=info)
