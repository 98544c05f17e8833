"""Checking and storing attachments inside an action's unit of work (issue 17).

``AttachmentRequest.checked`` checks every file before anything is opened (size, type sniffed
from the content, extension; ``casework.domain.case.attachments``); ``store_attachments`` puts
the bytes in the document store and the rows in ``attachments`` in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from casework.domain.case.attachments import (
    Attachment,
    IncomingFile,
    attachment_kind,
    check_file,
    check_note,
)
from casework.domain.case.records import Case
from casework.errors import ValidationError
from casework.services.context import ServiceContext
from casework.services.ports import UnitOfWork

MAX_FILES = 50


@dataclass(frozen=True)
class AttachmentRequest:
    """Files to attach, all of one kind, with an optional note; checked when made."""

    files: tuple[IncomingFile, ...]
    kind: str
    note: str | None
    media_types: tuple[str, ...] = ()

    @classmethod
    def checked(
        cls, files: Sequence[IncomingFile], kind: str, note: str | None
    ) -> AttachmentRequest:
        """The request with every file checked (a Chinese refusal names the first bad one)."""
        code = attachment_kind(kind).value
        if not files:
            raise ValidationError("至少附一个文件", field="FILE（附件文件）")
        if len(files) > MAX_FILES:
            raise ValidationError(f"一次最多附 {MAX_FILES} 个文件", field="FILE（附件文件）")
        types = tuple(check_file(file.name, file.data) for file in files)
        return cls(tuple(files), code, check_note(note), types)


def store_attachments(
    uow: UnitOfWork, ctx: ServiceContext, case: Case, request: AttachmentRequest, seq: int
) -> list[dict[str, object]]:
    """Store the files of ``request`` for ``case`` as part of journal event ``seq``, inside
    the caller's unit of work; their journal entries."""
    assert case.id is not None
    entries = []
    for file, media_type in zip(request.files, request.media_types, strict=True):
        attachment = Attachment(
            case_id=case.id,
            kind=request.kind,
            name=file.name,
            media_type=media_type,
            size=len(file.data),
            sha256=uow.store.put(file.data),
            note=request.note,
            event_seq=seq,
            created_at=ctx.now,
            created_by=ctx.actor,
        )
        uow.attachments.add(attachment)
        entries.append(attachment.journal_entry())
    return entries
