"""The desk's search index: keyed hashes of a person's name words, e-mail and phone numbers.

Rows stored before this revision are indexed by `flask outbox reindex` (it needs the keys,
which a migration does not have).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_terms",
        sa.Column("submission_id", sa.String(32), nullable=False),
        sa.Column("digest", sa.LargeBinary(32), nullable=False),
        sa.PrimaryKeyConstraint("submission_id", "digest"),
    )
    op.create_index("ix_search_terms_digest", "search_terms", ["digest"])


def downgrade() -> None:
    op.drop_index("ix_search_terms_digest", table_name="search_terms")
    op.drop_table("search_terms")
