"""Properties of the calendar and the reply clock that must hold for every date (Hypothesis).

The oracles are deliberately naive: a day-by-day walk over ``is_working_day``, the
``chinese_calendar`` package's own ``is_workday``, and a day-by-day simulation of the clock.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from casework.adapters.calendar_data import package_years
from casework.domain.application.vocabulary import Channel
from casework.domain.calendar.working import WorkingCalendar
from casework.domain.clock.model import ClockFacts, ClockRules, ClockStatus, StepKind, Stop
from casework.domain.clock.reply import reply_clock

CAL = WorkingCalendar(package_years())
RULES = ClockRules()
DAY = timedelta(days=1)
any_day = st.dates(min_value=date(2004, 1, 1), max_value=date(2030, 12, 31))
data_day = st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 12, 31))
counts = st.integers(min_value=0, max_value=400)


def _naive_add(day: date, n: int) -> date:
    while n:
        day += DAY
        n -= CAL.is_working_day(day)
    return day


@given(any_day, counts, counts)
def test_adding_n_then_m_working_days_equals_adding_n_plus_m(day: date, n: int, m: int) -> None:
    assert CAL.add_working_days(CAL.add_working_days(day, n), m) == CAL.add_working_days(day, n + m)


@given(any_day, st.integers(min_value=1, max_value=400))
def test_the_nth_working_day_after_d_is_a_working_day_with_n_working_days_up_to_it(
    day: date, n: int
) -> None:
    end = CAL.add_working_days(day, n)
    assert CAL.is_working_day(end)
    assert CAL.working_days_between(day, end) == n
    assert CAL.working_days_between(day, end - DAY) == n - 1


@given(any_day, st.integers(min_value=0, max_value=60))
def test_the_rank_table_agrees_with_a_day_by_day_walk(day: date, n: int) -> None:
    assert CAL.add_working_days(day, n) == _naive_add(day, n)


@given(data_day)
def test_every_working_day_agrees_with_the_chinese_calendar_package(day: date) -> None:
    assert CAL.is_working_day(day) == chinese_calendar.is_workday(day)


@given(st.lists(any_day, min_size=1, max_size=50), st.integers(min_value=0, max_value=300))
def test_the_vectorised_path_agrees_with_the_scalar_path(days: list[date], n: int) -> None:
    got = CAL.add_working_days_many(np.array(days, dtype="datetime64[D]"), n)
    assert got.tolist() == [CAL.add_working_days(day, n) for day in days]


# --- the reply clock ------------------------------------------------------------------------

stop_specs = st.lists(
    st.tuples(
        st.integers(min_value=-20, max_value=60),  # sent, days after the receipt
        # the duration in days; about one stop in ten is still open (None)
        st.integers(min_value=-4, max_value=40).map(lambda n: None if n < 0 else n),
        st.sampled_from(["third_party_consultation", "agency_consultation", "fee"]),
    ),
    max_size=4,
)


@st.composite
def clock_facts(draw: st.DrawFn) -> tuple[ClockFacts, date]:
    received = draw(st.dates(min_value=date(2019, 1, 1), max_value=date(2026, 10, 31)))
    correction = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=30)))
    stops = tuple(
        Stop(
            kind,  # type: ignore[arg-type]
            f"第{number}方",
            received + timedelta(days=sent),
            None if length is None else received + timedelta(days=sent + length),
        )
        for number, (sent, length, kind) in enumerate(draw(stop_specs), start=1)
    )
    facts = ClockFacts(
        received_on=received,
        channel=draw(st.sampled_from(list(Channel))),
        correction_received_on=None if correction is None else received + timedelta(correction),
        stops=stops,
        extension_days=draw(st.integers(min_value=0, max_value=20)),
    )
    return facts, received + timedelta(days=draw(st.integers(min_value=0, max_value=200)))


def _simulate(facts: ClockFacts, today: date) -> tuple[date | None, int]:
    """(due date or None while stopped, days left as of today) by walking day by day."""
    raw = facts.correction_received_on or facts.received_on
    start = CAL.next_working_day(raw, inclusive=True)  # the roll-forward rule
    stopped = [(s.sent_on + DAY, s.ended_on or date.max) for s in facts.stops]
    budget, counted, day = RULES.reply_days + facts.extension_days, 0, start
    left_today = budget
    while counted < budget:
        day += DAY
        in_stop = [(first, last) for first, last in stopped if first <= day <= last]
        if any(last == date.max for _, last in in_stop):
            return None, left_today if today < day else budget - counted
        if CAL.is_working_day(day) and not in_stop:
            counted += 1
        if day == today:
            left_today = budget - counted
    due = day
    if today >= due:
        return due, -CAL.working_days_between(due, today)
    return due, left_today


@settings(max_examples=300, deadline=None)
@given(clock_facts())
def test_the_reply_clock_matches_a_day_by_day_simulation(case: tuple[ClockFacts, date]) -> None:
    facts, today = case
    clock = reply_clock(facts, CAL, RULES, today)
    due, left = _simulate(facts, today)
    assert clock.due_on == due
    assert clock.working_days_left == left
    assert clock.status is (ClockStatus.RUNNING if due else ClockStatus.STOPPED)


@settings(max_examples=300, deadline=None)
@given(clock_facts())
def test_the_derivation_adds_up_to_the_due_date(case: tuple[ClockFacts, date]) -> None:
    facts, today = case
    clock = reply_clock(facts, CAL, RULES, today)
    if clock.due_on is None:
        return
    steps = clock.derivation
    start = next(step.on for step in steps if step.kind is StepKind.START)
    assert start is not None
    budget = sum(
        step.days or 0 for step in steps if step.kind in {StepKind.BUDGET, StepKind.EXTENSION}
    )
    stopped = sum(step.days or 0 for step in steps if step.kind is StepKind.STOP)
    assert (budget, stopped) == (clock.budget_days, clock.stopped_days)
    assert CAL.add_working_days(start, budget + stopped) == clock.due_on
    due_step = next(step for step in steps if step.kind is StepKind.DUE)
    assert (due_step.on, due_step.days) == (clock.due_on, budget + stopped)


@settings(max_examples=300, deadline=None)
@given(clock_facts())
def test_due_dates_are_working_days_and_stopped_working_days_never_count(
    case: tuple[ClockFacts, date],
) -> None:
    facts, today = case
    clock = reply_clock(facts, CAL, RULES, today)
    if clock.due_on is None:
        return
    assert CAL.is_working_day(clock.due_on)
    stops = [step for step in clock.derivation if step.kind is StepKind.STOP]
    day, counted = clock.start_on, 0
    while day < clock.due_on:
        day += DAY
        inside = any(s.on and s.until and s.on <= day <= s.until for s in stops)
        counted += CAL.is_working_day(day) and not inside
    assert counted == clock.budget_days
    assert not any(s.on and s.until and s.on <= clock.due_on <= s.until for s in stops)
