"""calendar year history: the data a correction (calendar load --replace) replaced

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04

``calendar_years`` keeps one row per year and region, the data in effect.  A correction moves
the row it replaces here (or, for a year of the chinese_calendar package, that year's data)
with who replaced it, when and why, so that every date ever computed can be explained.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_year_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("region", sa.String(length=40), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("holidays", sa.JSON(), nullable=False),
        sa.Column("workdays", sa.JSON(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("loaded_by", sa.String(length=64), nullable=False),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("replaced_by", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_year_history")),
    )
    op.create_index(
        "ix_calendar_year_history_year_region",
        "calendar_year_history",
        ["year", "region"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_calendar_year_history_year_region", table_name="calendar_year_history")
    op.drop_table("calendar_year_history")
