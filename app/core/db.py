"""Database engines: an SQLite file (WAL) by default, PostgreSQL when DATABASE_URL says so."""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.types import TypeDecorator

log = logging.getLogger(__name__)

# One metadata for every table, so that Alembic sees them all; each table is defined in the
# module of the package that owns it.
metadata = MetaData()


def database_url(configured: str | None, instance_path: str) -> str:
    """The SQLAlchemy URL to use: the configured one (psycopg driver for PostgreSQL) or a file."""
    if not configured:
        private_folder(Path(instance_path))
        return f"sqlite:///{Path(instance_path) / 'intresseanmalan.db'}"
    if configured.startswith("postgres://"):
        configured = "postgresql://" + configured[len("postgres://") :]
    if configured.startswith("postgresql://"):
        configured = "postgresql+psycopg://" + configured[len("postgresql://") :]
    return configured


def make_engine(url: str) -> Engine:
    """An engine tuned for its backend: SQLite gets WAL and write-ahead locking."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)
    if parsed.database and parsed.database != ":memory:":
        private_file(Path(parsed.database))
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" below decide how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        # Deleted or overwritten content is zeroed in the file, not merely marked free, so an
        # erased person's bytes do not linger in free pages.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        # Take the write lock up front: a deferred transaction that later writes can fail
        # with "database is locked" without waiting, which would lose a claim or an insert.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def private_folder(path: Path) -> None:
    """Make a folder for the owner only (0700): created so, or narrowed when it already exists
    and others may enter it (mkdir's mode applies only to a folder it creates)."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(0o700)
    except PermissionError:
        log.warning("%s is open to others and cannot be narrowed to 0700", path)


def private_file(path: Path) -> None:
    """Create the SQLite file readable by its owner only, before SQLite does: SQLite would make
    it 0644 and gives its -wal and -shm files the database file's mode. A missing folder is
    made 0700; an existing one is left as it is (a file in /tmp must not close /tmp to others;
    the instance folder is narrowed where it is chosen, database_url). An existing file that
    others may read is narrowed to 0600 too. The modes are given to os.open and mkdir, so no
    umask can widen them."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        return
    except FileExistsError:
        pass
    for existing in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            if existing.stat().st_mode & 0o077:
                existing.chmod(0o600)
        except FileNotFoundError:
            continue
        except PermissionError:
            log.warning("%s is readable by others and cannot be narrowed to 0600", existing)


def scrub(engine: Engine) -> None:
    """After personal data was removed: on SQLite, copy the write-ahead log into the database
    file and truncate it, so no older copy of a page is left in the -wal file (secure_delete
    has zeroed the freed bytes in the database file itself)."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as conn:
        # Outside any transaction (the driver connection autocommits): a checkpoint cannot
        # run inside one.
        driver = conn.connection.driver_connection
        busy, _, _ = driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy:
        log.warning("the SQLite write-ahead log could not be emptied now (readers busy)")


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes on every backend (SQLite keeps no offset, so it is added back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
