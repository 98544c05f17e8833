"""SQLAlchemy tables and the imperative mapping of the domain records onto them.

The same tables run on SQLite (embedded default) and PostgreSQL.  Timestamps are stored in UTC
and read back as Asia/Shanghai; the case row carries a version counter that turns a lost
update into an error instead of silently overwriting a colleague's work.
"""

from __future__ import annotations

import threading

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    Unicode,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import registry, relationship

from casework.adapters.column_types import AwareDateTime, DecisionsJSON
from casework.domain.case.records import Applicant, Case, CaseEvent
from casework.domain.case.search import case_search_text

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


applicants = Table(
    "applicants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("applicant_type", String(24), nullable=False),
    Column("id_type", String(16)),
    Column("id_number", String(64)),
    Column("contact", String(200), nullable=False, default=""),
    Column("address", String(500), nullable=False, default=""),
    Index("ix_applicants_identity", "id_type", "id_number"),
    # ``search --id-number`` (exact, whatever the type) and ``--applicant``, and the earlier
    # requests of the same applicant at registration (revision 0018).
    Index("ix_applicants_id_number", "id_number"),
    Index("ix_applicants_name", "name"),
)

cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("agency", String(32), nullable=False),
    Column("number", String(48), nullable=False),
    Column("year", Integer, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("query_code", String(16), nullable=False, unique=True),
    Column("state", String(24), nullable=False),
    Column("workflow", String(48), nullable=False),
    Column("workflow_version", String(16), nullable=False),
    Column("applicant_id", ForeignKey("applicants.id"), nullable=False, index=True),
    Column("channel", String(16), nullable=False),
    Column("arrived_on", Date),
    Column("received_on", Date, nullable=False),
    Column("description", Text, nullable=False),
    Column("form", String(16)),
    Column("delivery", String(16)),
    Column("assistance", Text),
    Column("receipt", JSON, nullable=False),
    # The case's decisions (casework.domain.case.storage; layout of revision 0007).
    Column("facts", DecisionsJSON, nullable=False),
    Column("outcome", String(32)),
    Column("reply_number", String(64)),
    Column("reply_due_on", Date),
    # The reply's issue date or the withdrawal date: the annual report counts a case as a
    # result of the year it was concluded in (domain.md §4).
    Column("concluded_on", Date),
    Column("next_deadline_on", Date),
    Column("next_deadline_kind", String(32)),
    Column("clock_status", String(16)),
    Column("due_provisional", Boolean, nullable=False, default=False),
    Column("handler", String(64), nullable=False),
    Column("created_at", AwareDateTime, nullable=False),
    Column("updated_at", AwareDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    # What ``casework search`` finds a case by (casework.domain.case.search.search_text), kept
    # by a mapper event; indexed by a trigram index of each engine that lives outside this
    # metadata (revision 0018: SQLite FTS5 ``cases_fts``, PostgreSQL pg_trgm GIN).
    Column("search_text", Text),
    UniqueConstraint("agency", "number", name="uq_cases_agency_number"),
    UniqueConstraint("agency", "year", "seq", name="uq_cases_agency_year_seq"),
    # Lists and alerts: open cases by due date are index range scans (engineering notes).
    Index("ix_cases_state_reply_due_on", "state", "reply_due_on"),
    Index("ix_cases_state_next_deadline_on", "state", "next_deadline_on"),
    Index("ix_cases_agency_state", "agency", "state"),
    Index("ix_cases_received_on", "received_on"),
    Index("ix_cases_concluded_on", "concluded_on"),
    # One clerk's 待办 by next deadline (``todo``, ``list --handler``; revision 0012).
    Index("ix_cases_handler_next_deadline_on", "handler", "next_deadline_on"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("cases.id"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("action", String(48), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("recorded_at", AwareDateTime, nullable=False),
    Column("effective_on", Date, nullable=False),
    Column("state_before", String(24)),
    Column("state_after", String(24), nullable=False),
    Column("data", JSON, nullable=False),
    # How the actor was known (issue 15, revision 0011): database, os, declared or system.
    Column("identity", String(16)),
    # The hash chain (issue 17, revision 0017; casework.domain.case.chain).  Nullable only
    # because the columns were added to a filled table: the migration chained every event.
    Column("prev_hash", String(64)),
    Column("event_hash", String(64)),
    UniqueConstraint("case_id", "seq", name="uq_events_case_id_seq"),
)

# PostgreSQL logins and the agencies whose rows they may see and write ("*": every agency),
# read by the row-level security policies (casework.adapters.row_security; revision 0011).
agency_grants = Table(
    "agency_grants",
    metadata,
    Column("role_name", String(63), primary_key=True),
    Column("agency", String(32), primary_key=True),
)

number_sequences = Table(
    "number_sequences",
    metadata,
    Column("agency", String(32), primary_key=True),
    Column("kind", String(32), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("last_value", Integer, nullable=False),
    CheckConstraint("last_value > 0", name="positive"),
)

# Working-calendar years loaded from data files (domain.md §2.1): national years beyond the
# chinesecalendar package, and local rest days, each with its provenance.
calendar_years = Table(
    "calendar_years",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("year", Integer, nullable=False),
    Column("region", String(40), nullable=False),
    Column("source", Text, nullable=False),
    Column("published_on", Date),
    Column("holidays", JSON, nullable=False),
    Column("workdays", JSON, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("loaded_at", AwareDateTime, nullable=False),
    Column("loaded_by", String(64), nullable=False),
    UniqueConstraint("year", "region", name="uq_calendar_years_year_region"),
)

# Calendar years replaced by a correction (issue #16): the data in effect before, who had
# loaded it (or 软件自带 for a year of the package), and who replaced it, when and why.
calendar_year_history = Table(
    "calendar_year_history",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("year", Integer, nullable=False),
    Column("region", String(40), nullable=False),
    Column("source", Text, nullable=False),
    Column("published_on", Date),
    Column("holidays", JSON, nullable=False),
    Column("workdays", JSON, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("loaded_at", AwareDateTime),
    Column("loaded_by", String(64), nullable=False),
    Column("replaced_at", AwareDateTime, nullable=False),
    Column("replaced_by", String(64), nullable=False),
    Column("reason", Text, nullable=False),
    Index("ix_calendar_year_history_year_region", "year", "region"),
)

# Letters rendered for a case (issue #5, domain.md §5): its name (``path``,
# ``<agency>/<year>/<case>/<kind>-<n>.docx``, where revision 0009 and before kept the file) and
# the sha256 of its bytes in ``document_blobs``; the action's journal entry repeats both.
documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("cases.id"), nullable=False, index=True),
    Column("kind", String(32), nullable=False),
    Column("number", String(64)),
    Column("status", String(16), nullable=False),
    Column("path", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("created_at", AwareDateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
)

# The document store (issue 15): every document's bytes once, by sha256, written in the
# transaction of the action that produced them (``bytea`` on PostgreSQL, a BLOB on SQLite:
# bench/bench_document_store.py).  Letters, their PDFs and later attachments share it.
document_blobs = Table(
    "document_blobs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),
)

# Renditions of a document made later (the PDF of ``docs --pdf``), one per document and format.
document_renditions = Table(
    "document_renditions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", ForeignKey("documents.id"), nullable=False),
    Column("format", String(16), nullable=False),
    Column("sha256", ForeignKey("document_blobs.sha256"), nullable=False),
    Column("created_at", AwareDateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
    UniqueConstraint("document_id", "format", name="uq_document_renditions_document_format"),
)

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

# Administrative reconsideration and litigation about a case (issue #7, domain.md §4 table 四),
# one row per proceeding (case, kind, filing date), updated as it proceeds.  A corrected result
# may reopen the case for a new reply (重新答复): ``reopened_on`` and the snapshot of the first
# conclusion (``reported_outcome``, ``reported_concluded_on``) that table 三 keeps counting.
remedies = Table(
    "remedies",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("cases.id"), nullable=False, index=True),
    Column("kind", String(40), nullable=False),
    Column("filed_on", Date, nullable=False),
    Column("organ", String(200)),
    Column("result", String(16), nullable=False),
    Column("decided_on", Date),
    Column("reopened_on", Date),
    Column("reported_outcome", String(32)),
    Column("reported_concluded_on", Date),
    Column("recorded_at", AwareDateTime, nullable=False),
    Column("recorded_by", String(64), nullable=False),
    UniqueConstraint("case_id", "kind", "filed_on", name="uq_remedies_case_kind_filed"),
    Index("ix_remedies_filed_on", "filed_on"),
)

# The search index objects of revision 0018 that are not tables of this metadata: Alembic's
# comparison (``alembic check``) leaves them alone (``include_object`` in migrations/env.py).
SEARCH_INDEX_OBJECTS = frozenset(
    {
        "cases_fts",
        "cases_fts_data",
        "cases_fts_idx",
        "cases_fts_docsize",
        "cases_fts_config",
        "cases_fts_content",
        "ix_cases_search_text_trgm",
    }
)
# The staff HTTP API's tokens (issue 19): only the sha256 of a token is kept, never the token.
api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_sha256", String(64), nullable=False, unique=True),
    Column("prefix", String(16), nullable=False),
    Column("user", String(64), nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", AwareDateTime, nullable=False),
    Column("expires_at", AwareDateTime, nullable=False),
    Column("revoked_at", AwareDateTime),
)
# An online application resubmitted with the same Idempotency-Key finds its case here.
idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("scope", String(32), nullable=False),
    Column("key", String(200), nullable=False),
    Column("request_sha256", String(64), nullable=False),
    Column("case_id", ForeignKey("cases.id"), nullable=False),
    Column("created_at", AwareDateTime, nullable=False),
    UniqueConstraint("scope", "key", name="uq_idempotency_keys_scope_key"),
)

mapper_registry = registry(metadata=metadata)
_mapped = False
_mapping = threading.Lock()


def start_mappers() -> None:
    """Map the domain records onto the tables, once per process.  Under a lock: the HTTP
    service's first requests arrive on several threads at once (issue 19)."""
    global _mapped  # noqa: PLW0603 - mapping is process-wide by nature in SQLAlchemy
    if _mapped:
        return
    with _mapping:
        if _mapped:
            return
        mapper_registry.map_imperatively(Applicant, applicants)
        mapper_registry.map_imperatively(
            Case,
            cases,
            properties={
                "applicant": relationship(Applicant, lazy="joined", innerjoin=True),
                "decisions": cases.c.facts,
            },
            version_id_col=cases.c.version,
        )
        mapper_registry.map_imperatively(CaseEvent, events)
        event.listen(Case, "before_insert", _keep_search_text)
        event.listen(Case, "before_update", _keep_search_text)
        _mapped = True


def _keep_search_text(_mapper: object, _connection: object, case: Case) -> None:
    # A column of the row being flushed may be set here (SQLAlchemy mapper flush events).
    case.search_text = case_search_text(case)


# The anchor tables live in their own module and join this metadata (for Alembic's compare).
from casework.adapters import orm_integrity  # noqa: E402, F401
