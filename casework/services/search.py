"""Finding cases (``casework search``) and the earlier requests a new one may repeat.

Reg. art. 36 item 6 (重复申请): an applicant who asks again for information the agency has
already answered them about may be told so instead of being answered afresh.  Registration
still comes first (seed 003: 有申请必登记); right after it the engine lists the applicant's
earlier cases (the same applicant by ``casework.domain.case.applicants``, the rule the repeat
reply's citation is checked by) whose request is substantially the same
(``casework.domain.case.search``), with
their outcome and reply number, and the clerk decides: a warning, never a refusal.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from casework.domain.case.applicants import same_applicant
from casework.domain.case.records import Case
from casework.domain.case.search import (
    VOIDED,
    CaseSearch,
    request_similarity,
    substantially_same,
)
from casework.errors import ValidationError
from casework.services.lookup import find_case
from casework.services.ports import UnitOfWork

SEARCH_LIMIT_MAX = 1000


def search_cases(uow: UnitOfWork, query: CaseSearch) -> list[Case]:
    """The cases matching every part of ``query``, newest receipt first."""
    _check(query)
    if query.id_number is not None:
        query = replace(query, id_number=query.id_number.strip())
    with uow:
        return uow.cases.search(query)


def _check(query: CaseSearch) -> None:
    if query.is_empty:
        raise ValidationError(
            "请给出检索词（TEXT）、--applicant（申请人）或 --id-number（证件号码）中的至少一项",
            field="TEXT（检索词）",
        )
    if query.received_from and query.received_to and query.received_from > query.received_to:
        raise ValidationError(
            f"--from（{query.received_from.isoformat()}）晚于 --to"
            f"（{query.received_to.isoformat()}）",
            field="--from/--to（收到申请日期范围）",
        )
    if not 1 <= query.limit <= SEARCH_LIMIT_MAX:
        raise ValidationError(
            f"--limit 须在 1 到 {SEARCH_LIMIT_MAX} 之间", field="--limit（最多显示条数）"
        )


@dataclass(frozen=True)
class EarlierRequest:
    """An earlier case of the same applicant whose request is substantially the same."""

    case: Case
    similarity: float

    @property
    def replied_on(self) -> date | None:
        return self.case.decisions.reply.issued_on

    @property
    def answered(self) -> bool:
        """Whether the agency has replied (only then may art. 36 item 6 point to it)."""
        return self.case.reply_number is not None and self.replied_on is not None


def earlier_requests(uow: UnitOfWork, case: Case) -> list[EarlierRequest]:
    """Reg. art. 36 item 6: the applicant's earlier cases asking substantially the same."""
    with uow:
        others = uow.cases.same_applicant(case)
    return [
        EarlierRequest(other, request_similarity(case.description, other.description))
        for other in others
        if other.received_on <= case.received_on
        and other.state != VOIDED  # a voided registration was no application
        and same_applicant(case.applicant, other.applicant)
        and substantially_same(case.description, other.description)
    ]


def earlier_requests_of(
    uow: UnitOfWork, reference: str, agency: str | None, default_agency: str | None
) -> tuple[Case, list[EarlierRequest]]:
    """``earlier_requests`` of the case ``reference`` names."""
    with uow:
        case = find_case(uow, reference, agency, default_agency)
    return case, earlier_requests(uow, case)
