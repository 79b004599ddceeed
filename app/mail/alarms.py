"""The broker's alarm: registrations Vitec refused, that turned dead, or that wait because Vitec
refused the login, collected into one e-mail per ALERT_INTERVAL. Each entry names the row by
id and channel only, with a link to it on the delivery desk."""

from __future__ import annotations

import hashlib
import logging
import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from app import outbox
from app.core.clock import local_minute
from app.core.sealing import PayloadSealer
from app.mail import queue as mailqueue
from app.mail.smtp import Sender
from app.mail.templates import render
from app.outbox.answers import vitec_answer
from app.outbox.states import DEAD, DELIVERED, REJECTED, channel_name, state_name
from app.outbox.worker import Outcome

log = logging.getLogger(__name__)


BATCH = "alert"
REFUSED = (401, 403)


@dataclass(frozen=True)
class AlarmInbox:
    """Who is told, and the company the alarm e-mail is named for."""

    recipients: Sequence[str]
    broker_name: str

    @property
    def batch(self) -> str:
        """The collecting e-mail's key: one per inbox (the queue's batch holds 16 characters)."""
        said = "\0".join([self.broker_name, *sorted(self.recipients)]).encode()
        return f"{BATCH}-{hashlib.sha256(said).hexdigest()[:10]}"


@dataclass(frozen=True)
class AlarmSettings:
    """Who is told (ALERT_EMAIL, and the offices with their own), how often, and where the
    desk is."""

    recipients: Sequence[str]
    interval_seconds: float
    public_url: str
    broker_name: str
    # Offices with ALERT_EMAIL_<ID>: their alarms go there alone, in an e-mail of their own.
    offices: Mapping[str, AlarmInbox] = field(default_factory=dict)


