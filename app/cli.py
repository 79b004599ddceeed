"""Flask CLI commands: the sandbox, database migrations and the outbox."""

from __future__ import annotations

import errno
import signal
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from werkzeug.serving import make_server

from app import outbox
from app.cli_swedish import Command, Group
from app.core import migrate
from app.core.db import private_folder
from app.intake.search_terms import reindex
from app.outbox.retention import apply_retention
from app.outbox.states import state_name
from app.staff import accounts, audit
from app.web.settings import settings
from app.wiring.mail import mail_services
from app.wiring.services import delivery

db_cli = Group("db", help="Databasens schema.")
staff_cli = Group("staff", help="Personalkonton.")
privacy_cli = Group("privacy", help="Personuppgifter: gallring och radering.")
outbox_cli = Group("outbox", help="Utkorgen: leverans till Vitec.")
EMAIL = "E-POSTADRESS"  # the metavars: what the usage line and its errors call an argument


# Why an address cannot be listened on, in the command line's words (not the system's).
BIND_ERRORS = {
    errno.EADDRINUSE: "något annat använder redan porten",
    errno.EACCES: "porten kräver högre behörighet (välj en från 1024 och uppåt)",
    errno.EADDRNOTAVAIL: "adressen finns inte på den här datorn",
}


def serve(wsgi_app, host: str, port: int, what: str, other_port: str) -> None:
    """Serve `wsgi_app` on Werkzeug's development server until Ctrl+C, saying where
    (`other_port`: how to choose another port, when this one is taken)."""
    # make_server, not run_simple: this says where it serves in Swedish; and Werkzeug would
    # answer a taken port in English and exit, so the port is tried here first.
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as trial:
            trial.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            trial.bind((host, port))
    except socket.gaierror:
        raise click.ClickException(f"Adressen {host} går inte att slå upp.") from None
    except OSError as exc:
        why = BIND_ERRORS.get(exc.errno, f"felkod {exc.errno}")
        if exc.errno == errno.EADDRINUSE:
            why = f"{why}. {other_port}"
        raise click.ClickException(f"Kan inte lyssna på {host}:{port}: {why}.") from None
    server = make_server(host, port, wsgi_app, threaded=True)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"{what} på http://{shown}:{server.port}/ (Ctrl+C stoppar).")
    try:
        server.serve_forever()
    finally:
        server.server_close()


def listening(port: int) -> Callable[[Callable], Callable]:
    """The --host and --port options of a command that serves (`port`: the default)."""

    def add(command: Callable) -> Callable:
        command = click.option(
            "--port",
            default=port,
            type=int,
            show_default=True,
            metavar="PORT",
            help="Porten att lyssna på.",
        )(command)
        return click.option(
            "--host",
            default="127.0.0.1",
            show_default=True,
            metavar="ADRESS",
            help="Adressen att lyssna på.",
        )(command)

    return add


@click.command(
    "vitec-sandbox", cls=Command, help="Kör den inbyggda Vitec-sandlådan på en egen port."
)
@listening(port=5001)
@with_appcontext
def sandbox_command(host: str, port: int) -> None:
    """Run the built-in Vitec Connect sandbox on its own port."""
    from sandbox import SandboxState, create_sandbox_app

    offices = settings().offices.all
    state = SandboxState({o.customer_id: (o.username, o.password) for o in offices})
    names = ", ".join(o.customer_id for o in offices)
    serve(
        create_sandbox_app(state),
        host,
        port,
        f"Vitec-sandlådan (kunder {names}) körs",
        "Välj en annan med --port",
    )


@db_cli.command("upgrade", help="Uppdatera databasens schema (köade anmälningar finns kvar).")
@click.argument("revision", default="head", metavar="[REVISION]")
def db_upgrade(revision: str) -> None:
    """Apply schema migrations (queued rows are kept)."""
    migrate.upgrade(delivery().engine, revision)
    click.echo("Databasen är uppdaterad.")


@db_cli.command("downgrade", help="Stega tillbaka schemat till versionen REVISION.")
@click.argument("revision", metavar="REVISION")
def db_downgrade(revision: str) -> None:
    """Step the schema back to REVISION."""
    migrate.downgrade(delivery().engine, revision)
    click.echo(f"Databasen är nu på version {revision}.")


@outbox_cli.command(
    "work", help="Leverera köade anmälningar tills SIGTERM; leveransen som pågår görs klart först."
)
def outbox_work() -> None:
    """Deliver queued registrations until SIGTERM; the delivery under way is finished first."""
    services = delivery()
    stop = threading.Event()

    def request_stop(signum: int, _frame: object) -> None:
        stop.set()
        services.wake()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    mail = mail_services().start(stop)  # e-mail in a thread of its own, beside the deliveries
    heartbeat = heartbeat_file()
    private_folder(heartbeat.parent)
    services.worker().run(stop, heartbeat)
    if mail is not None:
        mail.join()


def heartbeat_file() -> Path:
    """The file `outbox work` touches after every round the database answered."""
    return Path(current_app.instance_path) / "worker-heartbeat"


