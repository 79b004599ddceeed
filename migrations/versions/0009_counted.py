"""What each registration added to the demand counters, sealed with it, so that a correction
takes back exactly that and adds its final answers instead; dropped with the answers on erasure
and purge. Rows stored before this revision have none: their counts stay as first counted.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("counted", sa.LargeBinary()))


def downgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("counted")
