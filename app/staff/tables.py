"""The staff tables. Changes go through an Alembic migration in migrations/versions/."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, String, Table, Text

from app.core.db import UTCDateTime, metadata

staff_users = Table(
    "staff_users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    # Part of every session's user id: raising it ends all the account's sessions at once.
    Column("session_generation", Integer, nullable=False, default=0, server_default="0"),
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
