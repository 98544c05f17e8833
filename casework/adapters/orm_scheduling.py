"""Tables of the alert sweep (issue #6): the alert ledger and its outbox, the sweep lease, the
sweeps that ran and APScheduler's job store.

They share ``casework.adapters.tables.metadata``, which imports this module.
"""

from __future__ import annotations

import hashlib

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
    event,
    text,
)
from sqlalchemy.engine import Connection

from casework.adapters.column_types import AwareDateTime
from casework.adapters.tables import metadata

# The alert ledger (issue #6): one row per alert and recipient, so a re-run sends nothing twice
# and a moved due date is a new alert.  Its key (agency, subject, kind, level, due date,
# recipient, channel) is unique through ``key_hash``, 16 bytes of BLAKE2b over the key's text
# (``ledger_key_hash``), not through an index of the seven text columns (revision 0022, issue 18):
# a daily sweep writes and looks up tens of thousands of keys.
# The ledger rows not sent yet (pending, failed and to be retried, or being sent right now):
# the condition of their partial index, repeated literally by the queries so that SQLite's
# planner can use the index (migration 0009 added ``sending``).  Written with OR since revision
# 0022: SQLite evaluated the former ``status IN (…)`` for each inserted row at about 3 µs
# (82 ms of a daily sweep's 24,000 inserts, measured), the ORs at a tenth of it.
UNSENT_CONDITION = "(status = 'pending' OR status = 'failed' OR status = 'sending')"
KEY_HASH_BYTES = 16


def ledger_key_hash(key: str) -> bytes:
    """The fixed-width form of a ledger key (``Delivery.key``): 16 bytes of BLAKE2b, so two
    keys collide with a probability of about n²/2¹²⁹ (none in any ledger this system keeps)."""
    return hashlib.blake2b(key.encode("utf-8"), digest_size=KEY_HASH_BYTES).digest()


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
    Column("key_hash", LargeBinary(KEY_HASH_BYTES), nullable=False),
    UniqueConstraint("key_hash", name="uq_alerts_key_hash"),
    # A sweep looks up the rows of the few due dates it is about to record: a range of this
    # index per date, not one probe of the key's per delivery (revision 0022).
    Index("ix_alerts_due_on", "due_on"),
    # Only the rows a sweep must still send; the sent ones, nearly all, stay out of it.  Its
    # PostgreSQL condition is added by ``declare_for_dialect``, not here (issue #18).
    Index("ix_alerts_unsent", "status", sqlite_where=text(UNSENT_CONDITION)),
)


def declare_for_dialect(dialect: str) -> None:
    """Give the partial index ``ix_alerts_unsent`` its PostgreSQL condition, on PostgreSQL only.

    A ``postgresql_where`` keyword at table definition makes SQLAlchemy import the whole
    PostgreSQL dialect (~37 ms) to check it, in every SQLite command too (issue #18). It is
    added where the dialect is loaded anyway: before ``create_all`` on PostgreSQL (the listener
    below) and before Alembic compares the models with a PostgreSQL database (migrations/env.py).
    Migrations 0006 and 0009 create the index with its condition themselves.  Idempotent."""
    if dialect != "postgresql":
        return
    [index] = (index for index in alerts.indexes if index.name == "ix_alerts_unsent")
    options = index.dialect_options["postgresql"]  # loads the dialect: it is in use
    if options["where"] is None:
        options["where"] = text(UNSENT_CONDITION)


@event.listens_for(alerts, "before_create")
def _before_create(_target: Table, connection: Connection, **_kw: object) -> None:
    declare_for_dialect(connection.dialect.name)


# The messages being sent (issue 18, revision 0022): a sweep writes the ledger rows of its
# messages as they will stand once sent (``sent``, the attempt counted) together with one row
# here per message naming its recipient, channel and the keys of its rows (``key_hashes``, 16
# bytes each, concatenated); then, per message, commits ``handed_at``, hands the message to its
# channel, and deletes the row here (sent) or marks the ledger rows ``failed``
# (``casework.adapters.alert_outbox``).  While its row is here a ledger row counts as
# ``sending``: a sweep killed in between leaves it here for the next sweep to find.
# Settling a sent message is thus one small delete instead of an update of each ledger row,
# whose indexed ``status`` would rewrite every index entry of the row on PostgreSQL.
alert_outbox = Table(
    "alert_outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("recipient", String(200), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("claimed_at", AwareDateTime, nullable=False),
    Column("key_hashes", LargeBinary, nullable=False),
    # When the message was handed to its channel (None: claimed, not handed over yet).
    Column("handed_at", AwareDateTime),
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
