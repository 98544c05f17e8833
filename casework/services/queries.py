"""Looking cases up: one case by number or query code, lists, and the journal."""

from __future__ import annotations

from casework.domain.case_clock import case_reply_clock
from casework.domain.clock import ReplyClock
from casework.domain.records import Case, CaseEvent
from casework.errors import NotFoundError, ValidationError
from casework.services.clocks import working_calendar
from casework.services.context import ServiceContext
from casework.services.ports import CaseFilter, UnitOfWork


def find_case(uow: UnitOfWork, reference: str, agency: str | None = None) -> Case:
    """The one case that ``reference`` (case number or query code) names."""
    reference = reference.strip()
    matches = uow.cases.find(reference, agency)
    if not matches:
        where = f"（机关 {agency}）" if agency else ""
        raise NotFoundError(f"未找到案件「{reference}」{where}", field="CASE（案件编号）")
    if len(matches) > 1:
        agencies = "、".join(sorted({case.agency for case in matches}))
        raise ValidationError(
            f"编号「{reference}」在多个机关下都存在（{agencies}），请用 --agency 指明机关",
            field="CASE（案件编号）",
        )
    return matches[0]


def show_case(
    uow: UnitOfWork, ctx: ServiceContext, reference: str, agency: str | None = None
) -> tuple[Case, ReplyClock]:
    """The case and its reply clock as of today, with the derivation of every date."""
    with uow:
        case = find_case(uow, reference, agency)
        calendar = working_calendar(uow, ctx, case.agency)
        return case, case_reply_clock(case, calendar, ctx.clock_rules, ctx.today)


def list_cases(uow: UnitOfWork, query: CaseFilter) -> list[Case]:
    with uow:
        return uow.cases.list(query)


def case_history(
    uow: UnitOfWork, reference: str, agency: str | None = None
) -> tuple[Case, list[CaseEvent]]:
    with uow:
        case = find_case(uow, reference, agency)
        assert case.id is not None
        return case, uow.events.for_case(case.id)
