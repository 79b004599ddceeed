"""The composition root of e-mail: the SMTP server (or the sandbox's mail catcher), the
sender that empties the mail queue, the receipts and the alarms. Used by the web layer, the
CLI and app/wiring/services.py only."""

from __future__ import annotations

import logging
import threading
from typing import Any

from flask import Flask, current_app

from app.mail.alarms import AlarmInbox, Alarms, AlarmSettings
from app.mail.receipts import Receipts
from app.mail.sender import MailSender
from app.mail.smtp import Sender, SmtpConnection, SmtpServer
from app.outbox.worker import Outcome
from app.vitec.offices import Company
from app.web.metrics import MAILS
from app.wiring.services import delivery_settings, serves_requests

log = logging.getLogger(__name__)


def absolute(url: str, public_url: str) -> str:
    """A link for an e-mail: relative paths are made from PUBLIC_URL, never from a request."""
    return url if url.startswith(("http://", "https://")) else public_url + "/" + url.lstrip("/")


class MailServices:
    """E-mail for one app; nothing at all when no mail server is set up."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        settings = app.extensions["settings"]
        self.enabled: bool = settings.mail_enabled
        self.stop = threading.Event()
        self._lock = threading.Lock()
        self._sender: MailSender | None = None
        self._alarms: Alarms | None = None
        if not self.enabled:
            return
        self.identity = Sender(settings.mail_from, settings.mail_reply_to)
        delivery = app.extensions["delivery"]
        offices = settings.offices.all
        # Offices with ALERT_EMAIL_<ID> get their own alarms; the rest go to ALERT_EMAIL.
        own = {
            office.customer_id: AlarmInbox(office.company.alert_emails, office.company.name)
            for office in offices
            if office.company.own_alerts
        }
        if settings.alert_email or own:
            self._alarms = Alarms(
                delivery.engine,
                delivery.sealer,
                self.identity,
                AlarmSettings(
                    tuple(settings.alert_email or ()),
                    float(settings.alert_interval),
                    settings.public_url,
                    settings.broker_name,
                    own,
                ),
                delivery.clock,
            )

    def server(self) -> SmtpServer:
        """SMTP_URL's server; in sandbox mode without one, the sandbox's mail catcher."""
        configured = self.app.extensions["settings"].mail_server
        if configured is not None:
            return configured
        mailbox = self.app.extensions["sandbox"].mailbox
        return SmtpServer.from_url(mailbox.start())

    def connect(self) -> SmtpConnection:
        """A new SMTP session (a context manager)."""
        return SmtpConnection(self.server(), float(self.app.extensions["settings"].smtp_timeout))

    def sender(self) -> MailSender:
        """This process's mail sender."""
        with self._lock:
            if self._sender is None:
                delivery = self.app.extensions["delivery"]
                self._sender = MailSender(
                    delivery.engine,
                    delivery.sealer,
                    self.connect,
                    self.identity,
                    delivery_settings(self.app.extensions["settings"]),
                    clock=delivery.clock,
                    on_result=lambda result: MAILS.labels(result).inc(),
                    receipt_ceiling=int(self.app.extensions["settings"].receipt_hourly_ceiling),
                    on_ceiling=self._alarms.receipt_ceiling if self._alarms else lambda n: None,
                )
            return self._sender

    def receipts(self, company: Company) -> Receipts | None:
        """What accepting a registration needs to queue its receipt, in the name of the
        office's company (its address, contact, privacy page and reply-to); None when off."""
        settings = self.app.extensions["settings"]
        if not (self.enabled and settings.receipt_enabled):
            return None
        delivery = self.app.extensions["delivery"]
        return Receipts(
            sender=Sender(self.identity.mail_from, company.reply_to),
            sealer=delivery.sealer,
            secret=settings.secret_key,
            max_per_day=int(settings.receipt_max_per_day),
            broker_name=company.name,
            broker_address=company.address or "",
            broker_contact=company.contact,
            privacy_url=absolute(company.privacy_url, settings.public_url),
            reply_possible=bool(company.reply_to),
        )

    def hear(self, outcome: Outcome) -> None:
        """The delivery worker's outcomes, for the alarms."""
        if self._alarms is not None:
            self._alarms(outcome)

    def wake(self) -> None:
        """Tell a running in-process sender that an e-mail is waiting."""
        if self._sender is not None:
            self._sender.wake.set()

    def start(self, stop: threading.Event | None = None) -> threading.Thread | None:
        """Run the sender in a thread of its own, so that a slow mail server never holds up
        the delivery to Vitec; None when no mail is set up."""
        if not self.enabled:
            return None
        thread = threading.Thread(
            target=self.sender().run, args=(stop or self.stop,), name="mail", daemon=True
        )
        thread.start()
        return thread


def init_mail(app: Flask) -> None:
    """Attach MailServices; run the sender in-process when DELIVERY_IN_PROCESS is set."""
    services = MailServices(app)
    app.extensions["mail"] = services
    if app.extensions["settings"].delivery_in_process and serves_requests():
        services.start()


def mail_services(app: Any = None) -> MailServices:
    """The (current) app's MailServices."""
    return (app or current_app).extensions["mail"]
