"""The composition root: builds the Vitec clients, reference data, outbox and worker once per
app from its settings, and hands each layer what it needs. Only the web layer and the CLI use
this module; nothing below them reaches for it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import click
from flask import Flask, current_app

from app.core.clock import utcnow
from app.core.db import database_url, make_engine
from app.core.sealing import PayloadSealer
from app.intake.consent import consent_texts
from app.intake.mapping import Routing
from app.intake.submit import Intake
from app.outbox.search_index import SearchKeys
from app.outbox.worker import DeliverySettings, Worker
from app.settings.loading import ConfigError
from app.settings.typed import Settings
from app.vitec.client import VitecClient
from app.vitec.estates import OfficeEstates
from app.vitec.offices import Company, Office, Offices
from app.vitec.reference import OfficeReference
from app.web.metrics import DELIVERIES, observe_vitec

SANDBOX_MOUNT = "/sandlada"

log = logging.getLogger(__name__)


class VitecServices:
    """One VitecClient (one session, its own credentials) and cached reference data per office;
    in sandbox mode the first client starts the built-in sandbox."""

    def __init__(self, settings: Settings, start_sandbox: Callable[[], str] | None = None) -> None:
        self.settings = settings
        self.offices: Offices = settings.offices
        self._start_sandbox = start_sandbox
        self._lock = threading.Lock()
        self._clients: dict[str, VitecClient] = {}
        self._references: dict[str, OfficeReference] = {}
        self._estates: dict[str, OfficeEstates] = {}
        # (office, call) -> status of the last refused call, until that call succeeds again.
        self.refusals: dict[tuple[str, str], int] = {}

    def _base_url(self) -> str:
        if self._start_sandbox is not None:
            return self._start_sandbox()
        return self.settings.vitec_base_url

    def client(self, customer_id: str | None = None) -> VitecClient:
        """The office's client (the default office's for None)."""
        office = self.offices.get(customer_id)
        with self._lock:
            client = self._clients.get(office.customer_id)
            if client is None:
                client = VitecClient(
                    self._base_url(),
                    office.username,
                    office.password,
                    connect_timeout=self.settings.vitec_connect_timeout,
                    read_timeout=self.settings.vitec_read_timeout,
                    observer=self._observer(office.customer_id),
                    office=office.customer_id,
                )
                self._clients[office.customer_id] = client
            return client

    def _observer(self, customer_id: str) -> Callable[[str, str, float], None]:
        def observe(call: str, status: str, seconds: float) -> None:
            observe_vitec(call, status, seconds)
            if status in ("401", "403"):
                self.refusals[(customer_id, call)] = int(status)
            elif status.isdigit() and int(status) < 300:
                self.refusals.pop((customer_id, call), None)

        return observe

    def reference(self, office: Office) -> OfficeReference:
        """The office's cached reference data."""
        with self._lock:
            reference = self._references.get(office.customer_id)
        if reference is None:
            client = self.client(office.customer_id)
            with self._lock:
                reference = self._references.setdefault(
                    office.customer_id,
                    OfficeReference(
                        client,
                        office.customer_id,
                        self.settings.areas_cache_seconds,
                        self.settings.areas_file,
                    ),
                )
        return reference

    def estates(self, office: Office) -> OfficeEstates:
        """The office's homes for sale and their viewings, cached."""
        client = self.client(office.customer_id)
        with self._lock:
            estates = self._estates.get(office.customer_id)
            if estates is None:
                ttl = self.settings.areas_cache_seconds
                estates = OfficeEstates(client, office.customer_id, ttl)
                self._estates[office.customer_id] = estates
            return estates

    def routing(self, office: Office) -> Routing:
        """Where a public registration for this office goes in Vitec."""
        settings = self.settings
        return Routing(
            customer_id=office.customer_id,
            user_id=office.user_id,
            category_ids=tuple(settings.vitec_category_ids),
            notify_user=settings.vitec_notify_user,
            watched=settings.vitec_watched,
            valuation_task_id=settings.valuation_task_id or None,
        )


def init_vitec(app: Flask) -> None:
    """Attach VitecServices; in sandbox mode (and only then) also mount the sandbox."""
    start_sandbox = None
    if app.extensions["settings"].vitec_sandbox:
        # Imported only here: outside sandbox mode nothing of the sandbox is loaded.
        from werkzeug.middleware.dispatcher import DispatcherMiddleware

        try:
            from sandbox import SandboxServer, SandboxState, create_sandbox_app
        except ImportError as exc:
            raise ConfigError(
                "VITEC_SANDBOX=true, men sandlådan finns inte här (den ingår inte i "
                "produktionsavbilden). Sätt VITEC_BASE_URL i stället."
            ) from exc

        offices = app.extensions["settings"].offices.all
        state = SandboxState({o.customer_id: (o.username, o.password) for o in offices})
        sandbox_app = create_sandbox_app(state)
        # The clients reach the sandbox over loopback HTTP, as they would reach Vitec; the
        # same sandbox is mounted here so a person can see what arrived.
        server = SandboxServer(sandbox_app, port=0)
        app.extensions["sandbox"] = server
        start_sandbox = server.start
        app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {SANDBOX_MOUNT: sandbox_app})
    app.extensions["vitec"] = VitecServices(app.extensions["settings"], start_sandbox)


