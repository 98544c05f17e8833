"""转办/签收: a case has one handler at a time and a hand-off is a journal entry (domain.md §7);
a clerk's 待办 is the open work they handle, the nearest deadline first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from casework.domain.application.validation import control_character_problem
from casework.domain.case.records import Case
from casework.errors import ValidationError
from casework.services.alerts import notices_for
from casework.services.context import ServiceContext
from casework.services.ports import CaseFilter, UnitOfWork
from casework.services.queries import show_case
from casework.services.record_keeping import final_states, run_record
from casework.services.workflow_support import ActionResult

if TYPE_CHECKING:
    from datetime import date

    from casework.domain.alerts.model import Alert

TO_FIELD = "--to（接办人）"
HANDLER_LENGTH = 64  # the handler column


def assign(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    to: str,
    note: str | None = None,
    agency: str | None = None,
) -> ActionResult:
    """Hand the case to ``to`` (转办), or take it over when ``to`` is the acting user (签收).

    Where users are configured the new handler must be one of them and work for the case's
    agency; the hand-off itself is an action of the acting user, checked like any other."""
    handler = check_handler(ctx, to)

    def step(case: Case) -> dict[str, Any]:
        if case.handler == handler:
            raise ValidationError(f"案件 {case.number} 已由「{handler}」经办", field=TO_FIELD)
        user = ctx.users.get(handler)
        if user is not None and user.agencies and case.agency not in user.agencies:
            raise ValidationError(
                f"用户「{handler}」不负责机关「{case.agency}」的案件", field=TO_FIELD
            )
        before, case.handler = case.handler, handler
        kind = "签收" if handler == ctx.actor else "转办"
        return {"kind": kind, "from": before, "to": handler, "note": note}

    return run_record(uow, ctx, reference, "assign", step, agency=agency)


def check_handler(ctx: ServiceContext, login: str, field: str = TO_FIELD) -> str:
    """A handler's login: visible, one line, fits the column; a configured user if any are.
    ``field`` names the option it came from in a refusal."""
    handler = login.strip()
    problem = control_character_problem(handler, multiline=False)
    if not handler:
        problem = "必须填写用户名"
    elif len(handler) > HANDLER_LENGTH:
        problem = f"用户名不得超过 {HANDLER_LENGTH} 个字符"
    elif problem is None and ctx.users and handler not in ctx.users:
        known = "、".join(sorted(ctx.users))
        problem = f"「{handler}」不是配置中的用户；可选：{known}"
    if problem:
        raise ValidationError(problem, field=field)
    return handler


def work_of(
    uow: UnitOfWork, ctx: ServiceContext, handler: str, agency: str | None = None
) -> list[Case]:
    """待办: the cases ``handler`` handles that are not in a final state, the nearest next
    deadline first, then those without one (awaiting delivery or archiving) by receipt."""
    frozen = final_states(ctx)
    states = tuple(state for state in ctx.flow.states if state not in frozen)
    query = CaseFilter(states=states, agency=agency, handler=handler, order_by_next_deadline=True)
    with uow:
        return uow.cases.list(query)


def todo_of(
    uow: UnitOfWork, ctx: ServiceContext, handler: str, today: date, agency: str | None
) -> tuple[list[Case], list[Case], list[Alert]]:
    """个人待办: ``handler``'s open cases, the cases of their personal notices that are not
    among them (someone else handles them), and the notices (issue 20: a returned draft for
    its drafter, a refused extension for the clerk who asked)."""
    found = work_of(uow, ctx, handler, agency)
    notices = notices_for(uow, ctx, handler, today, agency=agency)
    listed = {(case.agency, case.number) for case in found}
    wanted = dict.fromkeys((a.agency, a.case) for a in notices if a.case)
    noticed = [
        show_case(uow, ctx, number, code).case
        for code, number in wanted
        if number is not None and (code, number) not in listed
    ]
    return found, noticed, notices
