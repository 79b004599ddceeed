"""The e-mail sender: claim due e-mails, send them over one SMTP session, settle or retry.
The same lease, backoff and maximum age as the delivery to Vitec, in a loop of its own, so a
mail server that is down delays mail and nothing else."""

from __future__ import annotations

import logging
import os
import random
import smtplib
import socket
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import datetime
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Protocol

from sqlalchemy import Engine

from app.core.clock import utcnow
from app.core.sealing import PayloadSealer, SealError
from app.mail import ceiling, receipt_text
from app.mail import queue as mailqueue
from app.mail.smtp import Sender, build_message
from app.outbox.loop import DeliverySettings, PollingLoop, next_attempt

log = logging.getLogger(__name__)


class MailConnection(Protocol):
    def send(self, message: EmailMessage) -> None: ...


def _mail_log(row: mailqueue.ClaimedMail) -> logging.LoggerAdapter:
    """Lines about one e-mail name its registration (if any) by id, never the recipient."""
    return logging.LoggerAdapter(log, {"submission_id": row.submission_id})


def _name(row: mailqueue.ClaimedMail) -> str:
    if row.submission_id:
        return f"{row.kind} e-mail {row.id} (submission {row.submission_id})"
    return f"{row.kind} e-mail {row.id}"


# An address such as köpare@example.se needs the server's SMTPUTF8, and waiting will not bring it.
UTF8_REFUSED = (
    "E-postservern tar inte emot adresser med å, ä, ö eller andra tecken utanför a–z "
    "(den saknar stöd för SMTPUTF8)."
)
UTF8_WHAT_NOW = {
    mailqueue.RECEIPT: " Be personen om en annan adress.",
    mailqueue.ALERT: " Ändra adressen i ALERT_EMAIL.",
}
FROM_NEEDS_UTF8 = (
    "E-postservern saknar stöd för SMTPUTF8, som avsändaradressen (MAIL_FROM) behöver."
)


class ConnectionTrouble(Exception):
    """The session broke: the rest of the batch is tried again later."""


