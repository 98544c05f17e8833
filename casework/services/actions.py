"""The clerk actions before the decision: correction, consultation, extension, deferral, fees
and withdrawal.  Each records a typed, dated fact on the case and fires one transition.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from casework.domain.case.records import Case
from casework.domain.clock.case import case_reply_clock
from casework.domain.clock.reply import (
    StopKind,
    consultation_window_end,
    correction_notice_deadline,
)
from casework.domain.fees import FeeMethod, per_item_fee, per_page_fee
from casework.domain.letters.documents import DocumentKind
from casework.errors import ActionNotAllowedError, ValidationError
from casework.services.context import ServiceContext
from casework.services.letters import LetterBatch, with_documents
from casework.services.ports import UnitOfWork
from casework.services.workflow_support import ActionEnv, ActionResult, run_action

PARTY_KINDS = ("third-party", "agency")
OPINIONS = ("agree", "object", "none")


def request_correction(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    items: str,
    period_days: int | None = None,
    late_reason: str | None = None,
    on: date | None = None,
    agency: str | None = None,
) -> ActionResult:
    """补正告知 (Reg. art. 30): once, within 7 working days of receipt, every item at once."""
    if not items.strip():
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
        record = {
            "requested_on": env.on.isoformat(),
            "items": items.strip(),
            "period_days": days,
            "late": late,
            "late_reason": late_reason,
            "deadline": deadline.due_on.isoformat(),
        }
        case.facts["corrections"] = [*case.facts.get("corrections", []), record]
        rounds = len(case.facts["corrections"])
        # Reg. art. 30: the 补正告知书 goes out with the action.
        letters = batch.render(
            env.uow, case, DocumentKind.CORRECTION_NOTICE, env.on, ordinal=rounds
        )
        record["number"] = letters[0]["number"] if letters else None  # the termination cites it
        return with_documents(record, letters)

    batch = LetterBatch(ctx)
    return batch.run(
        lambda: run_action(uow, ctx, reference, "request-correction", on, step, agency=agency)
    )


def receive_correction(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    on: date | None = None,
    agency: str | None = None,
) -> ActionResult:
    """收到补正 (Reg. art. 30): the reply period starts afresh from this day."""

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        corrections = [dict(c) for c in case.facts.get("corrections", [])]
        corrections[-1]["received_on"] = env.on.isoformat()
        case.facts["corrections"] = corrections
        return {"received_on": env.on.isoformat()}

    return run_action(uow, ctx, reference, "receive-correction", on, step, agency=agency)


def consult(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    party: str,
    party_kind: str,
    party_received_on: date | None = None,
    on: date | None = None,
    agency: str | None = None,
) -> ActionResult:
    """征求意见: a third party (Reg. art. 32) or another agency (art. 34), in writing."""
    if not party.strip():
        raise ValidationError("必须填写被征求意见的单位或个人", field="--party（征求对象）")
    if party_kind not in PARTY_KINDS:
        raise ValidationError(
            f"可选：{'、'.join(PARTY_KINDS)}", field="--party-kind（征求对象类型）"
        )

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        consultations = case.facts.get("consultations", [])
        if any(c["party"] == party and not c.get("ended_on") for c in consultations):
            raise ActionNotAllowedError(
                f"已向「{party}」征求意见且尚未答复", field="--party（征求对象）"
            )
        if party_received_on and party_received_on < env.on:
            raise ValidationError(
                "对方收到日期不能早于发函日期", field="--party-received-on（对方收到日期）"
            )
        received = party_received_on or env.on
        kind: StopKind = (
            "agency_consultation" if party_kind == "agency" else "third_party_consultation"
        )
        window = consultation_window_end(received, env.calendar, ctx.clock_rules, kind=kind)
        record = {
            "party": party.strip(),
            "party_kind": party_kind,
            "sent_on": env.on.isoformat(),
            "party_received_on": party_received_on.isoformat() if party_received_on else None,
            "window_ends_on": window.due_on.isoformat(),
            "ended_on": None,
            "opinion": None,
        }
        case.facts["consultations"] = [*consultations, record]
        # Reg. arts. 32, 34 (seed 003): every consultation is a written letter.
        letter = (
            DocumentKind.AGENCY_CONSULTATION
            if party_kind == "agency"
            else DocumentKind.THIRD_PARTY_CONSULTATION
        )
        ordinal = sum(1 for c in case.facts["consultations"] if c["party_kind"] == party_kind)
        letters = batch.render(env.uow, case, letter, env.on, ordinal=ordinal)
        return with_documents(record, letters)

    batch = LetterBatch(ctx)
    return batch.run(lambda: run_action(uow, ctx, reference, "consult", on, step, agency=agency))


def record_opinion(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    party: str,
    opinion: str,
    on: date | None = None,
    agency: str | None = None,
    action: str = "record-opinion",
    ended_on: date | None = None,
) -> ActionResult:
    """记录意见: the consulted party's written answer (Reg. arts. 32, 34; seed 003) ends its
    stop of the reply clock (art. 33 para. 3)."""
    if opinion not in OPINIONS:
        raise ValidationError(f"可选：{'、'.join(OPINIONS)}", field="--opinion（意见）")

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        consultations = [dict(c) for c in case.facts.get("consultations", [])]
        open_ones = [c for c in consultations if c["party"] == party and not c.get("ended_on")]
        if not open_ones:
            raise ActionNotAllowedError(
                f"没有向「{party}」征求意见的未结记录", field="--party（征求对象）"
            )
        record = open_ones[0]
        record["ended_on"] = (ended_on or env.on).isoformat()
        record["opinion"] = opinion
        # Reg. art. 34: another agency's silence counts as consent.
        record["deemed_consent"] = opinion == "none" and record["party_kind"] == "agency"
        case.facts["consultations"] = consultations
        return {"party": party, "opinion": opinion, "deemed_consent": record["deemed_consent"]}

    return run_action(uow, ctx, reference, action, on, step, agency=agency)


def extend(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    days: int,
    reason: str,
    approved_by: str,
    on: date | None = None,
    agency: str | None = None,
) -> ActionResult:
    """延期答复 (Reg. art. 33 para. 2): at most 20 working days, once, approved by the head."""
    if not 1 <= days <= ctx.clock_rules.max_extension_days:
        raise ValidationError(
            "延长答复期限不得超过20个工作日（条例第三十三条第二款）", field="--days（延长天数）"
        )
    if not reason.strip():
        raise ValidationError("必须说明延期理由", field="--reason（理由）")
    if not approved_by.strip():
        raise ValidationError("必须注明同意延期的负责人", field="--approved-by（批准人）")
    if ctx.users:
        approver = ctx.users.get(approved_by)
        if approver is None or "head" not in approver.roles:
            raise ActionNotAllowedError(
                f"「{approved_by}」不是政府信息公开工作机构负责人，不能批准延期（条例第三十三条第二款）",
                field="--approved-by（批准人）",
            )

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        if case.facts.get("extension"):
            raise ActionNotAllowedError(
                "答复期限只能延长一次（条例第三十三条第二款）", field="--days（延长天数）"
            )
        record = {
            "days": days,
            "reason": reason.strip(),
            "approved_by": approved_by.strip(),
            "approved_on": env.on.isoformat(),
        }
        case.facts["extension"] = record
        # The applicant is told the new due date (Reg. art. 33 para. 2, 延期答复告知书).
        extended = case_reply_clock(case, env.calendar, ctx.clock_rules, env.on).due_on
        record["new_due_on"] = extended.isoformat() if extended else None
        letters = batch.render(env.uow, case, DocumentKind.EXTENSION_NOTICE, env.on, ordinal=1)
        return with_documents(record, letters)

    batch = LetterBatch(ctx)
    return batch.run(lambda: run_action(uow, ctx, reference, "extend", on, step, agency=agency))


def defer(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    until: date,
    reason: str,
    on: date | None = None,
    agency: str | None = None,
) -> ActionResult:
    """延迟答复 (Reg. art. 35): the applicant's reasons are reasonable but the reply cannot be
    made within the art. 33 period; the agency fixes a reasonable later date and tells the
    applicant (延迟答复告知书).  Usually follows ``request-reasons``; the reasons may also have
    been given in the application itself, so a prior request is not required."""
    if not reason.strip():
        raise ValidationError(
            "必须记录申请人说明的理由及另定期限的原因（条例第三十五条）", field="--reason（理由）"
        )

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        if until <= env.on:
            raise ValidationError("另行确定的答复期限应晚于决定之日", field="--until（答复期限）")
        record = {
            "until": until.isoformat(),
            "reason": reason.strip(),
            "decided_on": env.on.isoformat(),
        }
        asked = case.facts.get("reasons_request")
        if asked:
            record["reasons_requested_on"] = asked["requested_on"]
        case.facts["deferral"] = record
        # Reg. art. 35: the applicant is told the date the agency set.
        letters = batch.render(env.uow, case, DocumentKind.DEFERRAL_NOTICE, env.on, ordinal=1)
        return with_documents(record, letters)

    batch = LetterBatch(ctx)
    return batch.run(lambda: run_action(uow, ctx, reference, "defer", on, step, agency=agency))


def notify_fee(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    method: str,
    pages: int | None = None,
    on: date | None = None,
    agency: str | None = None,
) -> ActionResult:
    """收费通知 (Reg. art. 42; Fee): one method per application, never both (Fee art. 3)."""
    if method not in (FeeMethod.PER_ITEM.value, FeeMethod.PER_PAGE.value):
        raise ValidationError("可选：per-item、per-page", field="--method（计收方式）")
    if method == FeeMethod.PER_PAGE.value and not pages:
        raise ValidationError("按量计收时必须填写页数", field="--pages（页数）")

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        if method == FeeMethod.PER_ITEM.value:
            ordinal = env.uow.cases.applicant_ordinal_in_month(case)
            quote = per_item_fee(ordinal)
        else:
            assert pages is not None
            ordinal, quote = None, per_page_fee(pages)
        if quote.amount == 0:
            raise ActionNotAllowedError(
                f"按规定不收费，无需发出收费通知：{quote.arithmetic}", field="--method（计收方式）"
            )
        record = {
            "notified_on": env.on.isoformat(),
            "method": method,
            "pages": pages,
            "ordinal_in_month": ordinal,
            "amount": str(quote.amount),
            "arithmetic": quote.arithmetic,
            "basis": quote.basis,
        }
        case.facts["fee"] = record
        # Fee (domain.md §1.6): the 收费通知书 states basis, method, count, arithmetic and amount.
        letters = batch.render(env.uow, case, DocumentKind.FEE_NOTICE, env.on, ordinal=1)
        record["number"] = letters[0]["number"] if letters else None  # the termination cites it
        return with_documents(record, letters)

    batch = LetterBatch(ctx)
    return batch.run(lambda: run_action(uow, ctx, reference, "notify-fee", on, step, agency=agency))


def record_payment(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    on: date | None = None,
    agency: str | None = None,
) -> ActionResult:
    """缴费: the fee is paid; the stopped reply clock runs again (domain.md §1.6, §2.3: the
    fee notice stops the clock until payment, a configurable default)."""

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        case.facts["fee"] = {**case.facts["fee"], "paid_on": env.on.isoformat()}
        return {"paid_on": env.on.isoformat(), "amount": case.facts["fee"]["amount"]}

    return run_action(uow, ctx, reference, "record-payment", on, step, agency=agency)


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
    measures give 20 working days from the day after receiving the fee notice (domain.md §1.6).  Until the receipt
    is known the windows run from the day the notice was sent (domain.md §1.3, §1.6), which
    can only make them end earlier; recording the receipt moves the window and its lapse.
    ``received_on`` is the applicant's receipt (often learnt later from the postal return
    receipt); ``on`` is the day it is recorded.
    """
    field = "--received-on（申请人收到通知日期）"

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        if case.state == "correcting":
            corrections = [dict(c) for c in case.facts["corrections"]]
            notice = corrections[-1]
            sent_on = date.fromisoformat(notice["requested_on"])
        else:
            notice = dict(case.facts["fee"])
            sent_on = date.fromisoformat(notice["notified_on"])
        if received_on < sent_on:
            raise ValidationError(f"不能早于发出通知的日期 {sent_on.isoformat()}", field=field)
        if received_on > env.on:
            raise ValidationError(f"不能晚于登记日期 {env.on.isoformat()}", field=field)
        before = notice.get("notice_received_on")
        notice["notice_received_on"] = received_on.isoformat()
        if case.state == "correcting":
            corrections[-1] = notice
            case.facts["corrections"] = corrections
            kind = "correction"
        else:
            case.facts["fee"] = notice
            kind = "fee"
        return {"notice": kind, "notice_received_on": received_on.isoformat(), "before": before}

    return run_action(uow, ctx, reference, "record-notice-receipt", on, step, agency=agency)


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
        case.facts["withdrawal"] = {"on": env.on.isoformat(), "reason": reason}
        case.facts["draft"] = {
            "outcome": "other",
            "facts": {
                "facts": f"申请人于{env.on.year}年{env.on.month}月{env.on.day}日撤回申请",
                "reasons": reason or "申请人主动撤回申请",
            },
            "drafter": ctx.actor,
            "drafted_on": env.on.isoformat(),
        }
        case.facts["concluded_on"] = env.on.isoformat()
        case.concluded_on = env.on
        return {"reason": reason, "outcome": "other"}

    return run_action(uow, ctx, reference, "withdraw", on, step, agency=agency)
