"""Counting working days: where a count starts, the stopped spans and what they leave.

A period is counted in working days strictly after its start (CPL art. 85; a receipt on a rest
day counts from the next working day, domain.md §1.2).  Consultation letters (Reg. arts. 32, 34,
33 para. 3) and a fee notice (Fee) stop the reply clock: their intervals are merged into spans,
the budget is walked through the gaps between them, and each step is written into the
derivation, with the calendar data of every year the count touches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from casework.domain.calendar.working import WorkingCalendar
from casework.domain.clock.model import (
    STOP_WORDS,
    ClockRules,
    DerivationStep,
    StepKind,
    Stop,
)

_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Span:
    """Stopped days ``first``..``last`` inclusive (``last`` None: still open)."""

    first: date
    last: date | None
    stops: tuple[Stop, ...]


def effective_start(
    received_on: date, calendar: WorkingCalendar, rules: ClockRules
) -> tuple[date, str]:
    """The day counting starts after, and why (domain.md §1.2; the day itself never counts)."""
    day = received_on.isoformat()
    if calendar.is_working_day(received_on):
        return received_on, f"自 {day} 起算，当日不计入（民事诉讼法第八十五条）"
    if rules.rest_day_receipt == "as-is":
        return received_on, f"{day} 为休息日，按规则不顺延，自 {day} 起算，当日不计入"
    start = calendar.next_working_day(received_on, inclusive=False)
    return start, f"{day} 为休息日，视为下一工作日 {start} 收到，自 {start} 起算，当日不计入"


def stopped_spans(
    stops: tuple[Stop, ...], start: date, rules: ClockRules, steps: list[DerivationStep]
) -> list[Span]:
    """The stopped intervals after ``start``, merged where they overlap or touch."""
    spans: list[Span] = []
    for stop in sorted(stops, key=lambda s: (s.sent_on, s.ended_on or date.max)):
        name = stop_name((stop,))
        if stop.kind == "fee" and not rules.fee_stops_clock:
            steps.append(ignored_step(f"{name}按规则不停止计算", stop))
            continue
        if rules.stop_boundary == "day-after-through-end":
            first, last = stop.sent_on + _DAY, stop.ended_on
        else:
            first = stop.sent_on
            last = None if stop.ended_on is None else stop.ended_on - _DAY
        if last is not None and last < first:  # answered the day it was sent: nothing stops
            steps.append(ignored_step(f"{name}当日即结束，不停止计算", stop))
            continue
        if last is not None and last <= start:
            steps.append(ignored_step(f"{name}在起算日 {start} 之前结束，不影响本次计算", stop))
            continue
        first = max(first, start + _DAY)
        previous = spans[-1] if spans else None
        if previous and (previous.last is None or first <= previous.last + _DAY):
            last = None if previous.last is None or last is None else max(previous.last, last)
            spans[-1] = Span(previous.first, last, (*previous.stops, stop))
        else:
            spans.append(Span(first, last, (stop,)))
    return spans


def run_budget(
    start: date,
    budget: int,
    spans: list[Span],
    calendar: WorkingCalendar,
    steps: list[DerivationStep],
) -> tuple[date | None, list[tuple[Span, int]], Span | None]:
    """Walk the counted gaps between stops: (due date, spans used with their working days,
    the open span that stops the clock)."""
    cursor, remaining = start, budget
    used: list[tuple[Span, int]] = []
    for number, span in enumerate(spans):
        gap = calendar.working_days_between(cursor, span.first - _DAY)
        if gap >= remaining:  # the budget runs out before this stop begins
            due_on = calendar.add_working_days(cursor, remaining)
            for late in spans[number:]:
                text = f"{stop_name(late.stops)}开始于答复期限 {due_on} 之后，不影响答复期限"
                steps.append(ignored_step(text, *late.stops))
            return due_on, used, None
        remaining -= gap
        if span.last is None:
            steps.append(_open_step(span))
            return None, used, span
        days = calendar.working_days_between(span.first - _DAY, span.last)
        steps.append(_stopped_step(span, span.last, days))
        used.append((span, days))
        cursor = span.last
    return calendar.add_working_days(cursor, remaining), used, None


def _open_step(span: Span) -> DerivationStep:
    """A stop still out: the clock is stopped from ``span.first`` with no end yet."""
    name, basis = stop_name(span.stops), _basis(span.stops)
    return DerivationStep(
        StepKind.STOP_OPEN,
        f"{name}自 {span.first} 起停止计算，尚未结束（{basis}）",
        on=span.first,
    )


def _stopped_step(span: Span, last: date, days: int) -> DerivationStep:
    """An ended stop: ``days`` working days from ``span.first`` through ``last`` not counted."""
    name, basis = stop_name(span.stops), _basis(span.stops)
    merged = "（期间重叠，合并计算）" if len(span.stops) > 1 else ""
    return DerivationStep(
        StepKind.STOP,
        f"{name}{span.first} 至 {last}{merged}，不计入 {days} 个工作日（{basis}）",
        on=span.first,
        until=last,
        days=days,
    )


def counted_days(start: date, as_of: date, spans: list[Span], calendar: WorkingCalendar) -> int:
    """Working days in (start, as_of] outside the stopped spans."""
    total = calendar.working_days_between(start, as_of)
    for span in spans:
        if span.first > as_of:
            break
        last = as_of if span.last is None or span.last > as_of else span.last
        total -= calendar.working_days_between(span.first - _DAY, last)
    return total


def calendar_steps(
    calendar: WorkingCalendar, first: date, last: date, steps: list[DerivationStep]
) -> tuple[int, ...]:
    """Name the calendar data of each year touched; return the years without national data."""
    lo, hi = sorted((first, last))
    for year in range(lo.year, hi.year + 1):
        national, local = calendar.year_data(year)
        if national is None:
            steps.append(
                DerivationStep(
                    StepKind.PROVISIONAL,
                    f"{year} 年尚无全国节假日安排数据，暂按周六、周日及 1 月 1 日休息计算，"
                    "结果为暂定，数据补充后须重新计算",
                    year=year,
                )
            )
        else:
            text = f"{year} 年日历：{national.source}"
            steps.append(DerivationStep(StepKind.CALENDAR, text, year=year))
        if local is not None:
            text = f"{year} 年地方日历（{local.region}）：{local.source}"
            steps.append(DerivationStep(StepKind.CALENDAR, text, year=year))
    return tuple(calendar.missing_years(lo, hi))


def stop_name(stops: tuple[Stop, ...]) -> str:
    names = (
        STOP_WORDS[stop.kind][0] + (f"（{stop.label}）" if stop.label else "") for stop in stops
    )
    return "、".join(names)


def _basis(stops: tuple[Stop, ...]) -> str:
    return "、".join(dict.fromkeys(STOP_WORDS[stop.kind][1] for stop in stops))


def ignored_step(text: str, *stops: Stop) -> DerivationStep:
    return DerivationStep(StepKind.STOP_IGNORED, text, on=stops[0].sent_on if stops else None)
