"""Tables of the complete case file (issue 17): attachments and archive bundles.

Both keep their bytes in ``document_blobs`` (the document store of issue 15, by sha256) and
are written in the unit of work of the action that adds them; rows are never changed
afterwards.  They share ``casework.adapters.tables.metadata`` (revision 0019 creates them).
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text

from casework.adapters.column_types import AwareDateTime
from casework.adapters.tables import metadata

# A file attached to a case (Reg. art. 45: the complete file): its kind, the clerk's file name,
# the media type sniffed from its content, and the journal event that added it.
attachments = Table(
    "attachments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("cases.id"), nullable=False, index=True),
    Column("kind", String(32), nullable=False),
    Column("name", Text, nullable=False),
    Column("media_type", String(100), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", ForeignKey("document_blobs.sha256"), nullable=False),
    Column("note", Text),
    Column("event_seq", Integer, nullable=False),
    Column("created_at", AwareDateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
)

# One frozen archive bundle per archive action (归档, Reg. art. 45): its manifest (in the store),
# the journal head hash the manifest is sealed with, and the seal itself.
archive_bundles = Table(
    "archive_bundles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("cases.id"), nullable=False, index=True),
    Column("event_seq", Integer, nullable=False),
    Column("manifest_sha256", ForeignKey("document_blobs.sha256"), nullable=False),
    Column("journal_head", String(64), nullable=False),
    Column("seal", String(64), nullable=False),
    Column("created_at", AwareDateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
)
