"""alert ledger: rows being sent (``sending``) in the partial index of unsent rows

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02

A sweep now writes a delivery's row as ``sending`` before it hands the message to its channel
and settles it (sent or failed) right after (issue 14), so a sweep killed in between leaves a
row the next sweep finds instead of a message sent with no record.  Both the settling UPDATE and
the next sweep's search for interrupted rows ask for ``sending`` rows, so the partial index of
unsent rows now holds them too; the sent ones, nearly all of the ledger, stay out of it.  No row
changes: ``status`` is free text of 16 characters and ``sending``/``uncertain`` fit.

Developed beside revisions 0007 (typed decisions) and 0008 (calendar history); it follows them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

OLD = "status IN ('pending', 'failed')"
NEW = "status IN ('pending', 'failed', 'sending')"


def _index(condition: str) -> None:
    op.create_index(
        "ix_alerts_unsent",
        "alerts",
        ["status"],
        unique=False,
        sqlite_where=sa.text(condition),
        postgresql_where=sa.text(condition),
    )


def upgrade() -> None:
    op.drop_index("ix_alerts_unsent", table_name="alerts")
    _index(NEW)


def downgrade() -> None:
    # The older sweep knows only ``sent`` as done and would send any other row again.  An
    # interrupted delivery on the log channel may be (a repeat does no harm): it becomes
    # ``failed``.  Elsewhere a repeat reaches a person twice: it is kept from being resent as
    # ``sent``, with the doubt written in ``last_error``.
    op.execute(
        "UPDATE alerts SET status = 'failed' "
        "WHERE status IN ('sending', 'uncertain') AND channel = 'log'"
    )
    op.execute(
        "UPDATE alerts SET status = 'sent', "
        "last_error = '扫描在发送时中断，未能确认是否已送达（迁移回退时记为已发送，不再重发）' "
        "WHERE status IN ('sending', 'uncertain')"
    )
    op.drop_index("ix_alerts_unsent", table_name="alerts")
    _index(OLD)
