"""A real SMTP server on a loopback port that keeps what it receives (aiosmtpd): the sandbox's
mail catcher, and the tests' mail server."""

from __future__ import annotations

import logging
import socket
import ssl
import threading
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any


@dataclass(frozen=True)
class Received:
    """One message as the server received it."""

    mail_from: str
    recipients: tuple[str, ...]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.raw, policy=policy.default)  # type: ignore[return-value]

    def part(self, subtype: str) -> str:
        """The text/plain or text/html part, decoded."""
        body = self.message.get_body(preferencelist=(subtype,))
        return body.get_content() if body is not None else ""


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class Mailbox:
    """Start, stop and start again on the same port; what arrived is kept across restarts."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        login: tuple[str, str] | None = None,
        tls: ssl.SSLContext | None = None,
        implicit_tls: bool = False,
        smtputf8: bool = False,
    ) -> None:
        self.host = host
        self.port = port
        self.login = login  # require AUTH with this user and password (tests)
        self.tls = tls  # require STARTTLS with this context, or TLS from the start (smtps)
        self.implicit_tls = implicit_tls
        # Offer SMTPUTF8 (addresses such as köpare@example.se); many servers do not.
        self.smtputf8 = smtputf8
        self.logins: list[str] = []  # the users that logged in
        self.messages: list[Received] = []
        self.refused: set[str] = set()  # addresses answered with a permanent 550 (tests)
        self.lock = threading.Lock()
        self._controller: Any = None

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list
    ) -> str:
        if address.lower() in self.refused:
            return "550 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        received = Received(envelope.mail_from, tuple(envelope.rcpt_tos), envelope.original_content)
        with self.lock:
            self.messages.append(received)
        return "250 Message accepted for delivery"

    def start(self) -> str:
        """Listen (once) and return the smtp:// URL."""
        from aiosmtpd.controller import Controller

        # aiosmtpd logs every recipient at INFO; the service's logs name no person.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        with self.lock:
            if self._controller is None:
                self.port = self.port or free_port(self.host)
                auth: dict[str, Any] = {}
                if self.login is not None:
                    # Plain-text AUTH on loopback only: the tests check the login is sent.
                    auth = {
                        "auth_required": True,
                        "auth_require_tls": False,
                        "authenticator": self._authenticate,
                    }
                if self.tls is not None and self.implicit_tls:
                    auth["ssl_context"] = self.tls
                elif self.tls is not None:
                    auth.update(tls_context=self.tls, require_starttls=True)
                controller = Controller(
                    self,
                    hostname=self.host,
                    port=self.port,
                    enable_SMTPUTF8=self.smtputf8,
                    **auth,
                )
                controller.start()
                self._controller = controller
        return self.url

    def _authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any):
        from aiosmtpd.smtp import AuthResult, LoginPassword

        ok = (
            isinstance(data, LoginPassword)
            and (
                data.login.decode(),
                data.password.decode(),
            )
            == self.login
        )
        if ok:
            self.logins.append(data.login.decode())
        return AuthResult(success=ok, handled=False)  # aiosmtpd answers 235 or 535

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def stop(self) -> None:
        """Stop listening; a later start() listens on the same port again."""
        with self.lock:
            controller, self._controller = self._controller, None
        if controller is not None:
            controller.stop()

    def received(self) -> list[Received]:
        with self.lock:
            return list(self.messages)

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()
