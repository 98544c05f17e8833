"""Tables of the alert sweep (issue #6): the alert ledger, the sweep lease, the sweeps that
ran and APScheduler's job store.

They share ``casework.adapters.orm.metadata``, which imports this module.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    Float,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    Unicode,
    UniqueConstraint,
    text,
)

from casework.adapters.column_types import AwareDateTime
from casework.adapters.orm import metadata

# The alert ledger (issue #6): one row per alert and recipient, so a re-run sends nothing twice
# and a moved due date is a new alert.
# The ledger rows not sent yet (pending, failed and to be retried, or being sent right now):
# the condition of their partial index, repeated literally by the queries so that SQLite's
# planner can use the index (migration 0009 added ``sending``).
UNSENT_CONDITION = "status IN ('pending', 'failed', 'sending')"
alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("agency", String(32), nullable=False),
    Column("subject", String(64), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("level", String(16), nullable=False),
    Column("due_on", Date, nullable=False),
    Column("recipient", String(200), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("message", Text, nullable=False),
    Column("last_error", Text),
    Column("first_seen_at", AwareDateTime, nullable=False),
    Column("sent_at", AwareDateTime),
    # Led by the due date: a sweep looks up the ledger rows of the due dates it is about to
    # record (migration 0006).
    UniqueConstraint(
        "due_on",
        "recipient",
        "channel",
        "agency",
        "subject",
        "kind",
        "level",
        name="uq_alerts_key",
    ),
    # Only the rows a sweep must still send; the sent ones, nearly all, stay out of it.
    Index(
        "ix_alerts_unsent",
        "status",
        sqlite_where=text(UNSENT_CONDITION),
        postgresql_where=text(UNSENT_CONDITION),
    ),
)

# A named lease so that only one scheduler daemon sweeps at a time (issue #6).
leases = Table(
    "leases",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("holder", String(128), nullable=False),
    Column("acquired_at", AwareDateTime, nullable=False),
    Column("expires_at", AwareDateTime, nullable=False),
)

# One row per sweep that ran (issue #6): what it sent, skipped, failed and lapsed, so the next
# sweep knows which days were missed while the machine was off.
sweeps = Table(
    "sweeps",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("swept_on", Date, nullable=False),
    Column("holder", String(128), nullable=False),
    Column("started_at", AwareDateTime, nullable=False),
    Column("finished_at", AwareDateTime, nullable=False),
    Column("sent", Integer, nullable=False),
    Column("skipped", Integer, nullable=False),
    Column("failed", Integer, nullable=False),
    Column("lapsed", Integer, nullable=False),
    Index("ix_sweeps_swept_on", "swept_on"),
)

# APScheduler 3.x's job store (SQLAlchemyJobStore) in the same database, declared here with the
# very columns APScheduler creates so that the migrations own it (and ``alembic check`` agrees).
apscheduler_jobs = Table(
    "apscheduler_jobs",
    metadata,
    Column("id", Unicode(191), primary_key=True),
    Column("next_run_time", Float(25), index=True),
    Column("job_state", LargeBinary, nullable=False),
)
