"""What imported published files printed wrongly (原文合计不符), kept beside the report.

Revision ID: 0006_published_errors
Revises: 0004 (the head when this was written; issue 17 adds 0005 in parallel, and the
    coordinator re-chains this revision after it at merge)
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_published_errors"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "published_errors",
        sa.Column(
            "report_id",
            sa.Integer(),
            sa.ForeignKey("reports.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("printed", sa.Integer(), nullable=False),
        sa.Column("derived", sa.Integer(), nullable=False),
        sa.Column("dismissed", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    op.drop_table("published_errors")
