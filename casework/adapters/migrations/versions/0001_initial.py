"""cases, applicants, event journal and number sequences

Revision ID: 0001
Revises:
Create Date: 2026-11-21

The journal (events) is append-only: triggers on both engines refuse UPDATE and DELETE.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "applicants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("applicant_type", sa.String(length=24), nullable=False),
        sa.Column("id_type", sa.String(length=16), nullable=True),
        sa.Column("id_number", sa.String(length=64), nullable=True),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applicants")),
    )
    with op.batch_alter_table("applicants", schema=None) as batch_op:
        batch_op.create_index("ix_applicants_identity", ["id_type", "id_number"], unique=False)

    op.create_table(
        "number_sequences",
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_value", sa.Integer(), nullable=False),
        sa.CheckConstraint("last_value > 0", name=op.f("ck_number_sequences_positive")),
        sa.PrimaryKeyConstraint("agency", "kind", "year", name=op.f("pk_number_sequences")),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("number", sa.String(length=48), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("query_code", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=24), nullable=False),
        sa.Column("workflow", sa.String(length=48), nullable=False),
        sa.Column("workflow_version", sa.String(length=16), nullable=False),
        sa.Column("applicant_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("arrived_on", sa.Date(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("form", sa.String(length=16), nullable=True),
        sa.Column("delivery", sa.String(length=16), nullable=True),
        sa.Column("assistance", sa.Text(), nullable=True),
        sa.Column("receipt", sa.JSON(), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.Column("reply_number", sa.String(length=64), nullable=True),
        sa.Column("reply_due_on", sa.Date(), nullable=True),
        sa.Column("next_deadline_on", sa.Date(), nullable=True),
        sa.Column("next_deadline_kind", sa.String(length=32), nullable=True),
        sa.Column("clock_status", sa.String(length=16), nullable=True),
        sa.Column("due_provisional", sa.Boolean(), nullable=False),
        sa.Column("handler", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["applicant_id"], ["applicants.id"], name=op.f("fk_cases_applicant_id_applicants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("agency", "number", name="uq_cases_agency_number"),
        sa.UniqueConstraint("agency", "year", "seq", name="uq_cases_agency_year_seq"),
        sa.UniqueConstraint("query_code", name=op.f("uq_cases_query_code")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_agency_state", ["agency", "state"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_applicant_id"), ["applicant_id"], unique=False)
        batch_op.create_index("ix_cases_received_on", ["received_on"], unique=False)
        batch_op.create_index(
            "ix_cases_state_next_deadline_on", ["state", "next_deadline_on"], unique=False
        )
        batch_op.create_index(
            "ix_cases_state_reply_due_on", ["state", "reply_due_on"], unique=False
        )

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=48), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("state_before", sa.String(length=24), nullable=True),
        sa.Column("state_after", sa.String(length=24), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_events_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("case_id", "seq", name="uq_events_case_id_seq"),
    )
    _append_only_journal()


def _append_only_journal() -> None:
    # design.md: events are never updated or deleted; the database enforces it, too.
    if op.get_context().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER events_no_{verb.lower()} BEFORE {verb} ON events "
                "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"
            )
        return
    op.execute(
        "CREATE FUNCTION casework_events_append_only() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'events are append-only'; END $$ LANGUAGE plpgsql"
    )
    op.execute(
        "CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events "
        "FOR EACH ROW EXECUTE FUNCTION casework_events_append_only()"
    )


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        op.execute("DROP TRIGGER events_no_update")
        op.execute("DROP TRIGGER events_no_delete")
    else:
        op.execute("DROP TRIGGER events_append_only ON events")
        op.execute("DROP FUNCTION casework_events_append_only()")
    op.drop_table("events")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_state_reply_due_on")
        batch_op.drop_index("ix_cases_state_next_deadline_on")
        batch_op.drop_index("ix_cases_received_on")
        batch_op.drop_index(batch_op.f("ix_cases_applicant_id"))
        batch_op.drop_index("ix_cases_agency_state")

    op.drop_table("cases")
    op.drop_table("number_sequences")
    with op.batch_alter_table("applicants", schema=None) as batch_op:
        batch_op.drop_index("ix_applicants_identity")

    op.drop_table("applicants")
