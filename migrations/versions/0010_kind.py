"""Which Vitec call a registration is for: interest in areas (every row stored before) or in one
home for sale, with the home's id and its name as Vitec listed it, and the site an embedded
listing form was shown on (no personal data).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="area"))
        batch.add_column(sa.Column("estate_id", sa.String(40)))
        batch.add_column(sa.Column("estate_title", sa.String(200)))
        batch.add_column(sa.Column("site", sa.String(200)))


def downgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("site")
        batch.drop_column("estate_title")
        batch.drop_column("estate_id")
        batch.drop_column("kind")
