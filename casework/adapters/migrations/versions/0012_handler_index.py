"""cases: an index on (handler, next_deadline_on) for one clerk's 待办

Revision ID: 0012
Revises: 0009
Create Date: 2026-12-04

``casework todo`` and ``list --handler`` (issue 17: 转办/签收, a personal view of open work)
ask for one handler's cases, the nearest next deadline first.  The index makes that a range
scan of the clerk's own rows in deadline order instead of a scan of every case.  No row
changes.
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None

INDEX = "ix_cases_handler_next_deadline_on"


def upgrade() -> None:
    op.create_index(INDEX, "cases", ["handler", "next_deadline_on"], unique=False)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="cases")
