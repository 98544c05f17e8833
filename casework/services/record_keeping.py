"""The frame of the record-keeping actions that are not steps of the workflow: correcting the
registration (``amend``) and handing a case over (``assign``, 转办/签收).

They leave the case in its state, so they fire no transition; like every action they load
the case in one unit of work, check the user, write one journal entry (state before = after)
and commit, or change nothing.  A case in a final state (archived, voided) is frozen: its
record is no longer corrected or handed over (Reg. art. 45: 归档 closes the file).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from casework.domain.case.records import Case, CaseEvent
from casework.errors import ActionNotAllowedError
from casework.services.context import ServiceContext
from casework.services.lookup import find_case
from casework.services.ports import UnitOfWork
from casework.services.workflow_support import ActionResult, check_user

RecordStep = Callable[[Case], dict[str, Any]]


def final_states(ctx: ServiceContext) -> frozenset[str]:
    """The states the workflow definition marks final (no action leaves them but reopen)."""
    return frozenset(state.name for state in ctx.flow.definition.states if state.final)


def run_record(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    action: str,
    step: RecordStep,
    *,
    agency: str | None = None,
) -> ActionResult:
    """Load the case, refuse a frozen one, let ``step`` change it and say what it did, journal
    that as ``action`` dated today, commit."""
    with uow:
        case = find_case(uow, reference, agency, ctx.default_agency)
        assert case.id is not None
        check_user(ctx, case.agency, action, frozenset())
        if case.state in final_states(ctx):
            raise ActionNotAllowedError(
                f"案件 {case.number} {ctx.flow.state_label(case.state)}，登记内容和经办人不再变更",
                field="CASE（案件编号）",
            )
        data = step(case)
        case.updated_at = ctx.now
        event = CaseEvent(
            case_id=case.id,
            seq=uow.events.next_seq(case.id),
            action=action,
            actor=ctx.actor,
            recorded_at=ctx.now,
            effective_on=ctx.today,
            state_before=case.state,
            state_after=case.state,
            data=data,
        )
        uow.events.append(event)
        uow.commit()
    return ActionResult(case, event)
