"""cases: the indexed search text (``casework search``) and the applicants' lookup indexes

Revision ID: 0018
Revises: 0012
Create Date: 2026-12-04

Issue 17 (search and repeats).  ``cases.search_text`` holds what a case is found by: the
applicant's name, the description, the reply number and the words of the reply (the draft's
facts; ``casework.domain.case.search``).  Each engine indexes it by trigrams, the only
tokenisation that finds Chinese words without a dictionary:

- SQLite: an FTS5 table ``cases_fts`` with ``tokenize='trigram'`` over the column (external
  content: the text is stored once, in ``cases``), kept by three triggers.
- PostgreSQL: a GIN index with ``gin_trgm_ops`` (pg_trgm, a trusted extension).  Under the
  C.UTF-8 ctype of the suite's server pg_trgm does make trigrams of CJK characters
  (``show_trgm('绿化养护预算')`` gives seven; tested in tests/integration/test_search.py).

Applicants get an index on the identity number alone (an exact ``search --id-number`` does not
know the type) and on the name (``--applicant``, the earlier requests at registration).
Existing rows get their text here.  A later batch migration that recreates ``cases`` on SQLite
drops the triggers with it and must create them again.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

from casework.domain.case.search import search_text

revision = "0018"
# Assigned "0009" (the lead re-chains at merge); this branch already holds 0012, which also
# follows 0009, so it follows 0012 here to keep one head.  The test reads this name.
down_revision = "0017"
branch_labels = None
depends_on = None

SQLITE_UP = (
    "CREATE VIRTUAL TABLE cases_fts USING fts5(search_text, content='cases', "
    "content_rowid='id', tokenize='trigram')",
    "INSERT INTO cases_fts(cases_fts) VALUES ('rebuild')",
    "CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN "
    "INSERT INTO cases_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER cases_fts_delete AFTER DELETE ON cases BEGIN "
    "INSERT INTO cases_fts(cases_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER cases_fts_update AFTER UPDATE OF search_text ON cases BEGIN "
    "INSERT INTO cases_fts(cases_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO cases_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS cases_fts_update",
    "DROP TRIGGER IF EXISTS cases_fts_delete",
    "DROP TRIGGER IF EXISTS cases_fts_insert",
    "DROP TABLE IF EXISTS cases_fts",
)
POSTGRESQL_UP = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_cases_search_text_trgm ON cases USING gin (search_text gin_trgm_ops)",
)
POSTGRESQL_DOWN = ("DROP INDEX IF EXISTS ix_cases_search_text_trgm",)


def upgrade() -> None:
    op.add_column("cases", sa.Column("search_text", sa.Text(), nullable=True))
    op.create_index("ix_applicants_id_number", "applicants", ["id_number"], unique=False)
    op.create_index("ix_applicants_name", "applicants", ["name"], unique=False)
    _fill_search_text()
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_UP if dialect == "sqlite" else POSTGRESQL_UP:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_DOWN if dialect == "sqlite" else POSTGRESQL_DOWN:
        op.execute(statement)
    op.drop_index("ix_applicants_name", table_name="applicants")
    op.drop_index("ix_applicants_id_number", table_name="applicants")
    # SQLite 3.35+ and PostgreSQL drop a column in place: batch mode would rebuild ``cases``,
    # which the journal, documents and attachments reference (a populated database refuses
    # the DROP TABLE with foreign keys on) and whose triggers it would lose.
    op.execute("ALTER TABLE cases DROP COLUMN search_text")


def _fill_search_text() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT cases.id, applicants.name, cases.description, cases.reply_number, "
            "cases.facts FROM cases JOIN applicants ON applicants.id = cases.applicant_id"
        )
    ).all()
    update = sa.text("UPDATE cases SET search_text = :text WHERE id = :id")
    for case_id, name, description, reply_number, facts in rows:
        text = search_text(name, description, reply_number, _draft_facts(facts))
        connection.execute(update, {"text": text, "id": case_id})


def _draft_facts(facts: Any) -> dict[str, str]:
    # The layout of revision 0007: {"reply": {"draft": {"facts": {...}}}}.
    data = json.loads(facts) if isinstance(facts, str) else facts or {}
    draft = (data.get("reply") or {}).get("draft") or {}
    return {str(k): str(v) for k, v in (draft.get("facts") or {}).items()}
