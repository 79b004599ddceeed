"""The anonymous demand counters (app/insight/tables.py).

Revision ID: 0008
Revises: 0004
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "demand_traffic",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("office", sa.String(40), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("origin", sa.String(200), nullable=False),
        sa.Column("views", sa.Integer(), nullable=False),
        sa.Column("registrations", sa.Integer(), nullable=False),
        sa.Column("bots", sa.Integer(), nullable=False),
        sa.Column("marketing", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "office", "channel", "origin", name="pk_demand_traffic"),
    )
    op.create_table(
        "demand_wishes",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("office", sa.String(40), nullable=False),
        sa.Column("area", sa.String(64), nullable=False),
        sa.Column("facet", sa.String(16), nullable=False),
        sa.Column("value", sa.String(64), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "office", "area", "facet", "value", name="pk_demand_wishes"),
    )


def downgrade() -> None:
    op.drop_table("demand_wishes")
    op.drop_table("demand_traffic")
