"""信息处理费 (Reg. art. 42; Fee, domain.md §1.6): the fee notice and the payment."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from casework.domain.application.validation import control_character_problem
from casework.domain.case.decisions import PAYMENT_METHODS, FeeNotice
from casework.domain.case.records import Case
from casework.domain.case.storage import journal_data
from casework.domain.fees import FeeMethod, per_item_fee, per_page_fee
from casework.domain.letters.documents import DocumentKind
from casework.errors import ActionNotAllowedError, ValidationError
from casework.services.attachment_store import AttachmentRequest
from casework.services.context import ServiceContext
from casework.services.ports import UnitOfWork
from casework.services.workflow_support import ActionEnv, ActionResult, run_action


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
        fee = FeeNotice(
            notified_on=env.on,
            method=method,
            pages=pages,
            ordinal_in_month=ordinal,
            amount=str(quote.amount),
            arithmetic=quote.arithmetic,
            basis=quote.basis,
            # Domain.md §2.3: the notice tells the applicant when it stops the reply clock.
            stops_clock=ctx.clock_rules.fee_stops_clock,
        )
        case.decisions = replace(case.decisions, fee=fee)
        # Fee (domain.md §1.6): the 收费通知书 states basis, method, count, arithmetic and amount.
        letters = env.render(case, DocumentKind.FEE_NOTICE, ordinal=1)
        if letters:  # the termination letter cites the notice by its number
            case.decisions = case.decisions.with_fee(number=letters[0]["number"])
        data = journal_data(case.decisions.fee)
        for answer in (
            "notice_received_on",
            "paid_on",
            "lapsed_on",
            "paid_amount",
            "receipt_number",
            "paid_by",
            "stops_clock",
        ):
            del data[answer]
        return data

    return run_action(uow, ctx, reference, "notify-fee", on, step, agency=agency)


AMOUNT_FIELD = "--amount（缴费金额）"


def record_payment(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    amount: str | None = None,
    receipt_number: str | None = None,
    paid_by: str | None = None,
    on: date | None = None,
    agency: str | None = None,
    attach: AttachmentRequest | None = None,
) -> ActionResult:
    """缴费: the fee is paid; the stopped reply clock runs again (domain.md §1.6, §2.3: the
    fee notice stops the clock until payment, a configurable default).

    The payment records the amount paid, the receipt's number and how it was paid; an amount
    other than the notice's is refused (Fee art. 3: the fee is the notified amount, no more,
    no less), so the clerk corrects the entry or the notice before the clock runs again."""
    paid = _amount(amount)
    if paid_by is not None and paid_by not in PAYMENT_METHODS:
        raise ValidationError(f"可选：{'、'.join(PAYMENT_METHODS)}", field="--paid-by（缴纳方式）")
    receipt = (receipt_number or "").strip() or None
    problem = control_character_problem(receipt or "", multiline=False)
    if problem:
        raise ValidationError(problem, field="--receipt（票据号码）")

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        fee = case.decisions.fee
        assert fee is not None
        if paid is not None and paid != Decimal(fee.amount):
            raise ValidationError(
                f"缴纳金额 {paid} 元与收费通知书的金额 {fee.amount} 元不符，不予记录；"
                "请核对缴费凭证",
                field=AMOUNT_FIELD,
            )
        case.decisions = case.decisions.with_fee(
            paid_on=env.on,
            paid_amount=None if paid is None else str(paid),
            receipt_number=receipt,
            paid_by=paid_by,
        )
        return {
            "paid_on": env.on.isoformat(),
            "amount": fee.amount,
            "paid_amount": None if paid is None else str(paid),
            "receipt_number": receipt,
            "paid_by": paid_by,
        }

    return run_action(uow, ctx, reference, "record-payment", on, step, agency=agency, attach=attach)


def _amount(text: str | None) -> Decimal | None:
    """The amount paid, in yuan with at most two decimals (None: not given)."""
    if text is None or not text.strip():
        return None
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or value < 0 or value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValidationError(f"「{text}」不是有效金额（元，最多两位小数）", field=AMOUNT_FIELD)
    return value
