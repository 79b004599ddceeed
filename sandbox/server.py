"""Serves a sandbox app on a loopback port in a background thread."""

from __future__ import annotations

import threading

from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from sandbox.state import SandboxState


class SandboxServer:
    """Serves a sandbox app on a loopback port in a background thread."""

    def __init__(self, app: Flask, host: str = "127.0.0.1", port: int = 0) -> None:
        self.app = app
        self.host = host
        self.port = port
        self._server: BaseWSGIServer | None = None
        self._lock = threading.Lock()

    @property
    def state(self) -> SandboxState:
        """The state of the served sandbox app."""
        return self.app.config["SANDBOX_STATE"]

    @property
    def mailbox(self):
        """The served sandbox's mail catcher (an SMTP server of its own, started on demand)."""
        return self.app.config["SANDBOX_MAILBOX"]

    def start(self) -> str:
        """Start serving (once) and return the base URL."""
        with self._lock:
            if self._server is None:
                self._server = make_server(self.host, self.port, self.app, threaded=True)
                self.port = self._server.server_port
                thread = threading.Thread(
                    target=self._server.serve_forever,
                    kwargs={"poll_interval": 0.05},  # a quick shutdown between tests
                    name="vitec-sandbox",
                    daemon=True,
                )
                thread.start()
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        """Stop serving; a later start() binds again."""
        with self._lock:
            if self._server is not None:
                self._server.shutdown()
                self._server.server_close()
                self._server = None
