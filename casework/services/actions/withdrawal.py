"""撤回: the applicant withdraws the application."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from casework.domain.case.decisions import Draft, Withdrawal
from casework.domain.case.records import Case
from casework.services.context import ServiceContext
from casework.services.ports import UnitOfWork
from casework.services.workflow_support import ActionEnv, ActionResult, run_action


def withdraw(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    reason: str | None = None,
    on: date | None = None,
    agency: str | None = None,
) -> ActionResult:
    """撤回: the applicant withdraws; concluded, counted as outcome ``other`` (AR 三（六）3)."""

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        case.outcome = "other"
        draft = Draft(
            outcome="other",
            facts={
                "facts": f"申请人于{env.on.year}年{env.on.month}月{env.on.day}日撤回申请",
                "reasons": reason or "申请人主动撤回申请",
            },
            drafter=ctx.actor,
            drafted_on=env.on,
        )
        decisions = case.decisions.with_reply(draft=draft, concluded_on=env.on)
        case.decisions = replace(decisions, withdrawal=Withdrawal(env.on, reason))
        case.concluded_on = env.on
        return {"reason": reason, "outcome": "other"}

    return run_action(uow, ctx, reference, "withdraw", on, step, agency=agency)
