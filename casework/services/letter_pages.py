"""A case's letters as page images for the review console (issue 20).

The first view of a letter converts it to PDF (``docs --pdf``'s conversion, stored as the
letter's ``pdf`` rendition) and its pages to PNG images, each stored in the document store as
the rendition ``png-<n>``; every later view reads the stored images, so LibreOffice and
pdftoppm run once per letter for the whole deployment.  Two reviewers opening the same letter at
once both convert, and the unique rendition key keeps the first.
"""

from __future__ import annotations

from typing import Protocol

from casework.domain.case.records import Case
from casework.domain.letters.documents import current_documents, voided_paths
from casework.errors import NotFoundError
from casework.services.context import ServiceContext
from casework.services.document_copies import pdf_copies
from casework.services.lookup import find_case
from casework.services.ports import UnitOfWork

PAGE_FORMAT = "png-{}"
MAX_PAGES = 99  # a format name holds 16 characters; a letter has a few pages


TEXT_FORMAT = "page-text"  # the pages' text, each page ended by a form feed


class PageRasteriser(Protocol):
    def pages(self, pdf: bytes) -> list[bytes]: ...

    def texts(self, pdf: bytes) -> list[str]: ...


def page_counts(uow: UnitOfWork, case: Case) -> dict[int, int]:
    """The number of stored page images of each letter of ``case`` (inside ``uow``)."""
    assert case.id is not None
    counts: dict[int, int] = {}
    for page in range(1, MAX_PAGES + 1):
        made = uow.documents.renditions(case.id, PAGE_FORMAT.format(page))
        if not made:
            break
        for document_id in made:
            counts[document_id] = page
    return counts


def ensure_page_images(
    uow: UnitOfWork,
    ctx: ServiceContext,
    case: Case,
    rasteriser: PageRasteriser,
) -> dict[int, int]:
    """Make the page images of the standing letters of ``case`` that have none; the page
    count of each letter."""
    with uow:
        counts = page_counts(uow, case)
        assert case.id is not None
        standing = current_documents(uow.documents.for_case(case.id), voided_paths(case))
    if all(document.id in counts for document in standing):
        return counts
    _case, copies = pdf_copies(uow, ctx, case.number, case.agency)
    pending = [c for c in copies if c.document.id is not None and c.document.id not in counts]
    made = [(c.document.id, rasteriser.pages(c.data), rasteriser.texts(c.data)) for c in pending]
    with uow:
        for document_id, pages, texts in made:
            assert document_id is not None
            renditions = [(PAGE_FORMAT.format(n), png) for n, png in enumerate(pages, start=1)]
            text = "".join(page + "\f" for page in texts).encode("utf-8")
            for fmt, data in [*renditions[:MAX_PAGES], (TEXT_FORMAT, text)]:
                sha256 = uow.store.put(data)
                uow.documents.add_rendition(document_id, fmt, sha256, ctx.now, ctx.actor)
        uow.commit()
        return page_counts(uow, case)


def page_texts(uow: UnitOfWork, case: Case) -> dict[int, list[str]]:
    """The text of each page of each letter of ``case`` whose images were made."""
    assert case.id is not None
    texts: dict[int, list[str]] = {}
    with uow:
        for document_id, sha256 in uow.documents.renditions(case.id, TEXT_FORMAT).items():
            data = uow.store.get(sha256) or b""
            texts[document_id] = data.decode("utf-8", "replace").split("\f")[:-1]
    return texts


def page_image(uow: UnitOfWork, case: Case, document_id: int, page: int) -> bytes:
    """The stored PNG of one page of one letter of ``case``."""
    assert case.id is not None
    with uow:
        sha256 = uow.documents.renditions(case.id, PAGE_FORMAT.format(page)).get(document_id)
        data = uow.store.get(sha256) if sha256 else None
    if data is None:
        raise NotFoundError("没有这一页的图像", field="文书页面")
    return data


def visible_case(
    uow: UnitOfWork, ctx: ServiceContext, reference: str, agency: str | None = None
) -> Case:
    """The case, when the acting user may see its agency; otherwise not found, exactly as an
    unknown number (the console never says that another agency has such a case)."""
    with uow:
        case = find_case(uow, reference, agency, ctx.default_agency)
    require_visible(ctx, case)
    return case


def require_visible(ctx: ServiceContext, case: Case) -> None:
    profile = ctx.users.get(ctx.actor)
    if profile is not None and profile.agencies and case.agency not in profile.agencies:
        raise NotFoundError(f"未找到案件「{case.number}」", field="CASE（案件编号）")