@outbox_cli.command(
    "alive",
    help="Avsluta med 0 om leveransen i den här behållaren har rapporterat nyligen, annars 1.",
)
def outbox_alive() -> None:
    """Exit 0 when this container's delivery loop beat lately (its health check), else 1."""
    settings = delivery().settings
    # A round may take a whole lease (a batch of slow answers), then an idle wait.
    limit = settings.lease_seconds + settings.poll_seconds + 60
    try:
        age = time.time() - heartbeat_file().stat().st_mtime
    except FileNotFoundError:
        age = None
    if age is None or age > limit:
        raise click.ClickException(
            f"Leveransen har inte rapporterat på {int(limit)} s (databasen svarar inte, "
            "eller så står arbetaren still)."
        )
    click.echo(f"Leveransen rapporterade för {int(age)} s sedan.")


@outbox_cli.command("status", help="Anmälningar per läge och hur länge den äldsta har väntat.")
def outbox_status() -> None:
    """Rows per state and the age of the oldest waiting row."""
    engine = delivery().engine
    for state, count in outbox.counts(engine).items():
        click.echo(f"{state_name(state):<30} {count}")
    oldest = outbox.oldest_waiting(engine)
    if oldest is None:
        click.echo("Äldsta väntande: ingen")
    else:
        age = delivery().clock() - oldest
        click.echo(f"Äldsta väntande: {int(age.total_seconds())} s")


@outbox_cli.command("retry", help="Skicka om en anmälan, eller alla avvisade med --rejected.")
@click.argument("submission_id", required=False, metavar="[ID]")
@click.option("--rejected", is_flag=True, help="Skicka om alla avvisade.")
def outbox_retry(submission_id: str | None, rejected: bool) -> None:
    """Send one registration again, or every rejected one with --rejected."""
    if bool(submission_id) == rejected:
        raise click.UsageError("Ange antingen ett id eller --rejected.")
    services = delivery()
    count = outbox.retry(services.engine, services.clock(), submission_id)
    if submission_id and count == 0:
        raise click.ClickException(f"Hittade ingen anmälan {submission_id} att skicka om.")
    services.wake()
    click.echo(f"{count} anmälan/anmälningar köade för ny leverans.")


@outbox_cli.command(
    "reindex",
    help="Bygg om sökindexet från de krypterade svaren (efter en uppgradering eller ett "
    "nyckelbyte).",
)
def outbox_reindex() -> None:
    """Build the desk's search index from the sealed answers (after an upgrade or a key change)."""
    services = delivery()
    indexed, unreadable = reindex(services.engine, services.sealer, services.search_keys)
    click.echo(f"Sökindexet byggt för {indexed} anmälningar.")
    if unreadable:
        click.echo(f"{unreadable} anmälningar kunde inte öppnas med de inställda nycklarna.")


@staff_cli.command(
    "add",
    help="Skapa (eller återaktivera) ett personalkonto; lösenordet frågas efter, aldrig som "
    "argument.",
)
@click.argument("email", metavar=EMAIL)
def staff_add(email: str) -> None:
    """Create (or re-enable) a staff account; the password is asked for, never an argument."""
    password = click.prompt("Lösenord", hide_input=True, confirmation_prompt="Upprepa lösenordet")
    try:
        user = accounts.add(delivery().engine, email, password)
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Kontot {user.email} är aktivt.")


@staff_cli.command(
    "passwd",
    help="Byt lösenord för ett personalkonto (frågas två gånger); kontots alla sessioner avslutas.",
)
@click.argument("email", metavar=EMAIL)
def staff_passwd(email: str) -> None:
    """Change a staff account's password (asked for twice, never an argument); every session
    of the account ends."""
    password = click.prompt("Nytt lösenord", hide_input=True, confirmation_prompt="Upprepa det")
    try:
        changed = accounts.set_password(delivery().engine, email, password)
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    if not changed:
        raise click.ClickException(f"Hittade inget konto {email}.")
    click.echo(f"Lösenordet för {email} är bytt; kontots alla sessioner är avslutade.")


@staff_cli.command(
    "disable",
    help="Stäng av ett personalkonto; det kan inte längre logga in eller använda en öppen session.",
)
@click.argument("email", metavar=EMAIL)
def staff_disable(email: str) -> None:
    """Disable a staff account; it can no longer log in or use an open session."""
    if not accounts.disable(delivery().engine, email):
        raise click.ClickException(f"Hittade inget konto {email}.")
    click.echo(f"Kontot {email} är avstängt.")


@privacy_cli.command(
    "purge",
    help="Gallra personuppgifter efter lagringstiden: levererade efter "
    "DELIVERED_RETENTION_DAYS, alla efter RETENTION_DAYS.",
)
def privacy_purge() -> None:
    """Remove personal data past retention: delivered rows after DELIVERED_RETENTION_DAYS,
    every row after RETENTION_DAYS."""
    services = delivery()
    settings = services.settings
    delivered, erased = apply_retention(
        services.engine, settings.retention_days, settings.erase_after_days, services.clock()
    )
    click.echo(f"Levererade: {delivered} gallrade. Äldre än gallringstiden: {erased} raderade.")


@privacy_cli.command("erase", help="Radera en anmälans personuppgifter överallt där de finns.")
@click.argument("submission_id", metavar="ID")
def privacy_erase(submission_id: str) -> None:
    """Erase one registration's personal data everywhere we hold it."""
    services = delivery()
    if not outbox.erase(services.engine, submission_id, services.clock()):
        raise click.ClickException(f"Hittade ingen anmälan {submission_id}.")
    audit.record(services.engine, "kommandorad", "erase", submission_id)
    click.echo(f"Personuppgifterna i {submission_id} är raderade.")
