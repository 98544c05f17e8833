"""The reply clock of a disclosure case (domain.md §2.3).

It starts on the receipt date (Reg. art. 31, with the rest-day rule of §1.2) or afresh on the
receipt of a correction (Reg. art. 30), runs 20 working days (Reg. art. 33 para. 1) plus one
approved extension of at most 20 (para. 2) or until an art. 35 date, and stops while a
consultation (arts. 32, 34, 33 para. 3) or a fee notice (Fee) is out.  Every result carries its
derivation: Chinese steps with machine fields that add up to the date.  All functions are pure:
the calendar, the rules and today's date are passed in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from casework.domain.calendar.working import WorkingCalendar
from casework.domain.clock.counting import (
    Span,
    calendar_steps,
    counted_days,
    effective_start,
    ignored_step,
    run_budget,
    stop_name,
    stopped_spans,
)
from casework.domain.clock.model import (
    ClockFacts,
    ClockRules,
    ClockStatus,
    DerivationStep,
    ReplyClock,
    StepKind,
    Stop,
)
from casework.errors import ValidationError


def reply_clock(
    facts: ClockFacts, calendar: WorkingCalendar, rules: ClockRules, today: date
) -> ReplyClock:
    """The reply clock of one case as of ``today`` (domain.md §2.3), with its derivation.

    Once concluded, the days left are counted as of ``concluded_on`` instead of ``today``.
    """
    _validate(facts, rules)
    steps: list[DerivationStep] = []
    raw_start, start = _opening(facts, calendar, rules, steps)
    as_of = facts.concluded_on or today
    open_span: Span | None = None
    fixed_on = facts.reopen_due_on or facts.deferred_until
    if fixed_on is None:
        budget = _budget(facts, rules, steps)
        spans = stopped_spans(facts.stops, start, rules, steps)
        due_on, used, open_span = run_budget(start, budget, spans, calendar, steps)
        counted_spans = [span for span, _ in used] + ([open_span] if open_span else [])
        left = budget - counted_days(start, as_of, counted_spans, calendar)
        stopped = sum(days for _, days in used)
        if due_on is not None:
            steps.append(_due_step(due_on, budget, stopped))
    else:
        due_on, budget, stopped = fixed_on, 0, 0
        words = _fixed_date_words(facts, fixed_on)
        left = _deferred(fixed_on, facts.stops, calendar, as_of, steps, words)
    status = _status(facts, stopped=open_span is not None)
    steps.append(_status_step(status, as_of, left, facts.ended_by))
    missing = calendar_steps(calendar, raw_start, max(due_on or raw_start, as_of), steps)
    return ReplyClock(
        status=status,
        due_on=due_on,
        working_days_left=left,
        start_on=start,
        budget_days=budget,
        stopped_days=stopped,
        provisional=bool(missing),
        missing_years=missing,
        derivation=tuple(steps),
    )


def _opening(
    facts: ClockFacts, calendar: WorkingCalendar, rules: ClockRules, steps: list[DerivationStep]
) -> tuple[date, date]:
    """(the receipt date that counts, the day counting starts after), with their steps."""
    received = facts.received_on
    steps.append(
        DerivationStep(
            StepKind.RECEIVED, f"收到申请 {received}（{facts.channel.label}）", on=received
        )
    )
    raw_start = received
    if facts.reopened_on is not None:
        # ARL art. 64, ALL art. 70: the new reply has its own period; nothing earlier counts.
        raw_start = facts.reopened_on
        steps.append(
            DerivationStep(
                StepKind.REOPENED,
                f"{facts.reopen_basis}责令重新答复，{raw_start} 收到，答复期限重新起算",
                on=raw_start,
            )
        )
    corrected = facts.correction_received_on
    if corrected is not None and (facts.reopened_on is None or corrected > facts.reopened_on):
        # Reg. art. 30: the period runs afresh from the correction; earlier counting is void.
        raw_start = corrected
        steps.append(
            DerivationStep(
                StepKind.CORRECTION,
                f"收到补正后的申请 {raw_start}，此前已计算的期间不再计算，"
                "答复期限重新起算（条例第三十条）",
                on=raw_start,
            )
        )
    start, start_text = effective_start(raw_start, calendar, rules)
    steps.append(DerivationStep(StepKind.START, start_text, on=start))
    return raw_start, start


def _budget(facts: ClockFacts, rules: ClockRules, steps: list[DerivationStep]) -> int:
    """Reg. art. 33: 20 working days (or the days a decision set), plus the extension."""
    days = rules.reply_days
    basis = "条例第三十三条第一款"
    if facts.reopened_on is not None and facts.reopen_days is not None:
        days, basis = facts.reopen_days, f"{facts.reopen_basis}确定的重新答复期限"
    steps.append(DerivationStep(StepKind.BUDGET, f"答复期限 {days} 个工作日（{basis}）", days=days))
    if facts.extension_days:
        approved = facts.extension_approved_on
        when = f"，{approved} 经政府信息公开工作机构负责人同意" if approved else ""
        steps.append(
            DerivationStep(
                StepKind.EXTENSION,
                f"延长答复期限 {facts.extension_days} 个工作日（条例第三十三条第二款{when}）",
                on=approved,
                days=facts.extension_days,
            )
        )
    return days + facts.extension_days


def reply_clocks(
    facts: Iterable[ClockFacts], calendar: WorkingCalendar, rules: ClockRules, today: date
) -> list[ReplyClock]:
    """``reply_clock`` for many cases (e.g. the recompute after calendar data changes)."""
    return [reply_clock(one, calendar, rules, today) for one in facts]


def with_extension(
    facts: ClockFacts,
    days: int,
    approved_on: date,
    calendar: WorkingCalendar,
    rules: ClockRules,
) -> ClockFacts:
    """The facts after approving an extension: once, 1..20 days, before the due date."""
    field = "延长答复期限"
    if facts.extension_days:
        raise ValidationError("答复期限只能延长一次（条例第三十三条第二款）", field=field)
    if facts.deferred_until is not None:
        raise ValidationError("已依条例第三十五条确定答复日期，不再适用延长", field=field)
    if days < 1:
        raise ValidationError("延长天数至少为 1 个工作日", field=field)
    _check_extension(days, rules)
    current = reply_clock(facts, calendar, rules, approved_on)
    if current.status is ClockStatus.ENDED:
        raise ValidationError("案件已办结，不能延长答复期限", field=field)
    if current.due_on is not None and approved_on > current.due_on:
        raise ValidationError(
            f"延长答复期限应在答复期限 {current.due_on} 届满前决定（条例第三十三条第二款）",
            field=field,
        )
    return replace(facts, extension_days=days, extension_approved_on=approved_on)


def _check_extension(days: int, rules: ClockRules) -> None:
    if days < 0:
        raise ValidationError("延长天数不能为负数", field="延长答复期限")
    if days > rules.max_extension_days:
        raise ValidationError(
            f"延长答复期限不得超过{rules.max_extension_days}个工作日（条例第三十三条第二款）",
            field="延长答复期限",
        )


def _validate(facts: ClockFacts, rules: ClockRules) -> None:
    _check_extension(facts.extension_days, rules)
    received = facts.received_on
    if facts.correction_received_on is not None and facts.correction_received_on < received:
        raise ValidationError(
            f"补正收到日期 {facts.correction_received_on} 早于收到申请日期 {received}",
            field="补正收到日期",
        )
    if facts.concluded_on is not None and facts.concluded_on < received:
        raise ValidationError(
            f"办结日期 {facts.concluded_on} 早于收到申请日期 {received}", field="办结日期"
        )
    if facts.deferred_until is not None and facts.deferred_until <= received:
        raise ValidationError(
            f"依条例第三十五条确定的答复日期 {facts.deferred_until} 应晚于收到申请日期",
            field="答复日期",
        )


def _deferred(  # noqa: PLR0917 - the fixed-date branch of reply_clock
    due_on: date,
    stops: tuple[Stop, ...],
    calendar: WorkingCalendar,
    as_of: date,
    steps: list[DerivationStep],
    words: tuple[str, str],
) -> int:
    """A fixed date replaces the budget (Reg. art. 35, or a decision ordering a new reply);
    stops do not move it.  Returns the working days left as of ``as_of`` (negative once the
    date has passed)."""
    steps.append(DerivationStep(StepKind.DEFERRED, words[0], on=due_on))
    for stop in stops:
        text = f"{stop_name((stop,))}不影响{words[1]}"
        steps.append(ignored_step(text, stop))
    steps.append(DerivationStep(StepKind.DUE, f"答复期限 {due_on}", on=due_on))
    if as_of <= due_on:
        return calendar.working_days_between(as_of, due_on)
    return -calendar.working_days_between(due_on, as_of)


def _fixed_date_words(facts: ClockFacts, fixed_on: date) -> tuple[str, str]:
    """The step text and the name of a fixed date: a decision's (重新答复) or Reg. art. 35's."""
    return (
        (f"{facts.reopen_basis}确定重新答复期限 {fixed_on}", "决定确定的重新答复期限")
        if facts.reopen_due_on
        else (
            f"依条例第三十五条确定答复日期 {fixed_on}，取代法定答复期限",
            "依条例第三十五条确定的答复日期",
        )
    )


def _status(facts: ClockFacts, stopped: bool) -> ClockStatus:
    if facts.concluded_on is not None:
        return ClockStatus.ENDED
    return ClockStatus.STOPPED if stopped else ClockStatus.RUNNING


def _status_step(status: ClockStatus, as_of: date, left: int, ended_by: str) -> DerivationStep:
    if status is ClockStatus.STOPPED:
        # Issue 21: never a bare 「尚余 0 个工作日」 for a stopped clock.
        text = (
            f"截至 {as_of} 计时停止中：恢复计算后尚余 {left} 个工作日，届时再确定答复期限"
            if left > 0
            else f"截至 {as_of} 计时停止中：计入的期限已用尽，恢复计算后即须答复"
        )
    elif left >= 0:
        text = f"截至 {as_of} 尚余 {left} 个工作日"
    else:
        text = f"截至 {as_of} 已超过答复期限 {-left} 个工作日"
    if status is ClockStatus.ENDED:
        text = _ended_text(as_of, text, ended_by)
    return DerivationStep(StepKind.STATUS, text, on=as_of, days=left)


def _ended_text(as_of: date, text: str, ended_by: str) -> str:
    """How the count ended: a voided registration was no application (domain.md §4 counts
    applications), so no reply period ran and none ran out; a withdrawal ends the period
    (seed 003: confirmed in writing); otherwise the reply concluded the case."""
    if ended_by == "voided":
        return f"已于 {as_of} 作废登记：该登记不是政府信息公开申请，不计算答复期限"
    word = "撤回申请" if ended_by == "withdrawn" else "办结"
    when = "撤回时" if ended_by == "withdrawn" else "办结时"
    return f"已于 {as_of} {word}；" + text.replace(f"截至 {as_of} ", when)


def _due_step(due_on: date, budget: int, stopped: int) -> DerivationStep:
    total = budget + stopped
    detail = f"：计入 {budget} 个 + 停止计算 {stopped} 个" if stopped else ""
    return DerivationStep(
        StepKind.DUE,
        f"答复期限 {due_on}（起算日后第 {total} 个工作日{detail}）",
        on=due_on,
        days=total,
    )


def counted_working_days(
    facts: ClockFacts, calendar: WorkingCalendar, rules: ClockRules, made_on: date
) -> int:
    """Working days from the start of the count through ``made_on``, stopped time excluded:
    how long a reply took in the sense of Reg. art. 33 (statistics; 0 for a same-day reply)."""
    steps: list[DerivationStep] = []
    _raw_start, start = _opening(facts, calendar, rules, steps)
    if made_on <= start:
        return 0
    return counted_days(start, made_on, stopped_spans(facts.stops, start, rules, steps), calendar)