class MailSender(PollingLoop):
    """Sends queued e-mails; several may run at once on one database."""

    name = "mail sender"

    def __init__(
        self,
        engine: Engine,
        sealer: PayloadSealer,
        connect: Callable[[], AbstractContextManager[MailConnection]],
        sender: Sender,
        settings: DeliverySettings,
        clock: Callable[[], datetime] = utcnow,
        worker_id: str | None = None,
        on_result: Callable[[str], None] = lambda result: None,
        receipt_ceiling: int = 0,
        on_ceiling: Callable[[int], None] = lambda ceiling: None,
    ) -> None:
        super().__init__()
        self.engine = engine
        self.sealer = sealer
        self.connect = connect  # a new SMTP session, as a context manager
        self.sender = sender
        self.settings = settings
        self.clock = clock
        self.on_result = on_result  # observes each e-mail's result (metrics)
        self.receipt_ceiling = receipt_ceiling  # receipts per clock hour; 0: no ceiling
        self.on_ceiling = on_ceiling  # told when receipts start to wait for the ceiling
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}:mail:{id(self):x}"
        self.rng = random.Random()  # noqa: S311 - jitter, not security

    def run_once(self) -> int:
        """Claim one batch and send it over one session; returns how many e-mails were tried."""
        rows = self.claim_batch(mailqueue.claim)
        if not rows:
            return 0
        pending = self._under_ceiling(rows)
        if not pending:
            return len(rows)
        try:
            with self.connect() as connection:
                while pending:
                    self._send(connection, pending[0])
                    pending.pop(0)
        except smtplib.SMTPAuthenticationError as exc:
            log.error("mail server refused the login (%s); e-mails are kept", exc.smtp_code)
            self._retry_all(pending, "E-postservern godtog inte inloggningen.", slow=True)
        except (OSError, smtplib.SMTPException, ConnectionTrouble) as exc:
            log.warning(
                "mail server unavailable (%s); %d e-mail(s) wait", _reason(exc), len(pending)
            )
            self._retry_all(pending, f"E-postservern gick inte att nå ({_reason(exc)}).")
        return len(rows)

    def _under_ceiling(self, rows: list[mailqueue.ClaimedMail]) -> list[mailqueue.ClaimedMail]:
        """The rows to send now; receipts over this hour's ceiling are held for the next."""
        if not self.receipt_ceiling:
            return list(rows)
        now = self.clock()
        room = self.receipt_ceiling - ceiling.sent_since(self.engine, ceiling.hour_of(now))
        receipts = [row for row in rows if row.kind == mailqueue.RECEIPT]
        held = {row.id for row in receipts[max(room, 0) :]}
        if held:
            log.warning(
                "%d receipt(s) over the ceiling of %d an hour wait for the next hour",
                len(held),
                self.receipt_ceiling,
            )
            if ceiling.hold(self.engine, sorted(held), self.worker_id, now, self.receipt_ceiling):
                self.on_ceiling(self.receipt_ceiling)
        return [row for row in rows if row.id not in held]

    def _send(self, connection: MailConnection, row: mailqueue.ClaimedMail) -> None:
        if row.message is None:
            self._fail(row, "Meddelandet saknas (raderat).")
            return
        try:
            content = self.sealer.open(row.message)
        except SealError:
            _mail_log(row).error("%s cannot be decrypted; check the keys", _name(row))
            self._retry(row, "Kan inte dekryptera (fel nyckel).", slow=True)
            return
        if "receipt" in content:  # stored as what it says; written out now
            try:
                content = {**content, **receipt_text.write(content["receipt"])}
            except Exception:
                # A fault in the template: kept and tried again slowly, so that the release
                # that mends it still sends the receipt.
                _mail_log(row).exception("%s could not be written", _name(row))
                self._retry(row, "Kvittot kunde inte skapas (fel i e-postmallen).", slow=True)
                return
        # A receipt carries its office's own Reply-To; other e-mails the service-wide one.
        sender = replace(self.sender, reply_to=content.get("reply_to", self.sender.reply_to))
        message = build_message(
            sender,
            content["to"],
            content["subject"],
            content["text"],
            content["html"],
            row.message_id,
            self.clock(),
        )
        try:
            connection.send(message)
        except smtplib.SMTPNotSupportedError:
            # smtplib refuses before saying a word to the server: the session is still good.
            _mail_log(row).warning("%s needs SMTPUTF8, which the mail server lacks", _name(row))
            if not parseaddr(self.sender.mail_from)[1].isascii():
                self._retry(row, FROM_NEEDS_UTF8, slow=True)  # fixed by a setting, then sent
            else:
                self._fail(row, UTF8_REFUSED + UTF8_WHAT_NOW[row.kind])
            return
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            if all(code >= 500 for code in codes):
                _mail_log(row).warning("%s refused by the mail server (%s)", _name(row), codes)
                self._fail(row, f"E-postservern tog inte emot adressen ({codes[0]}).")
            else:
                self._retry(row, f"E-postservern bad oss vänta ({codes[0]}).")
            return
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            if exc.smtp_code >= 500:
                _mail_log(row).warning("%s refused (%s)", _name(row), exc.smtp_code)
                self._fail(row, f"E-postservern tog inte emot meddelandet ({exc.smtp_code}).")
            else:
                self._retry(row, f"E-postservern bad oss vänta ({exc.smtp_code}).")
            return
        except (OSError, smtplib.SMTPException) as exc:
            raise ConnectionTrouble(_reason(exc)) from exc
        # A crash between the server's "250" and this line sends the e-mail again once the
        # lease runs out (with the same Message-ID): at least once, never lost.
        mailqueue.settle(self.engine, row.id, self.worker_id, self.clock(), mailqueue.SENT)
        self.on_result(mailqueue.SENT)
        _mail_log(row).info("%s sent", _name(row))

    def _fail(self, row: mailqueue.ClaimedMail, error: str) -> None:
        self.on_result(mailqueue.FAILED)
        mailqueue.settle(self.engine, row.id, self.worker_id, self.clock(), mailqueue.FAILED, error)

    def _retry(self, row: mailqueue.ClaimedMail, error: str, slow: bool = False) -> None:
        now = self.clock()
        next_at = next_attempt(
            self.settings, row.attempts, row.created_at, now, None, self.rng, slow
        )
        if next_at is None:
            _mail_log(row).error("%s given up: still failing after the maximum age", _name(row))
            self._fail(row, error)
            return
        self.on_result(mailqueue.RETRYING)
        mailqueue.settle(
            self.engine, row.id, self.worker_id, now, mailqueue.RETRYING, error, next_at
        )

    def _retry_all(self, rows: list[mailqueue.ClaimedMail], error: str, slow: bool = False) -> None:
        for row in rows:
            self._retry(row, error, slow)

    def hourly(self, now: datetime) -> int:
        """Forget the address keys past the cap's window."""
        return mailqueue.forget_recipients(self.engine, now - mailqueue.RECEIPT_WINDOW, now)


def _reason(exc: BaseException) -> str:
    """A short, secret-free reason: the exception's class, or the server's code."""
    code = getattr(exc, "smtp_code", None)
    return f"{type(exc).__name__} {code}" if code else type(exc).__name__
