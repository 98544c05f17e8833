"""The shared arithmetic of a sweep (``AlertDay``) and the fast alert sort decide exactly as
the one-case functions do: the same levels as ``level_on``, the same order as ``sort_key``, and
the same alerts whether a case is decided alone or after thousands of others on that date.

Dates span 2025 to 2027 (2027 has no national data yet: its dates are provisional).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from casework.adapters.calendar_data import package_years
from casework.domain.alerts.deadlines import case_alerts, day_alerts
from casework.domain.alerts.model import (
    Alert,
    AlertDay,
    AlertKind,
    AlertLevel,
    AlertRules,
    CaseSnapshot,
    level_on,
    sort_alerts,
    sort_key,
)
from casework.domain.calendar.working import WorkingCalendar
from casework.domain.clock.model import ClockRules
from tests.support.alerts import decisions_of

CALENDAR = WorkingCalendar(package_years())
OPEN = frozenset(
    {"registered", "correcting", "consulting", "awaiting_fee", "reviewing", "approved"}
)
RULES = AlertRules(open_states=OPEN)
DAYS = st.dates(date(2025, 1, 1), date(2027, 12, 31))
ISO = DAYS.map(date.isoformat)


@settings(max_examples=300, deadline=None)
@given(on=DAYS, dues=st.lists(DAYS, min_size=1, max_size=20), lead=st.integers(0, 25))
def test_the_shared_level_is_the_level_counted_working_day_by_working_day(
    on: date, dues: list[date], lead: int
) -> None:
    day = AlertDay(CALENDAR, ClockRules(), RULES, on)
    assert [day.level(due, lead) for due in dues] == [
        level_on(due, on, CALENDAR, lead) for due in dues
    ]


@settings(max_examples=200, deadline=None)
@given(on=DAYS, starts=st.lists(DAYS, min_size=1, max_size=10), n=st.integers(0, 30))
def test_the_remembered_arithmetic_answers_as_the_calendar_does(
    on: date, starts: list[date], n: int
) -> None:
    day = AlertDay(CALENDAR, ClockRules(), RULES, on)
    for _ in range(2):  # the second round is answered from memory
        assert [day.add(s, n) for s in starts] == [CALENDAR.add_working_days(s, n) for s in starts]
        assert [day.between(s, on) for s in starts] == [
            CALENDAR.working_days_between(s, on) for s in starts
        ]
        assert [day.between(on, s) for s in starts] == [
            CALENDAR.working_days_between(on, s) for s in starts
        ]


ALERTS = st.builds(
    Alert,
    agency=st.sampled_from(["demo", "city", "zz"]),
    subject=st.sampled_from(["2026-000001", "2026-000002", "2026-000010", "digest"]),
    kind=st.sampled_from(AlertKind),
    level=st.sampled_from(AlertLevel),
    due_on=st.dates(date(2026, 11, 1), date(2026, 11, 6)),
    message=st.text(max_size=3),
)


@given(st.lists(ALERTS, max_size=40))
def test_the_fast_sort_orders_alerts_as_the_sort_key_does_ties_included(
    alerts: list[Alert],
) -> None:
    assert sort_alerts(alerts) == sorted(alerts, key=sort_key)
    assert [id(a) for a in sort_alerts(alerts)] == [id(a) for a in sorted(alerts, key=sort_key)]


def _facts(draw: st.DrawFn, state: str) -> dict[str, Any]:
    if state == "correcting":
        late = draw(st.booleans())
        correction = {"requested_on": draw(ISO), "period_days": draw(st.integers(1, 20))}
        return {"corrections": [{**correction, "late": late, "deadline": draw(ISO)}]}
    if state == "consulting":
        kind = draw(st.sampled_from(["agency", "third-party"]))
        window = {"party": "甲公司", "party_kind": kind, "window_ends_on": draw(ISO)}
        return {"consultations": [window]}
    if state == "awaiting_fee":
        return {"fee": {"notified_on": draw(ISO), "notice_received_on": draw(ISO | st.none())}}
    if state == "replied":
        return {"issued_on": draw(ISO)}
    if state == "delivered":
        return {"delivery": {"made_on": draw(ISO)}}
    return {}


# A few dates around a sweep, so that cases share their state and dates (the shared findings).
NEAR = st.sampled_from(
    [date(2026, 11, d) for d in (2, 13, 16, 18, 20, 23, 27)] + [date(2027, 1, 4)]
)
# Facts that say nothing about a deadline: they must not change what a case is found to have.
SILENT_FACTS: st.SearchStrategy[dict[str, Any]] = st.sampled_from(
    [{}, {"draft": {"outcome": "full"}}, {"extension": {"days": 20}}, {"withdrawal": {}}]
)


@st.composite
def cases(
    draw: st.DrawFn, dates: st.SearchStrategy[date] = DAYS, silent_facts: bool = False
) -> CaseSnapshot:
    state = draw(st.sampled_from([*sorted(OPEN), "replied", "delivered"]))
    facts = draw(SILENT_FACTS) if silent_facts and draw(st.booleans()) else _facts(draw, state)
    return CaseSnapshot(
        agency="demo",
        number=f"2026-{draw(st.integers(1, 999)):06d}",
        handler=draw(st.sampled_from(["zhangsan", "lisi"])),
        state=state,
        received_on=draw(dates),
        reply_due_on=draw(dates | st.none()),
        next_deadline_on=draw(dates | st.none()),
        due_provisional=draw(st.booleans()),
        decisions=decisions_of(facts),
    )


def assert_decided_together_as_alone(on: date, population: list[CaseSnapshot]) -> None:
    shared = AlertDay(CALENDAR, ClockRules(), RULES, on)
    together = [day_alerts(case, shared) for case in population]
    alone = [case_alerts(case, CALENDAR, ClockRules(), RULES, on) for case in population]
    assert together == alone


@settings(max_examples=150, deadline=None)
@given(on=DAYS, population=st.lists(cases(), min_size=1, max_size=30))
def test_a_case_decided_after_others_on_the_same_day_gets_the_alerts_it_gets_alone(
    on: date, population: list[CaseSnapshot]
) -> None:
    assert_decided_together_as_alone(on, population)


@settings(max_examples=300, deadline=None)
@given(on=NEAR, population=st.lists(cases(NEAR, silent_facts=True), min_size=1, max_size=40))
def test_cases_sharing_their_dates_get_the_alerts_each_gets_alone(
    on: date, population: list[CaseSnapshot]
) -> None:
    assert_decided_together_as_alone(on, population)


def test_two_cases_with_the_same_dates_are_decided_once_and_told_apart() -> None:
    on = date(2026, 11, 20)
    first = CaseSnapshot(
        "demo", "2026-000001", "zhangsan", "registered", date(2026, 11, 13),
        date(2026, 11, 23), date(2026, 11, 23), False, decisions_of({}),
    )  # fmt: skip
    second = first._replace(
        number="2026-000002", handler="lisi", decisions=decisions_of({"draft": {}})
    )
    day = AlertDay(CALENDAR, ClockRules(), RULES, on)
    one, two = day_alerts(first, day), day_alerts(second, day)
    assert len(day.shared) == 1
    assert [a.kind for a in one] == [AlertKind.REPLY, AlertKind.CORRECTION_NOTICE]
    assert [(a.subject, a.case, a.handler) for a in two] == [
        ("2026-000002", "2026-000002", "lisi")
    ] * 2
    assert [a.message for a in two] == [a.message.replace("000001", "000002") for a in one]
    assert one[0].message.startswith("案件 2026-000001：答复期限为 2026-11-23，还剩 1 个工作日")
    assert one[1].message.startswith("案件 2026-000001：补正告知书最迟发出日为 2026-11-24")
