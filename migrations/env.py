"""Alembic environment: runs on the connection the app's `flask db` command hands over."""

from alembic import context

import app.insight.tables
import app.mail.queue
import app.outbox
import app.outbox.search_index
import app.staff.tables  # noqa: F401 - registers its tables
from app.core.db import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations through 'flask db upgrade' (it passes the connection).")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
