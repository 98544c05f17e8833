"""events: the hash chain; identity numbers out of the journal; the agencies' anchor journal

Revision ID: 0017
Revises: 0012
Create Date: 2026-12-04

Issue 17 (Integrity).  Each journal event gets ``prev_hash`` and ``event_hash``
(``casework.domain.case.chain``), and two append-only tables hold each agency's daily anchors
of the chains' heads.  Before chaining, identity numbers copied into journal data (the
registration event stored the applicant's number in full) are masked: the number is stored
once, in the applicant record (个人信息保护法 art. 51).  Then every existing event is chained
in seq order: the chain starts here, so it vouches for the journal as this revision found it.
The append-only triggers are lifted for the rewrite and put back.  ``downgrade`` drops the
chain and the anchors; masked numbers stay masked (the applicant record keeps each number).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from casework.adapters.column_types import AwareDateTime
from casework.domain.application.masking import mask_identity
from casework.domain.case.chain import ChainLink, seal

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

_BATCH = 500  # cases chained per round trip


def _events() -> sa.TableClause:
    return sa.table(
        "events",
        sa.column("id", sa.Integer()),
        sa.column("case_id", sa.Integer()),
        sa.column("seq", sa.Integer()),
        sa.column("action", sa.String()),
        sa.column("actor", sa.String()),
        sa.column("recorded_at", AwareDateTime()),
        sa.column("effective_on", sa.Date()),
        sa.column("state_before", sa.String()),
        sa.column("state_after", sa.String()),
        sa.column("data", sa.JSON()),
        sa.column("prev_hash", sa.String()),
        sa.column("event_hash", sa.String()),
        sa.column("identity", sa.String()),  # revision 0011 (issue 15), sealed when set
    )


def _cases() -> sa.TableClause:
    return sa.table(
        "cases", sa.column("id", sa.Integer()), sa.column("agency"), sa.column("number")
    )


def upgrade() -> None:
    with op.batch_alter_table("events") as batch_op:
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("event_hash", sa.String(length=64), nullable=True))
    _create_anchor_tables()
    set_journal_triggers(enabled=False)
    _mask_identity_numbers()
    _chain_every_case()
    set_journal_triggers(enabled=True)
    for table in ("agency_anchors", "anchor_heads"):
        _append_only(table)


def _create_anchor_tables() -> None:
    op.create_table(
        "agency_anchors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("anchored_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("cases", sa.Integer(), nullable=False),
        sa.Column("heads_hash", sa.String(length=64), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=True),
        sa.Column("anchor_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_anchors")),
        sa.UniqueConstraint("agency", "seq", name="uq_agency_anchors_agency_seq"),
        sa.UniqueConstraint("agency", "anchored_on", name="uq_agency_anchors_agency_anchored_on"),
    )
    op.create_table(
        "anchor_heads",
        sa.Column("anchor_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("event_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["anchor_id"],
            ["agency_anchors.id"],
            name=op.f("fk_anchor_heads_anchor_id_agency_anchors"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_anchor_heads_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("anchor_id", "case_id", name=op.f("pk_anchor_heads")),
    )
    op.create_index("ix_anchor_heads_case_id_seq", "anchor_heads", ["case_id", "seq"])


def masked(value: Any) -> Any:
    """``value`` with every string under an ``id_number`` key masked (idempotent)."""
    if isinstance(value, dict):
        return {
            key: mask_identity(item)
            if key == "id_number" and isinstance(item, str) and item
            else masked(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [masked(item) for item in value]
    return value


def _mask_identity_numbers() -> None:
    events = _events()
    connection = op.get_bind()
    rows = connection.execute(sa.select(events.c.id, events.c.data)).all()
    for event_id, data in rows:
        hidden = masked(data)
        if hidden != data:
            connection.execute(sa.update(events).where(events.c.id == event_id).values(data=hidden))


def _chain_every_case() -> None:
    cases = _cases()
    connection = op.get_bind()
    ids = connection.execute(sa.select(cases.c.id).order_by(cases.c.id)).scalars().all()
    for start in range(0, len(ids), _BATCH):
        _chain_cases(list(ids[start : start + _BATCH]))


def _chain_cases(case_ids: list[int]) -> None:
    events, cases = _events(), _cases()
    connection = op.get_bind()
    query = (
        sa.select(events, cases.c.agency, cases.c.number)
        .join(cases, cases.c.id == events.c.case_id)
        .where(events.c.case_id.in_(case_ids))
        .order_by(events.c.case_id, events.c.seq)
    )
    sealed: list[dict[str, Any]] = []
    previous: tuple[int, str] | None = None
    for row in connection.execute(query):
        prev_hash = previous[1] if previous and previous[0] == row.case_id else None
        link = ChainLink(
            agency=row.agency,
            case_number=row.number,
            seq=row.seq,
            action=row.action,
            actor=row.actor,
            recorded_at=row.recorded_at,
            effective_on=row.effective_on,
            state_before=row.state_before,
            state_after=row.state_after,
            data=row.data,
            prev_hash=prev_hash,
            event_hash=None,
            identity=row.identity,
        )
        digest = seal(link)
        sealed.append({"row_id": row.id, "prev": prev_hash, "digest": digest})
        previous = (row.case_id, digest)
    if sealed:
        statement = (
            sa.update(events)
            .where(events.c.id == sa.bindparam("row_id"))
            .values(prev_hash=sa.bindparam("prev"), event_hash=sa.bindparam("digest"))
        )
        connection.execute(statement, sealed)


def set_journal_triggers(*, enabled: bool) -> None:
    """Drop or re-create the journal's append-only triggers of revision 0001, as they were."""
    if op.get_context().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            name = f"events_no_{verb.lower()}"
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {verb} ON events "
                "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"
                if enabled
                else f"DROP TRIGGER {name}"
            )
        return
    op.execute(
        "CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events "
        "FOR EACH ROW EXECUTE FUNCTION casework_events_append_only()"
        if enabled
        else "DROP TRIGGER events_append_only ON events"
    )


def _append_only(table: str) -> None:
    if op.get_context().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} are append-only'); END"
            )
        return
    op.execute(
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION casework_events_append_only()"
    )


def downgrade() -> None:
    for table in ("anchor_heads", "agency_anchors"):
        if op.get_context().dialect.name == "sqlite":
            op.execute(f"DROP TRIGGER {table}_no_update")
            op.execute(f"DROP TRIGGER {table}_no_delete")
        else:
            op.execute(f"DROP TRIGGER {table}_append_only ON {table}")
    op.drop_index("ix_anchor_heads_case_id_seq", table_name="anchor_heads")
    op.drop_table("anchor_heads")
    op.drop_table("agency_anchors")
    # SQLite's batch mode rebuilds the table, which takes its triggers with it.
    set_journal_triggers(enabled=False)
    with op.batch_alter_table("events") as batch_op:
        batch_op.drop_column("event_hash")
        batch_op.drop_column("prev_hash")
    set_journal_triggers(enabled=True)
