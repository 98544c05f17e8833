"""remedy records (table 四) and the conclusion date on the case row (table 三)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21

``cases.concluded_on`` is filled from the facts of cases concluded before this revision.  A
remedy row is one proceeding (case, kind, filing date); a corrected one may reopen the case
for a new reply, keeping the snapshot of the first conclusion that table 三 counts.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("concluded_on", sa.Date(), nullable=True))
        batch_op.create_index("ix_cases_concluded_on", ["concluded_on"], unique=False)
    cases = sa.table(
        "cases",
        sa.column("id", sa.Integer()),
        sa.column("facts", sa.JSON()),
        sa.column("concluded_on", sa.Date()),
    )
    connection = op.get_bind()
    for case_id, facts in connection.execute(sa.select(cases.c.id, cases.c.facts)).all():
        concluded = (facts or {}).get("concluded_on")
        if concluded:
            connection.execute(
                cases.update()
                .where(cases.c.id == case_id)
                .values(concluded_on=date.fromisoformat(concluded))
            )
    op.create_table(
        "remedies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("organ", sa.String(length=200), nullable=True),
        sa.Column("result", sa.String(length=16), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("reopened_on", sa.Date(), nullable=True),
        sa.Column("reported_outcome", sa.String(length=32), nullable=True),
        sa.Column("reported_concluded_on", sa.Date(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_remedies_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remedies")),
        sa.UniqueConstraint("case_id", "kind", "filed_on", name="uq_remedies_case_kind_filed"),
    )
    with op.batch_alter_table("remedies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_remedies_case_id"), ["case_id"], unique=False)
        batch_op.create_index("ix_remedies_filed_on", ["filed_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("remedies", schema=None) as batch_op:
        batch_op.drop_index("ix_remedies_filed_on")
        batch_op.drop_index(batch_op.f("ix_remedies_case_id"))
    op.drop_table("remedies")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_concluded_on")
        batch_op.drop_column("concluded_on")
