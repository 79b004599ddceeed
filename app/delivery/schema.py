"""The outbox table. Changes go through an Alembic migration in migrations/versions/."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

from app.delivery.db import UTCDateTime

metadata = MetaData()

# Row states: queued -> delivered; or retrying; or rejected (Vitec said 400); or dead
# (still failing after DELIVERY_MAX_AGE); or spam (caught by the honeypot or time trap,
# never sent unless staff send it).
QUEUED, RETRYING, DELIVERED, REJECTED, DEAD = "queued", "retrying", "delivered", "rejected", "dead"
SPAM = "spam"
WAITING = (QUEUED, RETRYING)
STATES = (QUEUED, RETRYING, DELIVERED, REJECTED, DEAD, SPAM)

submissions = Table(
    "submissions",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("channel", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Column("next_attempt_at", UTCDateTime(), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("lease_until", UTCDateTime()),
    Column("leased_by", String(64)),
    Column("last_status", Integer),
    Column("last_error", Text),
    Column("delivered_at", UTCDateTime()),
    Column("payload", LargeBinary),  # Fernet token; NULL once purged after delivery
    Column("consent_version", String(32)),
    Column("consent_at", UTCDateTime()),
    Column("answers", LargeBinary),  # the form's answers, sealed, so staff can correct them
    Column("entered_by", String(254)),  # the staff member who entered it by hand
    Column("erased_at", UTCDateTime()),  # personal data erased on request (GDPR)
    Column("consent", Text),  # JSON: per purpose given or not, when, text version and hash
    Index("ix_submissions_due", "status", "next_attempt_at"),
    Index("ix_submissions_created", "created_at"),
)

staff_users = Table(
    "staff_users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UTCDateTime(), nullable=False),
    Column("actor", String(254), nullable=False),
    Column("action", String(32), nullable=False),
    Column("submission_id", String(32)),
    Column("detail", Text),
    Index("ix_audit_log_at", "at"),
)
