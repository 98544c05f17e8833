"""撤回: the applicant withdraws the application, and the office confirms it in writing.

Seed 003 (「有申请必登记、有申请必答复」): every application ends with a written document, a
withdrawal too — the 撤回申请确认书 records the withdrawal's date and how it reached the office.
A draft reply still on file is made void (recorded, listed as 已作废, never checked or sent).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from casework.domain.case.decisions import Draft
from casework.domain.case.endings import WITHDRAWAL_WAYS, Withdrawal
from casework.domain.case.records import Case
from casework.domain.case.storage import journal_data
from casework.domain.letters.documents import DocumentKind, current_documents
from casework.errors import ValidationError
from casework.services.context import ServiceContext
from casework.services.ports import UnitOfWork
from casework.services.workflow_support import ActionEnv, ActionResult, run_action

HOW_FIELD = "--how（撤回方式）"


def withdraw(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    how: str | None,
    reason: str | None = None,
    on: date | None = None,
    agency: str | None = None,
) -> ActionResult:
    """撤回: the applicant withdraws; concluded, counted as outcome ``other`` (AR 三（六）3),
    confirmed by a 撤回申请确认书; a standing draft reply is voided."""

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        assert case.id is not None
        # Checked here, after the state and the date: a case that cannot be withdrawn says so.
        if how is None or how not in WITHDRAWAL_WAYS:
            choices = "、".join(f"{code}（{label}）" for code, label in WITHDRAWAL_WAYS.items())
            raise ValidationError(f"须写明申请人撤回申请的方式，可选：{choices}", field=HOW_FIELD)
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
        voided = tuple(
            document.path
            for document in current_documents(env.uow.documents.for_case(case.id))
            if not document.final and DocumentKind(document.kind).is_decision
        )
        withdrawal = Withdrawal(env.on, reason, how, voided)
        decisions = case.decisions.with_reply(draft=draft, concluded_on=env.on)
        case.decisions = replace(decisions, withdrawal=withdrawal)
        case.concluded_on = env.on
        env.render(case, DocumentKind.WITHDRAWAL_NOTICE, ordinal=1)
        return {**journal_data(withdrawal), "outcome": "other"}

    return run_action(uow, ctx, reference, "withdraw", on, step, agency=agency)
