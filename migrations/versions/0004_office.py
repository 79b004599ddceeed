"""The office (Vitec customer id) each submission goes to.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("office", sa.String(40)))


def downgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("office")
