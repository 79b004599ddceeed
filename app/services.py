"""The app's Vitec client, area catalog and routing, built once per app from its settings."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from flask import Flask, current_app
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from app.delivery.db import database_url, make_engine
from app.delivery.sealing import PayloadSealer
from app.delivery.worker import DeliverySettings, Worker
from app.intake.mapping import Routing
from app.metrics import observe_vitec
from app.vitec.client import VitecClient
from app.vitec.reference import AreaCatalog, StaffReference

if TYPE_CHECKING:  # the sandbox is a dev/test package, not in the production image
    from sandbox import SandboxServer

SANDBOX_MOUNT = "/sandlada"

log = logging.getLogger(__name__)


@dataclass
class VitecServices:
    """Lazily built Vitec client (one session per app) plus the cached area catalog."""

    app: Flask
    sandbox: SandboxServer | None = None

    def __post_init__(self) -> None:
        self._client: VitecClient | None = None
        self._lock = threading.Lock()
        config = self.app.config
        self.catalog = AreaCatalog(
            self.client,
            customer_id=config["VITEC_CUSTOMER_ID"],
            ttl_seconds=config["AREAS_CACHE_SECONDS"],
            areas_file=config["AREAS_FILE"],
        )
        self.staff_reference = StaffReference(
            self.client, config["VITEC_CUSTOMER_ID"], config["AREAS_CACHE_SECONDS"]
        )
        self.routing = Routing(
            customer_id=config["VITEC_CUSTOMER_ID"],
            user_id=config["VITEC_USER_ID"],
            category_ids=tuple(config["VITEC_CATEGORY_IDS"]),
            notify_user=config["VITEC_NOTIFY_USER"],
            watched=config["VITEC_WATCHED"],
        )

    def client(self) -> VitecClient:
        """The one VitecClient; in sandbox mode its first use starts the sandbox server."""
        with self._lock:
            if self._client is None:
                config = self.app.config
                base_url = self.sandbox.start() if self.sandbox else config["VITEC_BASE_URL"]
                self._client = VitecClient(
                    base_url,
                    config["VITEC_USERNAME"],
                    config["VITEC_PASSWORD"],
                    connect_timeout=config["VITEC_CONNECT_TIMEOUT"],
                    read_timeout=config["VITEC_READ_TIMEOUT"],
                    observer=observe_vitec,
                )
            return self._client


def init_vitec(app: Flask) -> None:
    """Attach VitecServices; in sandbox mode also mount the sandbox for viewing."""
    sandbox = None
    if app.config["VITEC_SANDBOX"]:
        # Imported here: the sandbox is a dev/test package, not in the production image.
        from sandbox import SandboxServer, SandboxState, create_sandbox_app

        credentials = (app.config["VITEC_USERNAME"], app.config["VITEC_PASSWORD"])
        state = SandboxState(
            accounts={office: credentials for office, _ in app.config["VITEC_OFFICES"]}
        )
        sandbox_app = create_sandbox_app(state)
        # The client reaches the sandbox over loopback HTTP, as it would reach Vitec;
        # the same sandbox is mounted here so a person can see what arrived.
        sandbox = SandboxServer(sandbox_app, port=app.config.get("SANDBOX_PORT", 0))
        app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {SANDBOX_MOUNT: sandbox_app})
    app.extensions["vitec"] = VitecServices(app, sandbox)


def vitec() -> VitecServices:
    """The current app's VitecServices."""
    return current_app.extensions["vitec"]


@dataclass
class DeliveryServices:
    """The outbox database, the payload sealer and this process's delivery worker."""

    app: Flask
    stop: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        config = self.app.config
        config["SQLALCHEMY_URL"] = database_url(config["DATABASE_URL"], self.app.instance_path)
        self.engine = make_engine(config["SQLALCHEMY_URL"])
        self.sealer = PayloadSealer(config["OUTBOX_ENCRYPTION_KEYS"])
        self.settings = DeliverySettings.from_config(config)
        self._worker: Worker | None = None
        self._lock = threading.Lock()

    def worker(self) -> Worker:
        """This process's worker (one VitecClient session shared by its threads)."""
        with self._lock:
            if self._worker is None:
                vitec_services: VitecServices = self.app.extensions["vitec"]
                self._worker = Worker(
                    self.engine, vitec_services.client, self.sealer, self.settings
                )
            return self._worker

    def wake(self) -> None:
        """Tell a running in-process worker that a row is waiting."""
        if self._worker is not None:
            self._worker.wake.set()

    def start_in_process(self) -> threading.Thread:
        """Run a worker in a daemon thread (local runs: one command serves and delivers)."""
        thread = threading.Thread(
            target=self.worker().run, args=(self.stop,), name="delivery", daemon=True
        )
        thread.start()
        return thread


def init_delivery(app: Flask) -> None:
    """Attach DeliveryServices; start an in-process worker when DELIVERY_IN_PROCESS is set."""
    services = DeliveryServices(app)
    app.extensions["delivery"] = services
    if app.config["DELIVERY_IN_PROCESS"]:
        services.start_in_process()


def delivery() -> DeliveryServices:
    """The current app's DeliveryServices."""
    return current_app.extensions["delivery"]
