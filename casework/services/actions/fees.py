"""信息处理费 (Reg. art. 42; Fee, domain.md §1.6): the fee notice and the payment."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from casework.domain.case.decisions import FeeNotice
from casework.domain.case.records import Case
from casework.domain.case.storage import journal_data
from casework.domain.fees import FeeMethod, per_item_fee, per_page_fee
from casework.domain.letters.documents import DocumentKind
from casework.errors import ActionNotAllowedError, ValidationError
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
        )
        case.decisions = replace(case.decisions, fee=fee)
        # Fee (domain.md §1.6): the 收费通知书 states basis, method, count, arithmetic and amount.
        letters = env.render(case, DocumentKind.FEE_NOTICE, ordinal=1)
        if letters:  # the termination letter cites the notice by its number
            case.decisions = case.decisions.with_fee(number=letters[0]["number"])
        data = journal_data(case.decisions.fee)
        for answer in ("notice_received_on", "paid_on", "lapsed_on"):
            del data[answer]
        return data

    return run_action(uow, ctx, reference, "notify-fee", on, step, agency=agency)


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
        case.decisions = case.decisions.with_fee(paid_on=env.on)
        assert case.decisions.fee is not None
        return {"paid_on": env.on.isoformat(), "amount": case.decisions.fee.amount}

    return run_action(uow, ctx, reference, "record-payment", on, step, agency=agency)
