"""What the review console shows of one case (issue 20): the facts and the deadline derivation
as ``show`` gives them, the journal, the attachments, and every letter with its page images and
the checker's findings (domain.md §5), the current draft's verdict deciding whether it may be
approved.  Reads only; the decisions go through ``review`` and ``actions`` as on the CLI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from casework.domain.case.records import Case
from casework.domain.letters.base import CheckItem
from casework.domain.letters.check import blocking
from casework.domain.letters.documents import DocumentKind, StoredDocument
from casework.errors import DocumentError
from casework.services.context import ServiceContext
from casework.services.letter_checks import (
    DocumentCheck,
    ListedDocument,
    check_case,
    check_draft,
    latest_draft,
    list_documents_by_round,
)
from casework.services.letter_pages import (
    PageRasteriser,
    ensure_page_images,
    page_texts,
    visible_case,
)
from casework.services.ports import UnitOfWork
from casework.services.queries import CaseOverview, case_history, show_case
from casework.services.views import action_label, case_detail, event_view

QUOTED = re.compile(r"「([^」]{2,})」")


@dataclass(frozen=True)
class Finding:
    """A checker's verdict on one element and the page of the letter it quotes, when found."""

    item: CheckItem
    page: int | None = None


def locate(item: CheckItem, pages: list[str]) -> Finding:
    """The first page holding a passage the finding quotes (「…」), whitespace aside (the PDF's
    lines break where the letter's paragraphs do not)."""
    flat = ["".join(page.split()) for page in pages]
    for quoted in QUOTED.findall(item.detail):
        passage = "".join(quoted.split())
        for number, text in enumerate(flat, start=1):
            if passage in text:
                return Finding(item, number)
    return Finding(item)


@dataclass(frozen=True)
class LetterPanel:
    """One letter: its name, round, page images and, when it stands, the checker's verdict."""

    document: StoredDocument
    heading: str
    round_label: str
    voided: bool
    standing: bool
    pages: int
    findings: list[Finding] = field(default_factory=list)

    @property
    def failed(self) -> list[CheckItem]:
        return blocking([finding.item for finding in self.findings])


@dataclass(frozen=True)
class CaseDesk:
    overview: CaseOverview
    view: dict[str, Any]
    events: list[dict[str, Any]]
    letters: list[LetterPanel]  # newest first
    draft: DocumentCheck | None
    images_problem: str | None = None  # why no page images could be made (no LibreOffice …)

    @property
    def draft_blocked(self) -> bool:
        """Domain.md §5: a draft failing a required element cannot be approved."""
        return self.draft is None or bool(self.draft.failed)


def case_desk(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    agency: str | None,
    rasteriser: PageRasteriser,
) -> CaseDesk:
    case = visible_case(uow, ctx, reference, agency)
    overview = show_case(uow, ctx, case.number, case.agency)
    problem = None
    try:
        counts = ensure_page_images(uow, ctx, case, rasteriser)
    except DocumentError as error:
        counts, problem = {}, str(error)
    _case, listed = list_documents_by_round(uow, ctx, case.number, case.agency)
    _case, checks = check_case(uow, ctx, case.number, case.agency)
    verdicts = {check.document.id: check.items for check in checks}
    texts = page_texts(uow, case)
    letters = [
        LetterPanel(
            document=item.document,
            heading=DocumentKind(item.document.kind).heading,
            round_label=item.round_label,
            voided=item.voided,
            standing=item.document.id in verdicts,
            pages=counts.get(item.document.id or 0, 0),
            findings=[
                locate(finding, texts.get(item.document.id or 0, []))
                for finding in verdicts.get(item.document.id, [])
            ],
        )
        for item in reversed(listed)
    ]
    _case, journal = case_history(uow, case.number, case.agency, ctx.default_agency)
    flow = ctx.flow
    events = [
        {
            **event_view(event),
            "action_label": action_label(flow, event.action),
            "state_label": flow.state_label(event.state_after) if event.state_after else "",
        }
        for event in journal
    ]
    return CaseDesk(
        overview=overview,
        view=case_detail(overview, flow, []),
        events=events,
        letters=letters,
        draft=_draft_check(uow, ctx, case, checks=checks, listed=listed),
        images_problem=problem,
    )


def _draft_check(
    uow: UnitOfWork,
    ctx: ServiceContext,
    case: Case,
    *,
    checks: list[DocumentCheck],
    listed: list[ListedDocument],
) -> DocumentCheck | None:
    """The current draft's verdict, taken from the letters already checked (it stands among
    them unless a withdrawal voided it); checked on its own only then."""
    draft = latest_draft([item.document for item in listed])
    if draft is None:
        return None
    found = next((check for check in checks if check.document.id == draft.id), None)
    return found or check_draft(uow, ctx, case.number, case.agency)
