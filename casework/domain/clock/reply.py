"""The statutory clocks of a disclosure case: the reply period and the shorter windows.

The reply clock (domain.md §2.3) starts on the receipt date (Reg. art. 31, with the rest-day
rule of §1.2) or afresh on the receipt of a correction (Reg. art. 30), runs 20 working days
(Reg. art. 33 para. 1) plus one approved extension of at most 20 (para. 2) or until an art. 35
date, and stops while a consultation (arts. 32, 34, 33 para. 3) or a fee notice (Fee) is out.
Every result carries its derivation: Chinese steps with machine fields that add up to the date.
All functions are pure: the calendar, the rules and today's date are passed in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Literal, get_args

from casework.domain.application.vocabulary import Channel
from casework.domain.calendar.working import WorkingCalendar
from casework.errors import ValidationError

RestDayReceipt = Literal["roll-forward", "as-is"]
StopBoundary = Literal["day-after-through-end", "send-day-through-day-before-end"]
StopKind = Literal["third_party_consultation", "agency_consultation", "fee"]
_DAY = timedelta(days=1)
_FEE_RULE = "《政府信息公开信息处理费管理办法》"
_STOP_WORDS: dict[str, tuple[str, str]] = {  # kind -> (Chinese name, legal basis)
    "third_party_consultation": ("征求第三方意见", "条例第三十三条第三款"),
    "agency_consultation": ("征求其他机关意见", "条例第三十三条第三款"),
    "fee": ("收费通知至缴费", _FEE_RULE),
}


@dataclass(frozen=True)
class ClockRules:
    """The periods and counting choices; defaults are domain.md's, all configurable.

    ``stop_boundary``: "day-after-through-end" stops the clock from the day after the letter
    or notice is sent through the day the answer arrives, the window lapses or the fee is paid;
    "send-day-through-day-before-end" stops it from the send day through the day before.
    """

    # domain.md §1.2 (configurable): a receipt on a rest day counts from the next working day.
    rest_day_receipt: RestDayReceipt = "roll-forward"
    # Reg. art. 33 para. 1: reply within 20 working days of receipt.
    reply_days: int = 20
    # Reg. art. 33 para. 2: one extension, at most 20 working days.
    max_extension_days: int = 20
    # Reg. art. 30: the correction notice goes out within 7 working days of receipt.
    correction_notice_days: int = 7
    # Reg. art. 30 fixes no length; domain.md §1.3 default: 15 working days.
    correction_period_days: int = 15
    # Reg. arts. 32, 34: a third party or other agency answers within 15 working days.
    consultation_days: int = 15
    # Reg. art. 35 lets the agency ask for reasons but fixes no period to give them; our
    # default (configurable): 15 working days from the applicant's receipt of the notice.
    reasons_period_days: int = 15
    # Fee: pay within 20 working days from the day after receiving the fee notice.
    fee_payment_days: int = 20
    # Reg. art. 33 para. 3: consultation time is not counted; the boundaries are our default.
    stop_boundary: StopBoundary = "day-after-through-end"
    # Fee (configurable, default on): the time from the fee notice to payment is not counted.
    fee_stops_clock: bool = True

    def __post_init__(self) -> None:
        if self.rest_day_receipt not in get_args(RestDayReceipt):
            raise ValueError(f"unknown rest_day_receipt {self.rest_day_receipt!r}")
        if self.stop_boundary not in get_args(StopBoundary):
            raise ValueError(f"unknown stop_boundary {self.stop_boundary!r}")
        periods = (self.reply_days, self.correction_notice_days, self.correction_period_days)
        others = (self.reasons_period_days, self.consultation_days, self.fee_payment_days)
        if min(*periods, *others) < 1:
            raise ValueError("every period must be at least one working day")
        if self.max_extension_days < 0:
            raise ValueError("max_extension_days must be >= 0")


@dataclass(frozen=True)
class Stop:
    """A consultation letter or fee notice that stops the reply clock (open: no ended_on)."""

    kind: StopKind
    label: str
    sent_on: date
    ended_on: date | None = None

    def __post_init__(self) -> None:
        if self.kind not in _STOP_WORDS:
            raise ValueError(f"unknown stop kind {self.kind!r}")
        if self.ended_on is not None and self.ended_on < self.sent_on:
            raise ValidationError(
                f"结束日期 {self.ended_on} 早于发出日期 {self.sent_on}",
                field=f"{_STOP_WORDS[self.kind][0]}（{self.label}）",
            )


@dataclass(frozen=True)
class ClockFacts:
    """The dated facts of a case that move its reply clock."""

    received_on: date  # Reg. art. 31 receipt date
    channel: Channel
    correction_received_on: date | None = None
    stops: tuple[Stop, ...] = ()
    extension_days: int = 0  # Reg. art. 33 para. 2, approved
    extension_approved_on: date | None = None
    deferred_until: date | None = None  # Reg. art. 35: the agency's date replaces the budget
    concluded_on: date | None = None  # reply issued or case closed
    # 重新答复: a reconsideration decision (ARL art. 64) or a judgment (ALL art. 70) ordered a
    # new reply; the period runs afresh from the agency's receipt of it, for the days it set
    # (default: Reg. art. 33's 20 working days) or until the date it fixed.
    reopened_on: date | None = None
    reopen_days: int | None = None
    reopen_due_on: date | None = None
    reopen_basis: str = ""


class StepKind(StrEnum):
    """What a derivation step records.

    received: the receipt of the application.  correction: a correction restarts the count.
    start: the day counting starts after.  budget: the statutory period.  extension: the
    approved extension.  deferred: an art. 35 date.  stop: a stopped interval (days = working
    days not counted).  stop_open: a stop not yet ended.  stop_ignored: a stop with no effect.
    due: the due date (days = working days after the start).  calendar: a year's data used.
    provisional: a year without data.  concluded: the case ended.  status: the count as of a day.
    reopened: a decision or judgment ordered a new reply (重新答复); the count restarts.
    """

    RECEIVED = "received"
    CORRECTION = "correction"
    START = "start"
    BUDGET = "budget"
    EXTENSION = "extension"
    DEFERRED = "deferred"
    STOP = "stop"
    STOP_OPEN = "stop_open"
    STOP_IGNORED = "stop_ignored"
    DUE = "due"
    CALENDAR = "calendar"
    PROVISIONAL = "provisional"
    CONCLUDED = "concluded"
    STATUS = "status"
    REOPENED = "reopened"


@dataclass(frozen=True)
class DerivationStep:
    """One line of "how was this date computed": Chinese ``text`` plus machine fields."""

    kind: StepKind
    text: str
    on: date | None = None
    until: date | None = None
    days: int | None = None
    year: int | None = None  # calendar and provisional steps: the year concerned


class ClockStatus(StrEnum):
    """running: counting, with a due date.  stopped: a stop is open, no due date.  ended:
    the case is concluded (days left are counted as of that day)."""

    RUNNING = "running"
    STOPPED = "stopped"
    ENDED = "ended"


@dataclass(frozen=True)
class ReplyClock:
    status: ClockStatus
    due_on: date | None
    working_days_left: int  # as of today (or the conclusion); negative when overdue
    start_on: date  # counting starts the day after
    budget_days: int  # reply days + extension (0 under an art. 35 date)
    stopped_days: int  # working days not counted before the due date
    provisional: bool
    missing_years: tuple[int, ...]
    derivation: tuple[DerivationStep, ...]


@dataclass(frozen=True)
class Deadline:
    due_on: date
    provisional: bool
    missing_years: tuple[int, ...]
    derivation: tuple[DerivationStep, ...]


@dataclass(frozen=True)
class _Span:
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
    open_span: _Span | None = None
    fixed_on = facts.reopen_due_on or facts.deferred_until
    if fixed_on is None:
        budget = _budget(facts, rules, steps)
        spans = _spans(facts.stops, start, rules, steps)
        due_on, used, open_span = _run(start, budget, spans, calendar, steps)
        counted_spans = [span for span, _ in used] + ([open_span] if open_span else [])
        left = budget - _counted(start, as_of, counted_spans, calendar)
        stopped = sum(days for _, days in used)
        if due_on is not None:
            steps.append(_due_step(due_on, budget, stopped))
    else:
        due_on, budget, stopped = fixed_on, 0, 0
        words = (
            (f"{facts.reopen_basis}确定重新答复期限 {fixed_on}", "决定确定的重新答复期限")
            if facts.reopen_due_on
            else (
                f"依条例第三十五条确定答复日期 {fixed_on}，取代法定答复期限",
                "依条例第三十五条确定的答复日期",
            )
        )
        left = _deferred(fixed_on, facts.stops, calendar, as_of, steps, words)
    status = _status(facts, stopped=open_span is not None)
    steps.append(_status_step(status, as_of, left))
    missing = _calendar_steps(calendar, raw_start, max(due_on or raw_start, as_of), steps)
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


def _spans(
    stops: tuple[Stop, ...], start: date, rules: ClockRules, steps: list[DerivationStep]
) -> list[_Span]:
    """The stopped intervals after ``start``, merged where they overlap or touch."""
    spans: list[_Span] = []
    for stop in sorted(stops, key=lambda s: (s.sent_on, s.ended_on or date.max)):
        name = _stop_name((stop,))
        if stop.kind == "fee" and not rules.fee_stops_clock:
            steps.append(_ignored(f"{name}按规则不停止计算", stop))
            continue
        if rules.stop_boundary == "day-after-through-end":
            first, last = stop.sent_on + _DAY, stop.ended_on
        else:
            first = stop.sent_on
            last = None if stop.ended_on is None else stop.ended_on - _DAY
        if last is not None and last < first:  # answered the day it was sent: nothing stops
            steps.append(_ignored(f"{name}当日即结束，不停止计算", stop))
            continue
        if last is not None and last <= start:
            steps.append(_ignored(f"{name}在起算日 {start} 之前结束，不影响本次计算", stop))
            continue
        first = max(first, start + _DAY)
        previous = spans[-1] if spans else None
        if previous and (previous.last is None or first <= previous.last + _DAY):
            last = None if previous.last is None or last is None else max(previous.last, last)
            spans[-1] = _Span(previous.first, last, (*previous.stops, stop))
        else:
            spans.append(_Span(first, last, (stop,)))
    return spans


def _run(
    start: date,
    budget: int,
    spans: list[_Span],
    calendar: WorkingCalendar,
    steps: list[DerivationStep],
) -> tuple[date | None, list[tuple[_Span, int]], _Span | None]:
    """Walk the counted gaps between stops: (due date, spans used with their working days,
    the open span that stops the clock)."""
    cursor, remaining = start, budget
    used: list[tuple[_Span, int]] = []
    for number, span in enumerate(spans):
        gap = calendar.working_days_between(cursor, span.first - _DAY)
        if gap >= remaining:  # the budget runs out before this stop begins
            due_on = calendar.add_working_days(cursor, remaining)
            for late in spans[number:]:
                text = f"{_stop_name(late.stops)}开始于答复期限 {due_on} 之后，不影响答复期限"
                steps.append(_ignored(text, *late.stops))
            return due_on, used, None
        remaining -= gap
        name, basis = _stop_name(span.stops), _basis(span.stops)
        if span.last is None:
            steps.append(
                DerivationStep(
                    StepKind.STOP_OPEN,
                    f"{name}自 {span.first} 起停止计算，尚未结束（{basis}）",
                    on=span.first,
                )
            )
            return None, used, span
        days = calendar.working_days_between(span.first - _DAY, span.last)
        merged = "（期间重叠，合并计算）" if len(span.stops) > 1 else ""
        steps.append(
            DerivationStep(
                StepKind.STOP,
                f"{name}{span.first} 至 {span.last}{merged}，不计入 {days} 个工作日（{basis}）",
                on=span.first,
                until=span.last,
                days=days,
            )
        )
        used.append((span, days))
        cursor = span.last
    return calendar.add_working_days(cursor, remaining), used, None


def _counted(start: date, as_of: date, spans: list[_Span], calendar: WorkingCalendar) -> int:
    """Working days in (start, as_of] outside the stopped spans."""
    total = calendar.working_days_between(start, as_of)
    for span in spans:
        if span.first > as_of:
            break
        last = as_of if span.last is None or span.last > as_of else span.last
        total -= calendar.working_days_between(span.first - _DAY, last)
    return total


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
        text = f"{_stop_name((stop,))}不影响{words[1]}"
        steps.append(_ignored(text, stop))
    steps.append(DerivationStep(StepKind.DUE, f"答复期限 {due_on}", on=due_on))
    if as_of <= due_on:
        return calendar.working_days_between(as_of, due_on)
    return -calendar.working_days_between(due_on, as_of)


def _status(facts: ClockFacts, stopped: bool) -> ClockStatus:
    if facts.concluded_on is not None:
        return ClockStatus.ENDED
    return ClockStatus.STOPPED if stopped else ClockStatus.RUNNING


def _status_step(status: ClockStatus, as_of: date, left: int) -> DerivationStep:
    if status is ClockStatus.STOPPED:
        text = f"计时停止中：截至 {as_of} 尚余 {left} 个工作日，恢复计算后再确定答复期限"
    elif left >= 0:
        text = f"截至 {as_of} 尚余 {left} 个工作日"
    else:
        text = f"截至 {as_of} 已超过答复期限 {-left} 个工作日"
    if status is ClockStatus.ENDED:
        text = f"已于 {as_of} 办结；" + text.replace(f"截至 {as_of} ", "办结时")
    return DerivationStep(StepKind.STATUS, text, on=as_of, days=left)


def _due_step(due_on: date, budget: int, stopped: int) -> DerivationStep:
    total = budget + stopped
    detail = f"：计入 {budget} 个 + 停止计算 {stopped} 个" if stopped else ""
    return DerivationStep(
        StepKind.DUE,
        f"答复期限 {due_on}（起算日后第 {total} 个工作日{detail}）",
        on=due_on,
        days=total,
    )


def _calendar_steps(
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


def _stop_name(stops: tuple[Stop, ...]) -> str:
    names = (
        _STOP_WORDS[stop.kind][0] + (f"（{stop.label}）" if stop.label else "") for stop in stops
    )
    return "、".join(names)


def _basis(stops: tuple[Stop, ...]) -> str:
    return "、".join(dict.fromkeys(_STOP_WORDS[stop.kind][1] for stop in stops))


def _ignored(text: str, *stops: Stop) -> DerivationStep:
    return DerivationStep(StepKind.STOP_IGNORED, text, on=stops[0].sent_on if stops else None)


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
        ("缴费期限", f"{_FEE_RULE}，自收到次日起算", "缴费期限届满"),
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
    missing = _calendar_steps(calendar, start, due_on, steps)
    return Deadline(due_on, bool(missing), missing, tuple(steps))


def counted_working_days(
    facts: ClockFacts, calendar: WorkingCalendar, rules: ClockRules, made_on: date
) -> int:
    """Working days from the start of the count through ``made_on``, stopped time excluded:
    how long a reply took in the sense of Reg. art. 33 (statistics; 0 for a same-day reply)."""
    steps: list[DerivationStep] = []
    _raw_start, start = _opening(facts, calendar, rules, steps)
    if made_on <= start:
        return 0
    return _counted(start, made_on, _spans(facts.stops, start, rules, steps), calendar)
