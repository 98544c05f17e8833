"""identity: how each journal entry's actor was known, and row-level security by agency

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-04

Issue 15.  ``events.identity`` records whether the actor was authenticated (``database``:
the PostgreSQL login; ``os``: the operating-system login), only declared (``declared``: named
with --user on a shared workstation) or the alert sweep (``system``); older entries stay NULL
(unknown).  ``agency_grants`` maps database logins to the agencies they work for; on
PostgreSQL every case table gets a row-level security policy built on it
(``casework.adapters.row_security``), for reads and writes alike.  SQLite has no logins: the
table exists there for one schema on both engines, and no policy applies.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from casework.adapters.row_security import (
    AGENCY_TABLES,
    APPLICANT_FUNCTION,
    CASE_TABLES,
    DROP_FUNCTIONS,
    DROP_STORE_POLICIES,
    FUNCTIONS,
    GRANTS_TABLE,
    STORE_POLICIES,
    agency_policy,
    applicant_policy,
    case_policy,
    drop_policy,
)

revision = "0011"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("events", sa.Column("identity", sa.String(length=16), nullable=True))
    op.create_table(
        GRANTS_TABLE,
        sa.Column("role_name", sa.String(length=63), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("role_name", "agency", name=op.f("pk_agency_grants")),
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    schema = op.get_bind().execute(sa.text("SELECT current_schema()")).scalar_one()
    op.execute(FUNCTIONS)
    op.execute(APPLICANT_FUNCTION.format(schema=schema))
    for table in AGENCY_TABLES:
        op.execute(agency_policy(table))
    for table in CASE_TABLES:
        op.execute(case_policy(table))
    op.execute(applicant_policy())
    op.execute(STORE_POLICIES)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(DROP_STORE_POLICIES)
        for table in (*AGENCY_TABLES, *CASE_TABLES, "applicants"):
            op.execute(drop_policy(table))
        op.execute(DROP_FUNCTIONS)
    op.drop_table(GRANTS_TABLE)
    # SQLite 3.35+ and PostgreSQL drop a column in place (batch mode would rebuild the table
    # and lose the journal's append-only triggers).
    op.execute("ALTER TABLE events DROP COLUMN identity")
