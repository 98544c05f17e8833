"""补正 (Reg. art. 30): the correction notice, the correction received, and the day the applicant
received a pending correction or fee notice (which starts their window).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from casework.domain.application.validation import control_character_problem
from casework.domain.case.decisions import CorrectionRequest
from casework.domain.case.records import Case
from casework.domain.case.requests import CORRECTION_ELEMENTS
from casework.domain.case.storage import journal_data
from casework.domain.clock.deadlines import correction_notice_deadline, correction_period_end
from casework.domain.letters.documents import DocumentKind
from casework.errors import ActionNotAllowedError, ValidationError
from casework.services.context import ServiceContext
from casework.services.ports import UnitOfWork
from casework.services.workflow_support import ActionEnv, ActionResult, run_action

DESCRIPTION_FIELD = "--description（补正后的所需信息描述）"
OTHER_FIELD = "--other（其他补正事项）"


def request_correction(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    items: str | Sequence[str] = (),
    missing: Sequence[str] = (),
    period_days: int | None = None,
    late_reason: str | None = None,
    on: date | None = None,
    agency: str | None = None,
) -> ActionResult:
    """补正告知 (Reg. art. 30): once, within 7 working days of receipt, every item at once —
    each ``items`` entry one item (an unclear description, art. 30), each ``missing`` code an
    application element of Reg. art. 29 para. 2 (``CORRECTION_ELEMENTS``)."""
    entries = _entries(items)
    unknown = [code for code in missing if code not in CORRECTION_ELEMENTS]
    if unknown:
        raise ValidationError(
            f"未知的补正要素「{'、'.join(unknown)}」（可选：{'、'.join(CORRECTION_ELEMENTS)}）",
            field="--missing（缺少的申请要素）",
        )
    if not entries and not missing:
        raise ValidationError(
            "须一次性列明全部需要补正的事项（条例第三十条）", field="--items（补正事项）"
        )
    days = period_days or ctx.clock_rules.correction_period_days
    if days < 1:
        raise ValidationError("补正期限至少为1个工作日", field="--period（补正期限）")

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        deadline = correction_notice_deadline(case.received_on, env.calendar, ctx.clock_rules)
        late = env.on > deadline.due_on
        if late and not (late_reason or "").strip():
            raise ActionNotAllowedError(
                f"补正告知应在收到申请之日起7个工作日内发出（条例第三十条），期限为 "
                f"{deadline.due_on.isoformat()}，已逾期；确需补正的，请用 --late-reason 说明理由",
                field="--on（生效日期）",
            )
        # Reg. art. 30: the notice states the concrete last day, counted from the day it is
        # sent; a later receipt by the applicant extends it (domain.md §1.3).
        period = correction_period_end(
            env.on, env.calendar, ctx.clock_rules, days=days, receipt_known=False
        )
        request = CorrectionRequest(
            requested_on=env.on,
            items="\n".join(entries),
            period_days=days,
            late=late,
            late_reason=late_reason,
            deadline=deadline.due_on,
            entries=entries,
            missing=tuple(dict.fromkeys(missing)),
            due_on=period.due_on,
        )
        case.decisions = case.decisions.with_correction(request)
        # Reg. art. 30: the 补正告知书 goes out with the action.
        rounds = len(case.decisions.corrections)
        letters = env.render(case, DocumentKind.CORRECTION_NOTICE, ordinal=rounds)
        if letters:  # the termination letter cites the notice by its number
            case.decisions = case.decisions.with_last_correction(number=letters[0]["number"])
        return _journal(case.decisions.corrections[-1])

    return run_action(uow, ctx, reference, "request-correction", on, step, agency=agency)


def _entries(items: str | Sequence[str]) -> tuple[str, ...]:
    """Every item given, each kept whole: ``--items`` given several times loses none (Reg.
    art. 30: 一次性告知)."""
    given = (items,) if isinstance(items, str) else tuple(items)
    for text in given:
        problem = control_character_problem(text, multiline=True)
        if problem:
            raise ValidationError(problem, field="--items（补正事项）")
    return tuple(text.strip() for text in given if text.strip())


def _journal(request: CorrectionRequest) -> dict[str, Any]:
    """The notice as the journal kept it before decisions were typed (no answer fields)."""
    data = journal_data(request)
    for answer in ("notice_received_on", "received_on", "lapsed_on"):
        del data[answer]
    return data


def receive_correction(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    description: str | None = None,
    other: str | None = None,
    on: date | None = None,
    agency: str | None = None,
) -> ActionResult:
    """收到补正 (Reg. art. 30): the reply period starts afresh from this day, and what the
    applicant corrected is recorded — the corrected description of the information, other
    corrected facts — so that every later letter quotes the corrected request."""
    corrected = (description or "").strip() or None
    facts = (other or "").strip() or None
    for value, name in ((corrected, DESCRIPTION_FIELD), (facts, OTHER_FIELD)):
        problem = control_character_problem(value or "", multiline=True)
        if problem:
            raise ValidationError(problem, field=name)

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        # Checked here, after the state and date: a case not awaiting correction says so first.
        if corrected is None and facts is None:
            raise ValidationError(
                "须记录申请人补正的内容：补正后的所需信息描述（--description）或其他补正事项"
                "（--other），此后的文书引用补正后的申请（条例第三十条）",
                field=DESCRIPTION_FIELD,
            )
        case.decisions = case.decisions.with_last_correction(
            received_on=env.on, corrected_description=corrected, corrected_facts=facts
        )
        return {
            "received_on": env.on.isoformat(),
            "corrected_description": corrected,
            "corrected_facts": facts,
        }

    return run_action(uow, ctx, reference, "receive-correction", on, step, agency=agency)


def record_notice_receipt(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    received_on: date,
    on: date | None = None,
    agency: str | None = None,
) -> ActionResult:
    """通知送达: the day the applicant received the pending correction or fee notice.

    Reg. art. 30 gives the applicant a reasonable period to correct from the notice; the Fee
    measures give 20 working days from the day after receiving the fee notice (domain.md
    §1.6).  Until the receipt is known the windows run from the day the notice was sent
    (domain.md §1.3, §1.6), which can only make them end earlier; recording the receipt moves
    the window and its lapse.  ``received_on`` is the applicant's receipt (often learnt later
    from the postal return receipt); ``on`` is the day it is recorded.
    """
    field = "--received-on（申请人收到通知日期）"

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        decisions = case.decisions
        correction = case.state == "correcting"
        if correction:
            notice = decisions.corrections[-1]
            sent_on, before = notice.requested_on, notice.notice_received_on
        else:
            assert decisions.fee is not None
            sent_on, before = decisions.fee.notified_on, decisions.fee.notice_received_on
        if received_on < sent_on:
            raise ValidationError(f"不能早于发出通知的日期 {sent_on.isoformat()}", field=field)
        if received_on > env.on:
            raise ValidationError(f"不能晚于登记日期 {env.on.isoformat()}", field=field)
        if correction:
            case.decisions = decisions.with_last_correction(notice_received_on=received_on)
        else:
            case.decisions = decisions.with_fee(notice_received_on=received_on)
        return {
            "notice": "correction" if correction else "fee",
            "notice_received_on": received_on.isoformat(),
            "before": before.isoformat() if before else None,
        }

    return run_action(uow, ctx, reference, "record-notice-receipt", on, step, agency=agency)
