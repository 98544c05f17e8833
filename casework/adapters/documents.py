"""The documents table: which letters a case has, where their files are, and their checksums.

Rows are written in the unit of work of the action that rendered the letter and never changed
afterwards (a new draft is a new row); Core statements keep the domain record free of ORM state.
"""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from casework.adapters.orm import documents
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
        return [
            StoredDocument(id=row.id, **{name: getattr(row, name) for name in _COLUMNS})
            for row in self.session.execute(query)
        ]

    def by_path(self, path: str) -> StoredDocument | None:
        """The committed document stored at ``path`` (the newest, should there be two)."""
        query = select(documents).where(documents.c.path == path).order_by(documents.c.id.desc())
        row = self.session.execute(query.limit(1)).first()
        if row is None:
            return None
        return StoredDocument(id=row.id, **{name: getattr(row, name) for name in _COLUMNS})
