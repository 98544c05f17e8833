"""The documents table and the document store: which documents a case has, and their bytes.

Rows are written in the unit of work of the action that rendered the letter and never changed
afterwards (a new draft is a new row); Core statements keep the domain record free of ORM state.
The bytes go to ``document_blobs`` in the same transaction, once per sha256 (issue 15):
``bytea`` on PostgreSQL, a BLOB on SQLite (bench/bench_document_store.py measured both against
large objects and files beside the database).
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, insert, select
from sqlalchemy.orm import Session

from casework.adapters.orm_documents import document_blobs, document_renditions, documents
from casework.adapters.upserts import dialect_insert
from casework.domain.letters.documents import StoredDocument

_COLUMNS = (
    "case_id",
    "kind",
    "number",
    "status",
    "path",
    "sha256",
    "created_at",
    "created_by",
)


def _document(row: Any) -> StoredDocument:
    return StoredDocument(id=row.id, **{name: getattr(row, name) for name in _COLUMNS})


def _insert_ignoring_duplicates(session: Session, table: Any, **values: Any) -> bool:
    """``INSERT … ON CONFLICT DO NOTHING``: whether a row was inserted."""
    insert_statement = dialect_insert(session.get_bind().dialect.name, table)
    statement = insert_statement.values(**values).on_conflict_do_nothing()
    result: CursorResult[Any] = session.execute(statement)  # type: ignore[assignment]
    return bool(result.rowcount)


class SqlDocumentRepository:
    """The ``DocumentRepository`` port on SQLAlchemy Core."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, document: StoredDocument) -> int:
        values = {name: getattr(document, name) for name in _COLUMNS}
        statement = insert(documents).values(**values).returning(documents.c.id)
        return int(self.session.execute(statement).scalar_one())

    def for_case(self, case_id: int) -> list[StoredDocument]:
        """The case's documents in the order they were made."""
        query = select(documents).where(documents.c.case_id == case_id).order_by(documents.c.id)
        return [_document(row) for row in self.session.execute(query)]

    def every(self) -> list[StoredDocument]:
        return [_document(row) for row in self.session.execute(select(documents).order_by("id"))]

    def without_content(self) -> list[StoredDocument]:
        stored = select(document_blobs.c.sha256).where(
            document_blobs.c.sha256 == documents.c.sha256
        )
        query = select(documents).where(~stored.exists()).order_by(documents.c.id)
        return [_document(row) for row in self.session.execute(query)]

    def add_rendition(self, document_id: int, fmt: str, sha256: str, at: datetime, by: str) -> bool:
        return _insert_ignoring_duplicates(
            self.session,
            document_renditions,
            document_id=document_id,
            format=fmt,
            sha256=sha256,
            created_at=at,
            created_by=by,
        )

    def renditions(self, case_id: int, fmt: str) -> dict[int, str]:
        query = (
            select(document_renditions.c.document_id, document_renditions.c.sha256)
            .join(documents, documents.c.id == document_renditions.c.document_id)
            .where(documents.c.case_id == case_id, document_renditions.c.format == fmt)
        )
        return {row.document_id: row.sha256 for row in self.session.execute(query)}


class SqlDocumentStore:
    """The ``DocumentStore`` port: bytes by sha256 in ``document_blobs``, in the session's
    transaction (a rolled-back action leaves nothing behind)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def put(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        _insert_ignoring_duplicates(
            self.session, document_blobs, sha256=digest, size=len(data), content=data
        )
        return digest

    def get(self, sha256: str) -> bytes | None:
        query = select(document_blobs.c.content).where(document_blobs.c.sha256 == sha256)
        content = self.session.execute(query).scalar_one_or_none()
        return None if content is None else bytes(content)
