"""The command line in Swedish: click's words from a gettext catalogue, Flask's own from here,
and the project's commands without their settings (help and usage errors need none)."""

from __future__ import annotations

import gettext
import os
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource
from flask import current_app
from flask.cli import AppGroup

LOCALES = Path(__file__).resolve().parent / "locale"
DOMAIN = "intresseanmalan"  # locale/sv/LC_MESSAGES/intresseanmalan.po, compiled by make catalogue
OPTIONS_METAVAR = "[FLAGGOR]"
COMMANDS_METAVAR = "KOMMANDO [ARGUMENT]..."
MISSING_SETTING = "missing_setting"  # app.extensions key: the app was loaded without its settings

TOP_HELP = (
    "Intresseanmälans kommandon: databasen, utkorgen, personalkonton och personuppgifter. "
    "Tjänsten anges med --app app."
)
# Flask's options on the `flask` command, as its help shows them.
TOP_OPTIONS = [
    click.Option(
        ["-e", "--env-file"],
        metavar="FIL",
        help="Läs miljövariabler från filen. Den går före .env och .flaskenv; det som redan "
        "står i miljön går före alla.",
    ),
    click.Option(["-A", "--app"], metavar="IMPORT", help="Appen att läsa in: app."),
    click.Option(["--debug/--no-debug"], default=None, help="Felsökningsläget på eller av."),
    click.Option(["--version"], is_flag=True, help="Visa versionerna av Python och Flask."),
]
# Flask's and Flask-Limiter's commands, listed in the top help; their own --help stays
# English: `flask` answers it before it reads the app, so nothing of ours has run yet.
BUILT_IN = {
    "run": "Kör Flasks utvecklingsserver (make run kör python -m app run).",
    "shell": "Ett Python-skal med appen inläst.",
    "routes": "Appens adresser.",
    "limiter": "Flask-Limiters kommandon för anropsgränserna.",
}
BUILT_IN_NOTE = (
    "run, shell, routes och limiter kommer från Flask och Flask-Limiter; deras egen hjälp "
    "(KOMMANDO --help) är på engelska."
)


def use_catalogue() -> None:
    """Let click's own words (Usage, Options, Error, ...) come from the Swedish catalogue.

    click wraps them in gettext, which reads its catalogue and language from the process, so
    the catalogue is bound process-wide and LANGUAGE set to Swedish whatever the shell's locale
    (the service speaks nothing else)."""
    os.environ["LANGUAGE"] = "sv"
    gettext.bindtextdomain(DOMAIN, str(LOCALES))
    gettext.textdomain(DOMAIN)


def speak_swedish(context: click.Context) -> None:
    """Switch this command line to Swedish; called when `flask` loads the app.

    click's words come from the catalogue (use_catalogue); Flask's own are plain attributes of
    its `flask` command: its usage line gets ours here, its help below."""
    use_catalogue()
    top = context.find_root().command
    top.options_metavar = OPTIONS_METAVAR
    if isinstance(top, click.Group):
        top.subcommand_metavar = COMMANDS_METAVAR


def answer_top_help(context: click.Context, commands: list[click.Command]) -> None:
    """Print `flask --help` in Swedish and stop, when that is what loads the app.

    Flask writes its help's first lines (usage, options) before it imports the app to list its
    commands, and in English; so the whole help is written again, here, with click's
    formatter. Flask catches every Exception while it lists commands (click's Exit too), so
    only SystemExit ends the command here."""
    help_option = context.command.get_help_option(context)
    if (
        context.parent is not None
        or context.resilient_parsing
        or help_option is None
        or context.get_parameter_source(help_option.name) is not ParameterSource.COMMANDLINE
    ):
        return
    shown: dict[str, click.Command] = {command.name: command for command in commands}
    for name, command in context.command.commands.items():
        summary = BUILT_IN.get(name)
        shown.setdefault(name, click.Command(name, short_help=summary) if summary else command)
    top = click.Group(
        context.info_name,
        commands=shown,
        params=TOP_OPTIONS,
        help=TOP_HELP,
        epilog=BUILT_IN_NOTE,
        options_metavar=OPTIONS_METAVAR,
        subcommand_metavar=COMMANDS_METAVAR,
    )
    click.echo(top.get_help(context))
    raise SystemExit(0)


class Command(click.Command):
    """A project command: Swedish usage words, and no run without the settings."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, unless the app was loaded without its settings (already said)."""
        # `flask` pushes the loaded app's context before it runs a command (a test's runner
        # need not, its app has its settings).
        if current_app and MISSING_SETTING in current_app.extensions:
            ctx.exit(1)
        return super().invoke(ctx)


class Group(AppGroup):
    """A group of project commands, in Swedish like them."""

    command_class = Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", COMMANDS_METAVAR)
        super().__init__(*args, **kwargs)
