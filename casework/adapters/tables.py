"""The tables of the case record, on SQLAlchemy Core alone (no ``sqlalchemy.orm``).

``casework.adapters.orm`` maps the domain records onto these tables for the actions; the read
path of ``show``, ``history`` and ``list`` (``casework.adapters.case_reader``) selects from them
without starting the mapper, which saves the ORM's import and query compilation (issue #18).
The same tables run on SQLite (embedded default) and PostgreSQL.  Timestamps are stored in UTC
and read back as Asia/Shanghai.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from casework.adapters.column_types import AwareDateTime, DecisionsJSON

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
    # by a mapper event of casework.adapters.orm; indexed by a trigram index of each engine that
    # lives outside this metadata (revision 0018: SQLite FTS5 ``cases_fts``, PostgreSQL pg_trgm GIN).
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

# The anchor, document-store and sweep tables live in their own modules and join this metadata
# (for Alembic's compare and ``create_all``).
from casework.adapters import orm_documents, orm_integrity, orm_scheduling  # noqa: E402, F401
