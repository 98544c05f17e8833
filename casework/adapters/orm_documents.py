"""Tables of the document store (issues 5 and 15): letters, their bytes and their renditions.

Every document's bytes are kept once, by sha256, in ``document_blobs`` and written in the unit
of work of the action that produced them.  The tables share ``casework.adapters.tables.metadata``,
which imports this module.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from casework.adapters.column_types import AwareDateTime
from casework.adapters.tables import metadata

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
