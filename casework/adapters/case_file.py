"""The ``AttachmentRepository`` and ``ArchiveBundleRepository`` ports on SQLAlchemy Core.

Rows are inserted in the action's unit of work and never changed; the bytes they name are in
the document store (``casework.adapters.documents.SqlDocumentStore``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select

from casework.adapters.case_file_tables import archive_bundles, attachments
from casework.adapters.tables import cases
from casework.domain.case.archive import BundleRecord
from casework.domain.case.attachments import Attachment

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session


_ATTACHMENT_COLUMNS = (
    "case_id",
    "kind",
    "name",
    "media_type",
    "size",
    "sha256",
    "note",
    "event_seq",
    "created_at",
    "created_by",
)
_BUNDLE_COLUMNS = (
    "case_id",
    "event_seq",
    "manifest_sha256",
    "journal_head",
    "seal",
    "created_at",
    "created_by",
)


def _attachment(row: Any) -> Attachment:
    return Attachment(id=row.id, **{name: getattr(row, name) for name in _ATTACHMENT_COLUMNS})


def _bundle(row: Any) -> BundleRecord:
    return BundleRecord(id=row.id, **{name: getattr(row, name) for name in _BUNDLE_COLUMNS})


class SqlAttachmentRepository:
    def __init__(self, session: Session | Connection) -> None:
        self.session = session

    def add(self, attachment: Attachment) -> int:
        values = {name: getattr(attachment, name) for name in _ATTACHMENT_COLUMNS}
        statement = insert(attachments).values(**values).returning(attachments.c.id)
        return int(self.session.execute(statement).scalar_one())

    def for_case(self, case_id: int) -> list[Attachment]:
        query = (
            select(attachments).where(attachments.c.case_id == case_id).order_by(attachments.c.id)
        )
        return [_attachment(row) for row in self.session.execute(query)]


class SqlArchiveBundleRepository:
    def __init__(self, session: Session | Connection) -> None:
        self.session = session

    def add(self, bundle: BundleRecord) -> int:
        values = {name: getattr(bundle, name) for name in _BUNDLE_COLUMNS}
        statement = insert(archive_bundles).values(**values).returning(archive_bundles.c.id)
        return int(self.session.execute(statement).scalar_one())

    def for_case(self, case_id: int) -> list[BundleRecord]:
        query = (
            select(archive_bundles)
            .where(archive_bundles.c.case_id == case_id)
            .order_by(archive_bundles.c.id)
        )
        return [_bundle(row) for row in self.session.execute(query)]

    def every(self, agency: str | None) -> list[BundleRecord]:
        query = select(archive_bundles).order_by(archive_bundles.c.case_id, archive_bundles.c.id)
        if agency is not None:
            query = query.join(cases, cases.c.id == archive_bundles.c.case_id).where(
                cases.c.agency == agency
            )
        return [_bundle(row) for row in self.session.execute(query)]
