"""The anonymous demand counters (app/insight/tables.py), and an index for the delivery
figures of a period.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
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
        sa.Column("area", sa.String(64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("office", sa.String(40), nullable=False),
        sa.Column("facet", sa.String(16), nullable=False),
        sa.Column("value", sa.String(64), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("area", "day", "office", "facet", "value", name="pk_demand_wishes"),
    )

    op.create_index(
        "ix_submissions_period",
        "submissions",
        ["status", "created_at", "office", "delivered_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_submissions_period", table_name="submissions")
    op.drop_table("demand_wishes")
    op.drop_table("demand_traffic")
