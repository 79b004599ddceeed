"""The app's Vitec client, area catalog and routing, built once per app from its settings."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from flask import Flask, current_app
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from app.intake.mapping import Routing
from app.vitec.client import VitecClient
from app.vitec.reference import AreaCatalog
from app.vitec.sandbox import SandboxServer, SandboxState, create_sandbox_app

SANDBOX_MOUNT = "/sandlada"


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
                )
            return self._client


def init_vitec(app: Flask) -> None:
    """Attach VitecServices; in sandbox mode also mount the sandbox for viewing."""
    sandbox = None
    if app.config["VITEC_SANDBOX"]:
        state = SandboxState(
            username=app.config["VITEC_USERNAME"],
            password=app.config["VITEC_PASSWORD"],
            customer_ids=(app.config["VITEC_CUSTOMER_ID"],),
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
