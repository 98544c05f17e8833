"""Rendering a case's letters when their action happens, inside the action's unit of work.

Each clerk action that sends a document (LETTER_API.md: register, request-correction, extend,
consult, notify-fee, request-reasons, defer, draft, issue, deliver, a lapse) renders it in the
same unit of work that records the action: the number comes from its sequence, the row goes to
the documents table and the bytes to the document store, the journal entry lists
``documents: [{kind, number, path, sha256}]``.  All of it commits together or not at all
(issue 15): a refused or killed action leaves no row, no journal entry and no bytes, and a
committed one never lacks its letter.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from casework.domain.case.records import Case
from casework.domain.letters.content import template_context
from casework.domain.letters.documents import (
    NUMBER_MARKERS,
    STATUS_DRAFT,
    STATUS_FINAL,
    DocumentKind,
    LetterSubject,
    StoredDocument,
    document_number,
)
from casework.services.attachment_store import AttachmentRequest
from casework.services.context import ServiceContext
from casework.services.ports import UnitOfWork

_UNSAFE = re.compile(r"[^\w.\-]+")


def document_folder(case: Case) -> str:
    """``<agency>/<year>/<case number>``: the folder part of a document's name (where revision
    0009 and before kept its file), safe as path parts."""
    parts = (case.agency, str(case.year), case.number)
    return "/".join(_UNSAFE.sub("_", part).strip("._") or "_" for part in parts)


def people(ctx: ServiceContext) -> dict[str, str]:
    """Login name → the person's name (settings ``[users.*] name``): letters print names,
    never logins (the approver of an extension, Reg. art. 33 para. 2)."""
    return {login: user.name for login, user in ctx.users.items()}


class LetterBatch:
    """The letters of one action, rendered and stored inside its unit of work."""

    def __init__(self, ctx: ServiceContext, attach: AttachmentRequest | None = None) -> None:
        self.ctx = ctx
        self.stored: list[StoredDocument] = []
        self.attach = attach  # files the action attaches (issue 17), stored after its step

    def render(
        self,
        uow: UnitOfWork,
        case: Case,
        kind: DocumentKind,
        on: date,
        *,
        ordinal: int,
        final: bool = True,
        number: str | None = None,
    ) -> list[dict[str, str | None]]:
        """Render one letter of ``case`` dated ``on``; its journal entry (empty without a
        renderer, where a workflow test runs without letters)."""
        letters = self.ctx.letters
        if letters is None:
            return []
        assert case.id is not None
        _code, profile = self.ctx.agency(case.agency)
        if final and number is None and kind in NUMBER_MARKERS:
            # GB/T 9704-2012, domain.md §5: a sequence per agency, kind and year.
            seq = uow.sequences.next_value(case.agency, kind.value, on.year)
            number = document_number(profile.doc_code, kind, on.year, seq)
        subject = LetterSubject(kind, ordinal, final, number if final else None, on)
        context = template_context(
            case, subject, profile, self.ctx.catalogue, people=people(self.ctx)
        )
        # Rows of this unit of work are visible to it: the count includes this batch's.
        made = sum(1 for d in uow.documents.for_case(case.id) if d.kind == kind.value)
        suffix = "" if final else "-draft"
        path = f"{document_folder(case)}/{kind.value}-{made + 1}{suffix}.docx"
        # The bytes go to the store in this transaction: committed with the row, or not at all.
        sha256 = uow.store.put(letters.render(kind.value, context, profile.seal_image))
        document = StoredDocument(
            case_id=case.id,
            kind=kind.value,
            number=subject.number,
            status=STATUS_FINAL if final else STATUS_DRAFT,
            path=path,
            sha256=sha256,
            created_at=self.ctx.now,
            created_by=self.ctx.actor,
        )
        uow.documents.add(document)
        self.stored.append(document)
        return [document.journal_entry()]


def with_documents(data: dict[str, Any], documents: list[dict[str, str | None]]) -> dict[str, Any]:
    """The action's journal data, listing the letters it rendered (when it rendered any)."""
    return {**data, "documents": documents} if documents else data
