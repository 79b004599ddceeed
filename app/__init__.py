"""Intresseanmälan: a Flask app that relays home buyers' interest to Vitec Connect."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import click
from flask import Flask
from flask.cli import FlaskGroup
from werkzeug.middleware.proxy_fix import ProxyFix

from app.cli_swedish import MISSING_SETTING, answer_top_help, speak_swedish
from app.core.clock import local_minute
from app.core.logs import configure_logging
from app.core.swedish import format_days
from app.settings.loading import ConfigError, finalize, load_settings
from app.settings.typed import Settings
from app.web.company import requested_company
from app.web.extensions import compress, csrf, limiter, login_manager
from app.web.metrics import init_metrics
from app.web.security import init_security
from app.wiring.mail import init_mail
from app.wiring.services import init_delivery, init_vitec

ROOT = Path(__file__).resolve().parent.parent


class SettingError(click.ClickException):
    """A missing or malformed setting, said on the command line in one Swedish line."""

    def show(self, file: Any = None) -> None:
        """Print the line (click's own would begin in English)."""
        click.echo(f"Fel: {self.format_message()}", err=True, file=file)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: settings from the environment, overridden by `config` (tests)."""
    command_line = click.get_current_context(silent=True)
    # Only Flask's own `flask` command line is answered here; any other (python -m app, or a
    # program of someone else's) gets the error as it is.
    by_flask = command_line is not None and isinstance(command_line.find_root().command, FlaskGroup)
    if by_flask:
        speak_swedish(command_line)
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.update(
        MAX_CONTENT_LENGTH=64 * 1024,
        WTF_CSRF_TIME_LIMIT=None,  # a person may take their time; the token lives with the session
        # An unreachable limits store (Redis) must not turn a staff login into a 500.
        RATELIMIT_SWALLOW_ERRORS=True,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        TEMPLATES_AUTO_RELOAD=False,
        # Only the style sheets and scripts: a page that holds a token beside text someone
        # else can choose would give the token away through its compressed size (BREACH).
        COMPRESS_MIMETYPES=["text/css", "text/javascript", "application/javascript"],
    )
    try:
        app.config.update(load_settings())
        if config:
            app.config.update(config)
        finalize(app.config, app.instance_path)
    except ConfigError as exc:
        if command_line is None:
            raise
        # A command line gets the one line that names the setting, not a traceback.
        problem = SettingError(str(exc))
        if not by_flask or command_line.parent is not None:  # loaded to be used: `flask run`
            raise problem from None
        # `flask` is looking up a command: the project's commands answer help and usage errors
        # without their settings, and refuse to run (app/cli_swedish.py).
        if not command_line.resilient_parsing:  # not while the shell completes a word
            problem.show()
        app.extensions[MISSING_SETTING] = problem
        register_commands(app)
        answer_top_help(command_line, list(app.cli.commands.values()))
        return app
    app.extensions["settings"] = Settings.from_config(app.config)
    configure_logging(app.extensions["settings"].log_format)

    if app.extensions["settings"].proxy_fix_hops:
        # Trust exactly this many proxies for the client address, scheme and host.
        hops = app.extensions["settings"].proxy_fix_hops
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    if by_flask:
        answer_top_help(command_line, list(app.cli.commands.values()))
    init_metrics(app)
    return app


def register_extensions(app: Flask) -> None:
    from app.web.staff.auth import require_login

    app.before_request(require_login)  # before CSRF: anonymous staff requests go to login
    compress.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "staff.login"
    login_manager.login_message = "Logga in för att se den här sidan."
    login_manager.session_protection = "strong"
    init_security(app)
    init_vitec(app)
    init_delivery(app)
    init_mail(app)

    app.add_template_filter(format_days, "dagar")

    @app.template_filter("stockholm")
    def stockholm_time(moment: datetime | None) -> str:
        """A stored UTC time as Swedish local time."""
        if moment is None:
            return ""
        return local_minute(moment)

    @app.context_processor
    def site_context() -> dict[str, Any]:
        return {
            "broker_name": requested_company().name,
            "sandbox_mode": app.extensions["settings"].vitec_sandbox,
        }


def register_blueprints(app: Flask) -> None:
    from app.web import errors, hosts, ops
    from app.web.buyer import embed, public
    from app.web.staff import pages as staff
    from app.web.staff import statistics as insight

    app.register_blueprint(public.bp)
    app.register_blueprint(embed.bp)
    app.register_blueprint(staff.bp)
    app.register_blueprint(insight.bp)
    app.register_blueprint(ops.bp)
    errors.register_error_handlers(app)
    hosts.register(app)


def register_commands(app: Flask) -> None:
    from app.cli import db_cli, outbox_cli, privacy_cli, sandbox_command, staff_cli

    app.cli.add_command(sandbox_command)
    app.cli.add_command(staff_cli)
    app.cli.add_command(privacy_cli)
    app.cli.add_command(db_cli)
    app.cli.add_command(outbox_cli)
