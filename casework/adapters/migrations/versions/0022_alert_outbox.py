"""alert ledger: a 16-byte key hash under the unique index, and an outbox of messages in flight

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05

Issue 18 (the sweep at the speed of its query).  The ledger's key (agency, subject, kind, level,
due date, recipient, channel) is unique through one fixed-width column, ``key_hash`` (16 bytes
of BLAKE2b over the key's text, ``orm_scheduling.ledger_key_hash``), instead of an index over
the seven text columns; the sweep's lookup by due date gets its own index, ``ix_alerts_due_on``
(the old key was led by the due date).  A message being sent is a row of ``alert_outbox`` (its
recipient, channel, the key hashes of its ledger rows and when it was handed to its channel),
while its ledger rows already read as they will once sent; settling a sent message deletes the
outbox row and writes nothing to the ledger.  Existing rows get their hash; rows an interrupted
sweep left ``sending`` become one outbox row per recipient and channel, handed over, so the
next sweep settles them as before (resent on the log, ``uncertain`` elsewhere).  The downgrade
puts a handed-over message's rows back as ``sending`` and the others' as ``pending``.  The
partial index of unsent rows keeps its rows, its condition written with OR instead of IN.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import date
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

# The partial index of unsent rows, its condition written with OR (a tenth of the cost of the
# IN list per inserted row on SQLite, measured); the same rows as before.
OLD_UNSENT = "status IN ('pending', 'failed', 'sending')"
UNSENT = "(status = 'pending' OR status = 'failed' OR status = 'sending')"
KEY = ("due_on", "recipient", "channel", "agency", "subject", "kind", "level")
SEPARATOR = "\x1f"  # ``casework.domain.alerts.routing.KEY_SEPARATOR`` as of this revision
HASH_BYTES = 16
# Enough rows per statement for SQLite's limit on bound parameters.
BATCH = 500

ledger = sa.table(
    "alerts",
    sa.column("id", sa.Integer),
    sa.column("agency", sa.String),
    sa.column("subject", sa.String),
    sa.column("kind", sa.String),
    sa.column("level", sa.String),
    sa.column("due_on", sa.Date),
    sa.column("recipient", sa.String),
    sa.column("channel", sa.String),
    sa.column("status", sa.String),
    sa.column("attempts", sa.Integer),
    sa.column("first_seen_at", sa.DateTime(timezone=True)),
    sa.column("sent_at", sa.DateTime(timezone=True)),
    sa.column("key_hash", sa.LargeBinary),
)
outbox = sa.table(
    "alert_outbox",
    sa.column("id", sa.Integer),
    sa.column("recipient", sa.String),
    sa.column("channel", sa.String),
    sa.column("claimed_at", sa.DateTime(timezone=True)),
    sa.column("key_hashes", sa.LargeBinary),
    sa.column("handed_at", sa.DateTime(timezone=True)),
)


def _hash(row: Any) -> bytes:
    due = row.due_on if isinstance(row.due_on, date) else date.fromisoformat(str(row.due_on))
    parts = (row.agency, row.subject, row.kind, row.level, due.isoformat(), row.recipient,
             row.channel)  # fmt: skip
    text = SEPARATOR.join(parts)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=HASH_BYTES).digest()


def _unsent_index(condition: str) -> None:
    op.create_index(
        "ix_alerts_unsent",
        "alerts",
        ["status"],
        unique=False,
        sqlite_where=sa.text(condition),
        postgresql_where=sa.text(condition),
    )


def upgrade() -> None:
    op.create_table(
        "alert_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("key_hashes", sa.LargeBinary(), nullable=False),
        sa.Column("handed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_outbox")),
    )
    op.add_column("alerts", sa.Column("key_hash", sa.LargeBinary(length=HASH_BYTES)))
    bind = op.get_bind()
    rows = list(bind.execute(sa.select(ledger).order_by(ledger.c.id)).all())
    hashes = [{"row_id": row.id, "hash": _hash(row)} for row in rows]
    fill = sa.update(ledger).where(ledger.c.id == sa.bindparam("row_id"))
    for start in range(0, len(hashes), BATCH):
        bind.execute(fill.values(key_hash=sa.bindparam("hash")), hashes[start : start + BATCH])
    _carry_sending(bind, rows)
    op.drop_index("ix_alerts_unsent", table_name="alerts")
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.alter_column("key_hash", existing_type=sa.LargeBinary(HASH_BYTES), nullable=False)
        batch_op.drop_constraint("uq_alerts_key", type_="unique")
        batch_op.create_unique_constraint("uq_alerts_key_hash", ["key_hash"])
    _unsent_index(UNSENT)
    op.create_index("ix_alerts_due_on", "alerts", ["due_on"], unique=False)


def _carry_sending(bind: Any, rows: list[Any]) -> None:
    """Rows left ``sending`` by an interrupted sweep: one outbox row per recipient and channel,
    the ledger rows as a claimed message's (``sent``, the attempt counted), so the next sweep
    settles them as the interrupted message they are."""
    groups: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for row in rows:
        if row.status == "sending":
            groups[(row.recipient, row.channel)].append(row)
    for (recipient, channel), members in groups.items():
        bind.execute(
            sa.insert(outbox).values(
                recipient=recipient,
                channel=channel,
                claimed_at=max(row.first_seen_at for row in members),
                handed_at=max(row.first_seen_at for row in members),  # may have gone out
                key_hashes=b"".join(_hash(row) for row in members),
            )
        )
        for row in members:
            bind.execute(
                sa.update(ledger)
                .where(ledger.c.id == row.id)
                .values(status="sent", attempts=row.attempts + 1, sent_at=row.first_seen_at)
            )


def downgrade() -> None:
    bind = op.get_bind()
    for message in bind.execute(sa.select(outbox)).all():
        hashes = message.key_hashes
        keys = [hashes[i : i + HASH_BYTES] for i in range(0, len(hashes), HASH_BYTES)]
        # Handed over: may have gone out (``sending``, as 0021 knew it); never handed over:
        # certainly not (``pending``).  The attempt counted at the claim is taken back.
        status = "pending" if message.handed_at is None else "sending"
        for start in range(0, len(keys), BATCH):
            bind.execute(
                sa.update(ledger)
                .where(ledger.c.key_hash.in_(keys[start : start + BATCH]))
                .values(status=status, attempts=ledger.c.attempts - 1, sent_at=None)
            )
    op.drop_index("ix_alerts_due_on", table_name="alerts")
    op.drop_index("ix_alerts_unsent", table_name="alerts")
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_constraint("uq_alerts_key_hash", type_="unique")
        batch_op.create_unique_constraint("uq_alerts_key", list(KEY))
        batch_op.drop_column("key_hash")
    _unsent_index(OLD_UNSENT)
    op.drop_table("alert_outbox")
