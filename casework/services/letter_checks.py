"""Listing a case's letters, checking their required elements, converting them to PDF.

The check reads every standing letter back from its file (never from the context that
rendered it), verifies the file still has the checksum recorded when it was made, and
compares the text with what the case record requires (domain.md §5).  ``approve`` runs the
same check on the current draft and refuses while an element fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path

from casework.domain.letter_check import CheckItem, blocking, check_letter
from casework.domain.letter_expectations import letter_expectation
from casework.domain.letter_particulars import letter_date
from casework.domain.letters import (
    DocumentKind,
    LetterSubject,
    StoredDocument,
    current_documents,
    ordinal_of,
)
from casework.domain.records import Case
from casework.errors import ActionNotAllowedError, ConfigurationError, ValidationError
from casework.services.context import ServiceContext
from casework.services.letters import document_folder
from casework.services.lookup import find_case
from casework.services.ports import LetterRenderer, UnitOfWork

DRAFT_FIELD = "答复书草稿"


@dataclass(frozen=True)
class DocumentCheck:
    """One letter and the verdict on each of its required elements."""

    document: StoredDocument
    items: list[CheckItem]

    @property
    def failed(self) -> list[CheckItem]:
        return blocking(self.items)


def renderer(ctx: ServiceContext) -> LetterRenderer:
    if ctx.letters is None:
        raise ConfigurationError("未配置文书生成（templates/replies）", field="templates_dir")
    return ctx.letters


def list_documents(
    uow: UnitOfWork, ctx: ServiceContext, reference: str, agency: str | None = None
) -> tuple[Case, list[StoredDocument]]:
    """The case and every document rendered for it, oldest first."""
    with uow:
        case = find_case(uow, reference, agency)
        assert case.id is not None
        return case, uow.documents.for_case(case.id)


def check_case(
    uow: UnitOfWork, ctx: ServiceContext, reference: str, agency: str | None = None
) -> tuple[Case, list[DocumentCheck]]:
    """Every standing letter of the case, checked (a superseded draft is not)."""
    with uow:
        case = find_case(uow, reference, agency)
        assert case.id is not None
        documents = uow.documents.for_case(case.id)
        checks = [
            DocumentCheck(document, check_document(ctx, case, documents, document))
            for document in current_documents(documents)
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
        case = find_case(uow, reference, agency)
        assert case.id is not None
        documents = uow.documents.for_case(case.id)
        draft = latest_draft(documents)
        if draft is None:
            return None
        return DocumentCheck(draft, check_document(ctx, case, documents, draft))


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
    failed = blocking(check_document(ctx, case, documents, draft))
    if failed:
        lines = "\n".join(f"  {item.element}：{item.detail}" for item in failed)
        raise ValidationError(
            f"答复书草稿未通过要素检查，不能审签；请修改后重新拟稿：\n{lines}", field=DRAFT_FIELD
        )


def check_document(
    ctx: ServiceContext, case: Case, documents: list[StoredDocument], document: StoredDocument
) -> list[CheckItem]:
    """Read ``document`` back and check it against the case record."""
    letters = renderer(ctx)
    file = letters.location(document.path)
    if not file.is_file():
        return [CheckItem("文书文件", "fail", f"文件不存在：{file}")]
    if sha256(file.read_bytes()).hexdigest() != document.sha256:
        return [CheckItem("文书文件", "fail", f"文件在生成后被改动（校验值与记录不符）：{file}")]
    _code, profile = ctx.agency(case.agency)
    ordinal = ordinal_of(documents, document)
    subject = LetterSubject(
        kind=DocumentKind(document.kind),
        ordinal=ordinal,
        final=document.final,
        number=document.number,
        dated_on=letter_date(case, DocumentKind(document.kind), ordinal, final=document.final),
    )
    expected = letter_expectation(case, subject, profile, ctx.catalogue)
    return check_letter(letters.read(file), expected)


def export_pdf(
    uow: UnitOfWork, ctx: ServiceContext, reference: str, agency: str | None = None
) -> tuple[Case, list[Path]]:
    """PDFs of the case's standing letters for reviewers, in one LibreOffice run, written to
    the case's documents folder under ``pdf/`` (the .docx stays the record)."""
    letters = renderer(ctx)
    case, documents = list_documents(uow, ctx, reference, agency)
    standing = current_documents(documents)
    if not standing:
        return case, []
    files = [letters.location(document.path) for document in standing]
    return case, letters.to_pdf(files, letters.location(f"{document_folder(case)}/pdf"))
