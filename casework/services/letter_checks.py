"""Listing a case's letters, checking their required elements, converting them to PDF.

The check reads every standing letter back from the document store (never from the context
that rendered it), verifies the bytes still have the checksum recorded when they were made, and
compares the text with what the case record requires (domain.md §5).  ``approve`` runs the
same check on the current draft and refuses while an element fails.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from hashlib import sha256

from casework.domain.case.records import Case
from casework.domain.letters.check import CheckItem, blocking, check_letter
from casework.domain.letters.dates import letter_date
from casework.domain.letters.documents import (
    DocumentKind,
    LetterSubject,
    StoredDocument,
    current_documents,
    voided_paths,
)
from casework.domain.letters.expectations import letter_expectation
from casework.domain.letters.rounds import (
    case_in_round,
    case_round,
    document_rounds,
    ordinal_in_round,
    round_label,
)
from casework.errors import ActionNotAllowedError, ConfigurationError, ValidationError
from casework.services.context import ServiceContext
from casework.services.earlier_cases import earlier_register
from casework.services.letters import people
from casework.services.lookup import find_case
from casework.services.ports import LetterRenderer, UnitOfWork

DRAFT_FIELD = "答复书草稿"
# A letter written as a file before revision 0010 whose file was never imported.
IMPORT_HINT = "（旧版本写在工作目录中的文书，请运行 casework db import-documents 导入）"


@dataclass(frozen=True)
class DocumentCheck:
    """One letter and the verdict on each of its required elements."""

    document: StoredDocument
    items: list[CheckItem]
    round: int = 0  # 0: the first handling; n: after the n-th reopening (重新答复)

    @property
    def round_label(self) -> str:
        return round_label(self.round)

    @property
    def failed(self) -> list[CheckItem]:
        return blocking(self.items)


def renderer(ctx: ServiceContext) -> LetterRenderer:
    if ctx.letters is None:
        raise ConfigurationError("未配置文书生成（templates/replies）", field="templates_dir")
    return ctx.letters


@dataclass(frozen=True)
class ListedDocument:
    """A document and the round of handling it belongs to (``casework docs``)."""

    document: StoredDocument
    round: int
    voided: bool = False  # a draft a withdrawal made void (seed 003)

    @property
    def round_label(self) -> str:
        return round_label(self.round)


def list_documents(
    uow: UnitOfWork, ctx: ServiceContext, reference: str, agency: str | None = None
) -> tuple[Case, list[StoredDocument]]:
    """The case and every document rendered for it, oldest first."""
    with uow:
        case = find_case(uow, reference, agency, ctx.default_agency)
        assert case.id is not None
        return case, uow.documents.for_case(case.id)


def list_documents_by_round(
    uow: UnitOfWork, ctx: ServiceContext, reference: str, agency: str | None = None
) -> tuple[Case, list[ListedDocument]]:
    """Every document of the case, oldest first, with its round: a reopened case lists the
    first reply and the new one, each under its round."""
    with uow:
        case = find_case(uow, reference, agency, ctx.default_agency)
        assert case.id is not None
        documents = uow.documents.for_case(case.id)
        rounds = document_rounds(documents, uow.events.for_case(case.id))
    voided = voided_paths(case)
    return case, [ListedDocument(d, rounds[d.path], d.path in voided) for d in documents]


def check_case(
    uow: UnitOfWork, ctx: ServiceContext, reference: str, agency: str | None = None
) -> tuple[Case, list[DocumentCheck]]:
    """Every standing letter of the case, checked (a superseded draft is not)."""
    with uow:
        case = find_case(uow, reference, agency, ctx.default_agency)
        assert case.id is not None
        documents = uow.documents.for_case(case.id)
        rounds = document_rounds(documents, uow.events.for_case(case.id))
        register = earlier_register(uow, case)
        checks = [
            DocumentCheck(
                document,
                check_document(uow, ctx, case, documents, document, rounds, register=register),
                rounds[document.path],
            )
            for document in current_documents(documents, voided_paths(case))
        ]
    return case, checks


def latest_draft(documents: list[StoredDocument]) -> StoredDocument | None:
    """The newest draft of the decision letter (reply or termination), if any."""
    drafts = [d for d in documents if not d.final and DocumentKind(d.kind).is_decision]
    return drafts[-1] if drafts else None


def check_draft(
    uow: UnitOfWork, ctx: ServiceContext, reference: str, agency: str | None = None
) -> DocumentCheck | None:
    """The current draft of the case, checked (what ``draft`` prints); None without one."""
    with uow:
        case = find_case(uow, reference, agency, ctx.default_agency)
        assert case.id is not None
        documents = uow.documents.for_case(case.id)
        draft = latest_draft(documents)
        if draft is None:
            return None
        rounds = document_rounds(documents, uow.events.for_case(case.id))
        register = earlier_register(uow, case)
        items = check_document(uow, ctx, case, documents, draft, rounds, register=register)
        return DocumentCheck(draft, items, rounds[draft.path])


def require_passing_draft(uow: UnitOfWork, ctx: ServiceContext, case: Case) -> None:
    """Refuse approval while the current draft fails a required element (domain.md §5)."""
    if ctx.letters is None:
        return
    assert case.id is not None
    documents = uow.documents.for_case(case.id)
    draft = latest_draft(documents)
    if draft is None:
        raise ActionNotAllowedError(
            "未找到答复书草稿，请先拟稿（casework draft）", field=DRAFT_FIELD
        )
    rounds = document_rounds(documents, uow.events.for_case(case.id))
    register = earlier_register(uow, case)
    failed = blocking(check_document(uow, ctx, case, documents, draft, rounds, register=register))
    if failed:
        lines = "\n".join(f"  {item.element}：{item.detail}" for item in failed)
        raise ValidationError(
            f"答复书草稿未通过要素检查，不能审签；请修改后重新拟稿：\n{lines}", field=DRAFT_FIELD
        )


def check_document(  # noqa: PLR0917 - the case, its documents and rounds, and the one checked
    uow: UnitOfWork,
    ctx: ServiceContext,
    case: Case,
    documents: list[StoredDocument],
    document: StoredDocument,
    rounds: Mapping[str, int],
    *,
    register: Mapping[str, str] | None = None,
) -> list[CheckItem]:
    """Read ``document`` back and check it against the case record of its round: a letter
    issued before a reopening (重新答复) against the facts of the round it was issued in."""
    letters = renderer(ctx)
    data = uow.store.get(document.sha256)
    if data is None:
        return [
            CheckItem("文书文件", "fail", f"文书库中没有该文书的内容：{document.path}{IMPORT_HINT}")
        ]
    if sha256(data).hexdigest() != document.sha256:
        return [CheckItem("文书文件", "fail", f"文书内容与记录的校验值不符：{document.path}")]
    _code, profile = ctx.agency(case.agency)
    case = case_in_round(case, rounds.get(document.path, case_round(case)))
    ordinal = ordinal_in_round(documents, rounds, document)
    subject = LetterSubject(
        kind=DocumentKind(document.kind),
        ordinal=ordinal,
        final=document.final,
        number=document.number,
        dated_on=letter_date(case, DocumentKind(document.kind), ordinal, final=document.final),
    )
    expected = letter_expectation(
        case, subject, profile, ctx.catalogue, people=people(ctx), register=register
    )
    return check_letter(letters.read(data, document.path), expected)
