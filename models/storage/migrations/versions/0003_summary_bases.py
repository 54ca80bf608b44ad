"""What a 汇总 (summary) report was computed from, to tell when a child's report has changed.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "summary_bases",
        sa.Column(
            "report_id",
            sa.Integer(),
            sa.ForeignKey("reports.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("children", sa.Text(), nullable=False),
        sa.Column("include_own", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sources", sa.Text(), nullable=False),
        sa.Column("sums", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("summary_bases")
