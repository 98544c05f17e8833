"""The short deadlines around the reply period, each with its derivation.

The correction notice goes out within 7 working days of receipt and the applicant corrects
within the period it sets (Reg. art. 30; 15 working days by default, domain.md §1.3); a
consulted third party or agency answers within 15 working days of receiving the letter (Reg.
arts. 32, 34); the applicant pays within 20 working days of receiving the fee notice (Fee).
"""

from __future__ import annotations

from datetime import date

from casework.domain.calendar.working import WorkingCalendar
from casework.domain.clock.counting import calendar_steps, effective_start
from casework.domain.clock.model import (
    FEE_RULE,
    ClockRules,
    Deadline,
    DerivationStep,
    StepKind,
    StopKind,
)
from casework.errors import ValidationError


def correction_notice_deadline(
    received_on: date, calendar: WorkingCalendar, rules: ClockRules
) -> Deadline:
    """The last day to send the correction notice (Reg. art. 30: 7 working days after receipt)."""
    start, start_text = effective_start(received_on, calendar, rules)
    return _window(
        calendar,
        (f"收到申请 {received_on}", start_text),
        start,
        rules.correction_notice_days,
        ("补正告知期限", "条例第三十条", "补正告知书最迟发出日"),
    )


def correction_period_end(
    notice_on: date,
    calendar: WorkingCalendar,
    rules: ClockRules,
    *,
    days: int | None = None,
    receipt_known: bool = True,
) -> Deadline:
    """The applicant's last day to correct: ``days`` (default 15) working days after the
    applicant received the notice, or after it was sent when the receipt date is unknown."""
    if days is not None and days < 1:
        raise ValidationError("补正期限至少为 1 个工作日", field="补正期限")
    what = (
        "申请人收到补正告知书" if receipt_known else "补正告知书发出（收到日期不明，以发出日计算）"
    )
    return _window(
        calendar,
        (f"{what} {notice_on}",),
        notice_on,
        rules.correction_period_days if days is None else days,
        ("补正期限", "条例第三十条", "补正期限届满"),
    )


def consultation_window_end(
    party_received_on: date,
    calendar: WorkingCalendar,
    rules: ClockRules,
    *,
    kind: StopKind = "third_party_consultation",
) -> Deadline:
    """The consulted party's last day to answer: 15 working days after its receipt of the
    letter (Reg. art. 32 for a third party, art. 34 for another agency)."""
    party, article = (
        ("其他机关", "条例第三十四条")
        if kind == "agency_consultation"
        else ("第三方", "条例第三十二条")
    )
    return _window(
        calendar,
        (f"{party}收到征求意见函 {party_received_on}",),
        party_received_on,
        rules.consultation_days,
        ("征求意见答复期限", article, "征求意见期限届满"),
    )


def fee_payment_deadline(
    notice_received_on: date, calendar: WorkingCalendar, rules: ClockRules
) -> Deadline:
    """The applicant's last day to pay: 20 working days from the day after receiving the fee
    notice (Fee), i.e. the 20th working day after the receipt."""
    return _window(
        calendar,
        (f"申请人收到收费通知 {notice_received_on}",),
        notice_received_on,
        rules.fee_payment_days,
        ("缴费期限", f"{FEE_RULE}，自收到次日起算", "缴费期限届满"),
    )


def _window(
    calendar: WorkingCalendar,
    opening: tuple[str, ...],
    start: date,
    days: int,
    words: tuple[str, str, str],
) -> Deadline:
    """``days`` working days strictly after ``start`` (CPL art. 85), with its derivation."""
    period, basis, due_text = words
    due_on = calendar.add_working_days(start, days)
    steps = [DerivationStep(StepKind.RECEIVED, opening[0], on=start)]
    steps += [DerivationStep(StepKind.START, text, on=start) for text in opening[1:]]
    steps.append(DerivationStep(StepKind.BUDGET, f"{period} {days} 个工作日（{basis}）", days=days))
    steps.append(DerivationStep(StepKind.DUE, f"{due_text} {due_on}", on=due_on, days=days))
    missing = calendar_steps(calendar, start, due_on, steps)
    return Deadline(due_on, bool(missing), missing, tuple(steps))
