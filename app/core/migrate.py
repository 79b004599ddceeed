"""Schema migrations with Alembic, run on the app's own engine."""

from __future__ import annotations

import functools
from pathlib import Path

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import OperationalError, ProgrammingError

MIGRATIONS = Path(__file__).resolve().parent.parent.parent / "migrations"
# PostgreSQL advisory lock key for schema changes (any fixed number; "intresse" in ASCII):
# instances starting together migrate one at a time, each later one finding the schema
# current. SQLite needs none: a migration holds the database's write lock.
MIGRATION_LOCK = 0x696E7472657373


def _one_at_a_time(connection: Connection) -> None:
    """Wait for any other migration on this database; the lock ends with the transaction."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})


def _config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to `revision`; rows already stored are kept."""
    from alembic import command

    config = _config()
    with engine.begin() as connection:
        _one_at_a_time(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Step back to `revision`."""
    from alembic import command

    config = _config()
    with engine.begin() as connection:
        _one_at_a_time(connection)
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


@functools.cache
def head_revision() -> str:
    """The newest migration, as Alembic's script directory says."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def is_current(engine: Engine) -> bool:
    """True when the database is at the newest migration."""
    try:
        with engine.connect() as connection:
            current = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except (OperationalError, ProgrammingError) as exc:
        if "alembic_version" in str(exc):
            return False  # never migrated
        raise
    return current == head_revision()