def vitec() -> VitecServices:
    """The current app's VitecServices."""
    return current_app.extensions["vitec"]


@dataclass
class DeliveryServices:
    """The outbox database, the sealer, and this process's delivery worker."""

    app: Flask
    stop: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        settings = self.app.extensions["settings"]
        self.engine = make_engine(database_url(settings.database_url, self.app.instance_path))
        self.sealer = PayloadSealer(settings.outbox_encryption_keys)
        self.search_keys = SearchKeys(settings.outbox_encryption_keys)
        self.settings = delivery_settings(settings)
        self.clock: Callable[[], datetime] = settings.clock or utcnow
        self._worker: Worker | None = None
        self._lock = threading.Lock()
        self._intakes: dict[tuple[Company, bool], Intake] = {}

    def worker(self) -> Worker:
        """This process's worker (one VitecClient per office, shared by its threads)."""
        with self._lock:
            if self._worker is None:
                vitec_services: VitecServices = self.app.extensions["vitec"]
                self._worker = Worker(
                    self.engine,
                    vitec_services.client,
                    self.sealer,
                    self.settings,
                    clock=self.clock,
                    on_result=lambda result: DELIVERIES.labels(result).inc(),
                    on_outcome=self._hear,
                )
            return self._worker

    def _hear(self, outcome) -> None:
        # Looked up when heard: the mail services are attached after this.
        self.app.extensions["mail"].hear(outcome)

    def wake(self) -> None:
        """Tell a running in-process worker that a row is waiting."""
        if self._worker is not None:
            self._worker.wake.set()
        self.app.extensions["mail"].wake()  # a receipt may be waiting too

    def start_in_process(self) -> threading.Thread:
        """Run a worker in a daemon thread (local runs: one command serves and delivers)."""
        thread = threading.Thread(
            target=self.worker().run, args=(self.stop,), name="delivery", daemon=True
        )
        thread.start()
        return thread

    def intake(self, staff: bool = False, office: Office | None = None) -> Intake:
        """What accepting a registration for `office` (the default one for None) needs, for the
        public forms or the staff form: the office's company's consent texts and receipt. It
        holds settings only, so it is made once per company and form, not on every post."""
        company = (office or self.app.extensions["settings"].offices.default).company
        made = self._intakes.get((company, staff))
        if made is None:
            made = self._intakes[(company, staff)] = Intake(
                engine=self.engine,
                sealer=self.sealer,
                texts=consent_texts(company, staff=staff),
                privacy_url=company.privacy_url,
                wake=self.wake,
                clock=self.clock,
                search_keys=self.search_keys,
                receipts=self.app.extensions["mail"].receipts(company),
            )
        return made


def delivery_settings(settings: Settings) -> DeliverySettings:
    """What a delivery loop (the worker, the e-mail sender) needs of the settings."""
    return DeliverySettings(
        batch_size=settings.delivery_batch_size,
        concurrency=settings.delivery_concurrency,
        rate_per_second=settings.delivery_rate,
        lease_seconds=settings.delivery_lease_seconds,
        backoff_base=settings.delivery_backoff_base,
        backoff_cap=settings.delivery_backoff_cap,
        auth_retry_seconds=settings.delivery_auth_retry,
        max_age_seconds=settings.delivery_max_age,
        poll_seconds=settings.delivery_poll_seconds,
        retention_days=settings.delivered_retention_days,
        erase_after_days=settings.retention_days,
    )


def serves_requests() -> bool:
    """Whether this process will serve the web: yes under a WSGI server or the `run` command,
    no when another command (`staff add`, `db upgrade`) loads the app."""
    command = click.get_current_context(silent=True)
    return command is None or command.info_name == "run"


def init_delivery(app: Flask) -> None:
    """Attach DeliveryServices; start an in-process worker when DELIVERY_IN_PROCESS is set."""
    services = DeliveryServices(app)
    app.extensions["delivery"] = services
    if app.extensions["settings"].delivery_in_process and serves_requests():
        services.start_in_process()


def delivery() -> DeliveryServices:
    """The current app's DeliveryServices."""
    return current_app.extensions["delivery"]
