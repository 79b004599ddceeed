"""Flask CLI commands."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from app.vitec.sandbox import SandboxState, create_sandbox_app


@click.command("vitec-sandbox")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5001, show_default=True, type=int)
@with_appcontext
def sandbox_command(host: str, port: int) -> None:
    """Run the built-in Vitec Connect sandbox on its own port."""
    config = current_app.config
    state = SandboxState(
        username=config["VITEC_USERNAME"],
        password=config["VITEC_PASSWORD"],
        customer_ids=(config["VITEC_CUSTOMER_ID"],),
    )
    click.echo(f"Vitec-sandlåda på http://{host}:{port} (kund {config['VITEC_CUSTOMER_ID']})")
    create_sandbox_app(state).run(host=host, port=port, threaded=True)
