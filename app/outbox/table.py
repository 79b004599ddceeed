"""The outbox table: one row per registration, from storing to delivery."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import Column, Index, Integer, LargeBinary, String, Table, Text

from app.core.db import UTCDateTime, metadata
from app.outbox.kinds import AREA
from app.outbox.lease import queue_columns

# Changes go through an Alembic migration in migrations/versions/.
submissions = Table(
    "submissions",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("channel", String(16), nullable=False),
    *queue_columns(),  # status, times, attempts, lease, last_error
    Column("last_status", Integer),
    Column("delivered_at", UTCDateTime()),
    Column("payload", LargeBinary),  # Fernet token; NULL once purged after delivery
    Column("consent_version", String(32)),
    Column("consent_at", UTCDateTime()),
    Column("answers", LargeBinary),  # the form's answers, sealed, so staff can correct them
    Column("entered_by", String(254)),  # the staff member who entered it by hand
    Column("erased_at", UTCDateTime()),  # personal data erased on request (GDPR)
    Column("consent", Text),  # JSON: per purpose given or not, when, text version and hash
    Column("office", String(40)),  # the Vitec customer id it goes to
    # Sealed: what it added to the demand counters, so that a correction can take it back.
    Column("counted", LargeBinary),
    # Which call it is for (app.outbox.kinds); for a home, its id and name as Vitec listed it.
    Column("kind", String(16), nullable=False, default=AREA, server_default=AREA),
    Column("estate_id", String(40)),
    Column("estate_title", String(200)),
    Column("site", String(200)),  # the origin an embedded listing form was shown on
    # Raised by each claim, erase, correction, purge and recorded answer; a worker records
    # Vitec's answer only at the version it claimed, so an erase or a correction made while
    # the send was in flight is never undone.
    Column("version", Integer, nullable=False, default=0, server_default="0"),
    Index("ix_submissions_due", "status", "next_attempt_at"),
    Index("ix_submissions_created", "created_at"),
    # Covers the statistics' delivery figures of a period (app.insight, migration 0008).
    Index("ix_submissions_period", "status", "created_at", "office", "delivered_at"),
)

t = submissions


@dataclass(frozen=True)
class Sealed:
    """A registration as the outbox keeps it: the payload and the typed answers sealed, the
    consent record, and the office (Vitec customer id) it goes to. Stored whole; the person's
    repeated post (a correction) replaces it whole."""

    payload: bytes
    answers: bytes | None = None  # what was typed, so that staff can correct it
    consent: str | None = None  # JSON: per purpose given or not, when, text version and hash
    consent_version: str | None = None
    consent_at: datetime | None = None
    office: str | None = None
    counted: bytes | None = None  # what it added to the demand counters (None: not counted)
    kind: str = AREA
    estate_id: str | None = None
    estate_title: str | None = None
    site: str | None = None

    def columns(self) -> dict[str, object]:
        """The values of the outbox's columns of the same names."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def required_columns(self) -> dict[str, object]:
        """The columns every registration has (what it added to the counts only once counted; a
        home's id, name and site only an estate's)."""
        optional = ("counted", "estate_id", "estate_title", "site")
        return {k: v for k, v in self.columns().items() if k not in optional}
