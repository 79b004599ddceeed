"""The e-mail queue: receipts to buyers and alarms to the broker.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from app.core.db import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mail_queue",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("submission_id", sa.String(32)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("lease_until", UTCDateTime()),
        sa.Column("leased_by", sa.String(64)),
        sa.Column("last_error", sa.Text),
        sa.Column("sent_at", UTCDateTime()),
        sa.Column("message", sa.LargeBinary),
        sa.Column("message_id", sa.String(255), nullable=False),
        sa.Column("recipient_key", sa.String(64)),
        sa.Column("batch", sa.String(16), unique=True),
    )
    op.create_index("ix_mail_queue_due", "mail_queue", ["status", "next_attempt_at"])
    op.create_index("ix_mail_queue_submission", "mail_queue", ["submission_id"])
    op.create_index("ix_mail_queue_recipient", "mail_queue", ["recipient_key", "created_at"])


def downgrade() -> None:
    op.drop_table("mail_queue")
