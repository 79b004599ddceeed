"""Speaking SMTP: the server from SMTP_URL, the message as it goes out, and one connection."""

from __future__ import annotations

import functools
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from types import TracebackType
from urllib.parse import parse_qs, unquote, urlsplit

DEFAULT_PORTS = {"plain": 25, "tls": 465, "starttls": 587}
SCHEMES = {"smtp": "plain", "smtps": "tls", "smtp+starttls": "starttls"}


@dataclass(frozen=True)
class SmtpServer:
    """Where mail goes and how: host, port, plain/tls/starttls, and the login (never shown)."""

    host: str
    port: int
    security: str  # "plain", "tls" (smtps) or "starttls"
    username: str | None = None
    password: str | None = field(default=None, repr=False)

    @classmethod
    def from_url(
        cls, url: str, username: str | None = None, password: str | None = None
    ) -> SmtpServer:
        """Read `smtp[s|+starttls]://[user:password@]host[:port][?starttls=true]`; the user
        and password may instead come from their own settings, but not from both."""
        parts = urlsplit(url)
        security = SCHEMES.get(parts.scheme)
        if security is None or not parts.hostname:
            raise ValueError("SMTP_URL: ange smtp://, smtps:// eller smtp+starttls://värd")
        try:
            port = parts.port
        except ValueError:
            raise ValueError("SMTP_URL: porten måste vara ett tal") from None
        flag = parse_qs(parts.query).get("starttls", ["false"])[-1].lower()
        if flag in ("true", "1", "yes"):
            if security == "tls":
                raise ValueError("SMTP_URL: smtps:// är redan TLS; ta bort ?starttls=true")
            security = "starttls"
        if parts.username is not None and (username or password):
            raise ValueError(
                "SMTP_URL har en användare och SMTP_USERNAME eller SMTP_PASSWORD är också satt; "
                "ange inloggningen på ett ställe"
            )
        if parts.username is not None:
            username = unquote(parts.username)
            password = unquote(parts.password or "")
        if username and not password:
            raise ValueError("SMTP_PASSWORD: en användare på e-postservern behöver sitt lösenord")
        return cls(parts.hostname, port or DEFAULT_PORTS[security], security, username, password)

    def __str__(self) -> str:
        who = f"{self.username}@" if self.username else ""
        return f"{self.security} {who}{self.host}:{self.port}"


@dataclass(frozen=True)
class Sender:
    """The From and Reply-To every message carries."""

    mail_from: str
    reply_to: str | None = None

    @functools.cached_property
    def domain(self) -> str:
        """The domain of the From address (each queued e-mail's Message-ID is made on it)."""
        return parseaddr(self.mail_from)[1].rpartition("@")[2] or "localhost"

    def message_id(self) -> str:
        """A fresh Message-ID on the sender's domain (made once per queued e-mail)."""
        return make_msgid(domain=self.domain)


def build_message(
    sender: Sender,
    to: Sequence[str],
    subject: str,
    text: str,
    html: str,
    message_id: str,
    date: datetime,
) -> EmailMessage:
    """A UTF-8 message with a plain-text part and an HTML alternative."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender.mail_from
    message["To"] = ", ".join(to)
    if sender.reply_to:
        message["Reply-To"] = sender.reply_to
    message["Date"] = format_datetime(date)
    message["Message-ID"] = message_id
    message.set_content(text, charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    return message


class SmtpConnection:
    """One SMTP session for a batch of messages (a context manager)."""

    def __init__(
        self, server: SmtpServer, timeout: float, tls_context: ssl.SSLContext | None = None
    ) -> None:
        self.server = server
        self.timeout = timeout
        self.tls_context = tls_context or ssl.create_default_context()
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpConnection:
        server = self.server
        if server.security == "tls":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                server.host, server.port, timeout=self.timeout, context=self.tls_context
            )
        else:
            smtp = smtplib.SMTP(server.host, server.port, timeout=self.timeout)
        try:
            if server.security == "starttls":
                smtp.starttls(context=self.tls_context)
            if server.username:
                smtp.login(server.username, server.password or "")
        except BaseException:
            smtp.close()
            raise
        self._smtp = smtp
        return self

    def send(self, message: EmailMessage) -> None:
        """Hand one message to the server; raises smtplib's errors as they come."""
        assert self._smtp is not None, "use the connection as a context manager"
        self._smtp.send_message(message)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()
