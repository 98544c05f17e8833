"""Copies of a case's letters out of the document store, and their PDFs into it.

``casework docs CASE --out DIR`` hands the clerk the .docx of every letter of the case (for
Word editing and printing); the store keeps the record.  ``casework docs CASE --pdf`` converts
the standing letters that have no PDF yet in one LibreOffice run (outside any transaction: it
takes seconds) and stores each PDF as the letter's rendition in one unit of work, so any clerk
of the deployment finds it, and a second clerk converting at the same time adds nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from casework.domain.case.records import Case
from casework.domain.letters.documents import StoredDocument, current_documents, voided_paths
from casework.errors import DocumentError
from casework.services.context import ServiceContext
from casework.services.letter_checks import IMPORT_HINT, renderer
from casework.services.lookup import find_case
from casework.services.ports import UnitOfWork

PDF = "pdf"


@dataclass(frozen=True)
class DocumentCopy:
    """A document's bytes and the file name a copy of it takes (``reply-2.docx``)."""

    document: StoredDocument
    name: str
    data: bytes


def file_name(document: StoredDocument, suffix: str = ".docx") -> str:
    """The last part of the document's name, with ``suffix``."""
    return PurePosixPath(document.path).with_suffix(suffix).name


def _content(uow: UnitOfWork, document: StoredDocument, sha256: str) -> bytes:
    data = uow.store.get(sha256)
    if data is None:
        raise DocumentError(f"文书库中没有该文书的内容{IMPORT_HINT}", field=document.path)
    return data


def letter_copies(
    uow: UnitOfWork, ctx: ServiceContext, reference: str, agency: str | None = None
) -> tuple[Case, list[DocumentCopy]]:
    """The case and the .docx of every document it has, oldest first."""
    with uow:
        case = find_case(uow, reference, agency, ctx.default_agency)
        assert case.id is not None
        copies = [
            DocumentCopy(d, file_name(d), _content(uow, d, d.sha256))
            for d in uow.documents.for_case(case.id)
        ]
    return case, copies


def pdf_copies(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    agency: str | None = None,
    tally: Callable[[int, int], None] | None = None,
) -> tuple[Case, list[DocumentCopy]]:
    """The PDF of each standing letter of the case (a voided draft has none), converting
    (one LibreOffice run) and storing those that have none yet; ``tally`` is told the PDFs
    written so far."""
    letters = renderer(ctx)
    with uow:
        case = find_case(uow, reference, agency, ctx.default_agency)
        assert case.id is not None
        standing = current_documents(uow.documents.for_case(case.id), voided_paths(case))
        made = uow.documents.renditions(case.id, PDF)
        pending = [(d, _content(uow, d, d.sha256)) for d in standing if d.id not in made]
    pdfs = letters.to_pdf([(file_name(d), data) for d, data in pending], tally)
    with uow:
        # A colleague may have stored some meanwhile: theirs stand (SQLite serialises this
        # transaction; on PostgreSQL the unique rendition key keeps the first).
        made = uow.documents.renditions(case.id, PDF)
        for (document, _data), pdf in zip(pending, pdfs, strict=True):
            assert document.id is not None
            if document.id in made:
                continue
            sha256 = uow.store.put(pdf)
            uow.documents.add_rendition(document.id, PDF, sha256, ctx.now, ctx.actor)
        uow.commit()
        made = uow.documents.renditions(case.id, PDF)
        copies = [
            DocumentCopy(d, file_name(d, ".pdf"), _content(uow, d, made[d.id]))
            for d in standing
            if d.id is not None
        ]
    return case, copies