class Alarms:
    """Hears the worker's outcomes (its `on_outcome`) and adds alarm entries to the e-mail
    that is collecting; the mail sender sends it when its interval is over."""

    def __init__(
        self,
        engine: Engine,
        sealer: PayloadSealer,
        sender: Sender,
        settings: AlarmSettings,
        clock: Callable[[], datetime],
    ) -> None:
        self.engine = engine
        self.sealer = sealer
        self.sender = sender
        self.settings = settings
        self.clock = clock
        # Offices whose login Vitec refuses: told once until a delivery for it succeeds again
        # (each row is retried every DELIVERY_AUTH_RETRY and would otherwise ring each time).
        self._refused: set[str | None] = set()
        self._lock = threading.Lock()

    def __call__(self, outcome: Outcome) -> None:
        """Record an entry when the outcome is one staff must act on."""
        with self._lock:
            if outcome.state == DELIVERED:
                self._refused.discard(outcome.office)
                return
            if outcome.status in REFUSED:
                if outcome.office in self._refused:
                    return
                self._refused.add(outcome.office)
            elif outcome.state not in (REJECTED, DEAD):
                return
        self.add(self.entry(outcome), outcome.office)

    def inbox(self, office: str | None = None) -> tuple[str, AlarmInbox]:
        """The collecting e-mail's key and inbox for an office's alarms (ALERT_EMAIL's for one
        without its own, and for the service's own notices)."""
        own = self.settings.offices.get(office) if office else None
        if own is not None:
            return own.batch, own
        return BATCH, AlarmInbox(self.settings.recipients, self.settings.broker_name)

    def entry(self, outcome: Outcome) -> dict:
        """One alarm line: id, state, channel, Vitec's answer in Swedish, the desk's link."""
        row = outbox.get(self.engine, outcome.submission_id) or {}
        refused = outcome.status in REFUSED
        if outcome.status == 400:
            # The field names only: Vitec's own words may quote what the buyer typed.
            status, error = 400, f"fält {', '.join(outcome.fields) or 'se leveranssidan'}."
        elif refused:
            status, error = outcome.status, ""
        else:
            status, error = None, outcome.error or "inget svar."
        answer = vitec_answer({"status": outcome.state, "last_status": status, "last_error": error})
        if outcome.state == DEAD and status is None:
            answer = f"Gav upp efter för många försök. Senaste felet: {answer}"
        if refused:
            answer = f"Kontor {outcome.office}: {answer} Anmälningarna väntar och skickas sedan."
        return {
            "key": f"refused:{outcome.office}" if refused else outcome.submission_id,
            "id": outcome.submission_id,
            "state": state_name(outcome.state),
            "channel": channel_name(row["channel"]) if row.get("channel") else "okänd",
            "answer": answer,
            "link": f"{self.settings.public_url}/staff/anmalan/{outcome.submission_id}",
            "at": local_minute(self.clock()),
        }

    def receipt_ceiling(self, ceiling: int) -> None:
        """Say that receipts have started to wait for the hourly ceiling (once per crossing:
        the sender calls this when the first receipt is held)."""
        text = (
            f"Taket på {ceiling} kvitton i timmen (RECEIPT_HOURLY_CEILING) är nått. Inga kvitton "
            "försvinner: de som är över taket väntar och skickas timme för timme. Beror det inte "
            "på en kampanj eller liknande kan någon använda formuläret för att skicka e-post "
            "till andra; se de senaste anmälningarna på leveranssidan."
        )
        self.add(
            {"key": "receipt-ceiling", "id": None, "notice": text, "at": local_minute(self.clock())}
        )

    def add(self, entry: dict, office: str | None = None) -> None:
        """Add the entry to the office's collecting e-mail, or start one due in ALERT_INTERVAL."""
        batch, inbox = self.inbox(office)
        if not inbox.recipients:
            return  # no ALERT_EMAIL, and the office has none of its own: nobody to tell
        for _ in range(3):  # another process may start the collecting e-mail at the same time
            try:
                self._add(entry, batch, inbox)
                return
            except IntegrityError:
                continue
        log.error("alarm %s could not be queued", entry["key"])

    def _add(self, entry: dict, batch: str, inbox: AlarmInbox) -> None:
        now = self.clock()
        with self.engine.begin() as conn:
            found = mailqueue.open_batch(conn, batch)
            entries = self.sealer.open(found[1])["entries"] if found else []
            if any(old["key"] == entry["key"] for old in entries):
                return
            entries.append(entry)
            sealed = self.sealer.seal(self.message(entries, inbox))
            if found:
                mailqueue.update_batch(conn, found[0], sealed, now)
                return
            due = now + timedelta(seconds=self.settings.interval_seconds)
            mailqueue.add(
                conn,
                uuid.uuid4().hex,
                mailqueue.ALERT,
                self.sender.message_id(),
                now,
                message=sealed,
                next_attempt_at=due,
                batch=batch,
            )
        log.info("alarm %s queued", entry["key"], extra={"submission_id": entry["id"]})

    def message(self, entries: list[dict], inbox: AlarmInbox | None = None) -> dict:
        """The whole alarm e-mail for these entries, to the inbox (ALERT_EMAIL's by default)."""
        inbox = inbox or self.inbox()[1]
        registrations = [entry for entry in entries if "notice" not in entry]
        notices = [entry for entry in entries if "notice" in entry]
        count = len(registrations)
        noun = "anmälan behöver" if count == 1 else "anmälningar behöver"
        said = [f"{count} {noun} åtgärdas"] if registrations else []
        said += ["kvitton väntar på taket per timme"] if notices else []
        subject = f"Larm från intresseanmälan ({inbox.broker_name}): {'; '.join(said)}"
        desk = f"{self.settings.public_url}/staff/"
        text, html = render(
            "larm",
            entries=registrations,
            notices=notices,
            desk=desk,
            broker=inbox.broker_name,
        )
        return {
            "to": list(inbox.recipients),
            "subject": subject,
            "text": text,
            "html": html,
            "entries": entries,
        }
