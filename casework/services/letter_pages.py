"""A letter as page images (issue 20): what the review console shows beside the checker.

A reviewer reads the letter as it will print: the PDF LibreOffice makes of the stored .docx
(the letter's ``pdf`` rendition, made here when ``docs --pdf`` has not made it yet), rasterised
one PNG per page.  The page images are kept as renditions of the letter in the document store
(format ``page<dpi>-<n>.png``), so a second look at the same letter neither runs LibreOffice
nor pdftoppm again; they are made outside any transaction (seconds) and stored in one unit of
work, where a colleague's copy stored meanwhile stands.  Only cases of the agencies the user
works for are shown: any other is "not found", as the console answers 404.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from casework.domain.case.records import Case
from casework.domain.letters.documents import StoredDocument
from casework.errors import DocumentError, NotFoundError, ValidationError
from casework.services.context import ServiceContext
from casework.services.document_copies import PDF, file_name
from casework.services.letter_checks import IMPORT_HINT, renderer
from casework.services.lookup import find_case
from casework.services.ports import UnitOfWork
from casework.services.review_queue import visible_agencies

# Office screens (1366×768) read an A4 page well at 80-100 dpi.
DEFAULT_DPI = 96
DPI_RANGE = (50, 200)
_PAGE_FORMAT = re.compile(r"^page(\d+)-(\d+)\.png$")
DOCUMENT_FIELD = "DOCUMENT（文书编号）"


@dataclass(frozen=True)
class LetterPages:
    """One letter of a case and its pages as PNG images, first page first."""

    case: Case
    document: StoredDocument
    pages: list[bytes]


def page_format(dpi: int, page: int) -> str:
    """The rendition format of page ``page`` at ``dpi`` (fits the 16-character column)."""
    return f"page{dpi}-{page}.png"


def letter_pages(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    document_id: int,
    *,
    agency: str | None = None,
    dpi: int = DEFAULT_DPI,
) -> LetterPages:
    """The pages of the letter ``document_id`` of case ``reference`` at ``dpi``."""
    low, high = DPI_RANGE
    if not low <= dpi <= high:
        raise ValidationError(f"分辨率应为{low}至{high} dpi", field="dpi（分辨率）")
    with uow:
        case, document = _letter_of(uow, ctx, reference, document_id, agency)
        stored = uow.documents.renditions_of(document_id)
        cached = _cached_pages(stored, dpi)
        if cached:
            return LetterPages(case, document, [_bytes(uow, document, s) for s in cached])
        pdf = _bytes(uow, document, stored[PDF]) if PDF in stored else None
        docx = _bytes(uow, document, document.sha256) if pdf is None else b""
    letters = renderer(ctx)
    made_pdf = pdf is None
    if pdf is None:
        (pdf,) = letters.to_pdf([(file_name(document), docx)])
    images = letters.to_page_images(pdf, dpi)
    with uow:
        if made_pdf:
            uow.documents.add_rendition(document_id, PDF, uow.store.put(pdf), ctx.now, ctx.actor)
        for number, image in enumerate(images, start=1):
            sha256 = uow.store.put(image)
            uow.documents.add_rendition(
                document_id, page_format(dpi, number), sha256, ctx.now, ctx.actor
            )
        uow.commit()
    return LetterPages(case, document, images)


def _letter_of(
    uow: UnitOfWork, ctx: ServiceContext, reference: str, document_id: int, agency: str | None
) -> tuple[Case, StoredDocument]:
    case = find_case(uow, reference, agency, ctx.default_agency)
    if case.agency not in visible_agencies(ctx, None):
        # Not the user's agency: as if it did not exist (no case number confirmed to a stranger).
        raise NotFoundError(f"未找到案件「{reference.strip()}」", field="CASE（案件编号）")
    assert case.id is not None
    for document in uow.documents.for_case(case.id):
        if document.id == document_id:
            return case, document
    raise NotFoundError(f"案件 {case.number} 没有编号为 {document_id} 的文书", field=DOCUMENT_FIELD)


def _cached_pages(stored: dict[str, str], dpi: int) -> list[str]:
    """The sha256 of each stored page at ``dpi``, in page order; [] when none or a gap."""
    pages = {}
    for fmt, sha256 in stored.items():
        match = _PAGE_FORMAT.match(fmt)
        if match and int(match.group(1)) == dpi:
            pages[int(match.group(2))] = sha256
    if sorted(pages) != list(range(1, len(pages) + 1)):
        return []
    return [pages[number] for number in sorted(pages)]


def _bytes(uow: UnitOfWork, document: StoredDocument, sha256: str) -> bytes:
    data = uow.store.get(sha256)
    if data is None:
        raise DocumentError(f"文书库中没有该文书的内容{IMPORT_HINT}", field=document.path)
    return data
