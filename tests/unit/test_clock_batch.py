"""The batch derivation (``derive_dates_many``) gives exactly what ``derive_dates`` gives.

Random cases, plain and not, received around year ends — 2027 and later have no national data
unless loaded, so their dates are provisional — through every channel, under the package
calendar, one with 2027 loaded and one with a local region's extra rest days, and under every
counting rule.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casework.adapters.calendar_data import package_years
from casework.domain.application.vocabulary import Channel
from casework.domain.calendar.working import NATIONAL, CalendarYear, WorkingCalendar
from casework.domain.case.decisions import (
    CaseDecisions,
    Consultation,
    CorrectionRequest,
    Deferral,
    Extension,
    FeeNotice,
    ReasonsRequest,
)
from casework.domain.case.records import Case
from casework.domain.case.reopening import Reopening
from casework.domain.clock import batch
from casework.domain.clock.batch import derive_dates_many, is_plain
from casework.domain.clock.case import DerivedDates, derive_dates
from casework.domain.clock.model import ClockRules
from tests.support.letter_cases import new_case

YEAR_2027 = CalendarYear(
    year=2027,
    region=NATIONAL,
    holidays={date(2027, 1, 1): "元旦", date(2027, 1, 4): "元旦"},
    workdays={date(2027, 1, 9): "元旦调休"},
    source="测试用 2027 年安排",
)
LOCAL_2025 = CalendarYear(
    year=2025,
    region="示例",
    holidays={date(2025, 12, 29): "地方假日", date(2025, 12, 30): "地方假日"},
    workdays={},
    source="测试用地方安排",
)
PACKAGE = WorkingCalendar(package_years())
CALENDARS = (
    PACKAGE,
    WorkingCalendar((*package_years(), YEAR_2027)),
    WorkingCalendar((*package_years(), LOCAL_2025), region="示例"),
)
RULES = st.builds(
    ClockRules,
    rest_day_receipt=st.sampled_from(["roll-forward", "as-is"]),
    reply_days=st.one_of(st.just(20), st.integers(min_value=1, max_value=40)),
    stop_boundary=st.sampled_from(["day-after-through-end", "send-day-through-day-before-end"]),
    fee_stops_clock=st.booleans(),
)
offsets = st.integers(min_value=0, max_value=40)


def _on(received: date, days: int | None) -> date | None:
    return None if days is None else received + timedelta(days=days)


@st.composite
def corrections(draw: st.DrawFn, received: date) -> CorrectionRequest:
    requested = received + timedelta(days=draw(st.integers(min_value=0, max_value=7)))
    answer = draw(st.sampled_from(["pending", "received", "lapsed"]))
    later = draw(offsets)
    return CorrectionRequest(
        requested_on=requested,
        period_days=draw(st.integers(min_value=1, max_value=20)),
        notice_received_on=_on(requested, draw(st.one_of(st.none(), st.integers(0, 5)))),
        received_on=requested + timedelta(days=later) if answer == "received" else None,
        lapsed_on=requested + timedelta(days=later) if answer == "lapsed" else None,
    )


@st.composite
def consultations(draw: st.DrawFn, received: date) -> Consultation:
    sent = received + timedelta(days=draw(offsets))
    return Consultation(
        party="甲公司",
        party_kind=draw(st.sampled_from(["third-party", "agency"])),
        sent_on=sent,
        window_ends_on=sent + timedelta(days=21),
        party_received_on=_on(sent, draw(st.one_of(st.none(), st.integers(0, 5)))),
        ended_on=_on(sent, draw(st.one_of(st.none(), offsets))),
    )


@st.composite
def fees(draw: st.DrawFn, received: date) -> FeeNotice:
    notified = received + timedelta(days=draw(offsets))
    answer = draw(st.sampled_from(["open", "paid", "lapsed"]))
    later = notified + timedelta(days=draw(offsets))
    return FeeNotice(
        notified_on=notified,
        amount="100",
        notice_received_on=_on(notified, draw(st.one_of(st.none(), st.integers(0, 5)))),
        paid_on=later if answer == "paid" else None,
        lapsed_on=later if answer == "lapsed" else None,
    )


MOVES = ("correction", "consultation", "fee", "extension", "deferral", "reopening", "concluded")


@st.composite
def moved_decisions(draw: st.DrawFn, received: date) -> CaseDecisions:
    """One to three kinds of record that move the reply clock."""
    kinds = draw(st.sets(st.sampled_from(MOVES), min_size=1, max_size=3))
    decisions = CaseDecisions(
        corrections=tuple(draw(st.lists(corrections(received), min_size=1, max_size=2)))
        if "correction" in kinds
        else (),
        consultations=tuple(draw(st.lists(consultations(received), min_size=1, max_size=2)))
        if "consultation" in kinds
        else (),
        fee=draw(fees(received)) if "fee" in kinds else None,
    )
    if "extension" in kinds:
        approved = received + timedelta(days=draw(offsets))
        extension = Extension(draw(st.integers(1, 20)), "复杂", "李四", approved)
        decisions = decisions.with_reply(extension=extension)
    if "deferral" in kinds:
        until = received + timedelta(days=draw(st.integers(1, 120)))
        decisions = decisions.with_reply(deferral=Deferral(until, "量大", received))
    if "reopening" in kinds:
        on = received + timedelta(days=60 + draw(offsets))
        reopening = Reopening(
            reopened_on=on,
            decision_received_on=on + timedelta(days=draw(st.integers(0, 5))),
            basis="复议决定",
            reply_days=draw(st.one_of(st.none(), st.integers(1, 30))),
            reply_due_on=_on(on, draw(st.one_of(st.none(), st.integers(10, 60)))),
        )
        decisions = decisions.reopened(reopening, None, None)
    if "concluded" in kinds:
        decisions = decisions.with_reply(concluded_on=received + timedelta(days=draw(offsets)))
    return decisions


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """A case received within 45 days of a year end between 2004 and 2029."""
    year_end = date(draw(st.integers(min_value=2004, max_value=2028)), 12, 31)
    received = year_end + timedelta(days=draw(st.integers(min_value=-45, max_value=45)))
    decisions = CaseDecisions()
    if draw(st.booleans()):
        decisions = draw(moved_decisions(received))
    elif draw(st.booleans()):  # asking for reasons leaves the clock plain (Reg. art. 35)
        request = ReasonsRequest(received, 15, received + timedelta(days=21), "量大")
        decisions = decisions.with_reply(reasons_request=request)
    case = new_case(decisions)
    case.received_on = received
    case.channel = draw(st.sampled_from(list(Channel))).value
    return case


@settings(max_examples=300, deadline=None)
@given(
    st.lists(cases(), min_size=1, max_size=20),
    st.sampled_from(CALENDARS),
    RULES,
    st.integers(min_value=-30, max_value=400),
)
def test_the_batch_gives_what_derive_dates_gives_case_by_case(
    many: list[Case], calendar: WorkingCalendar, rules: ClockRules, after: int
) -> None:
    today = many[0].received_on + timedelta(days=after)
    expected = [derive_dates(case, calendar, rules, today) for case in many]
    assert derive_dates_many(many, calendar, rules, today) == expected


def _refuse_derive_dates(*_args: object) -> DerivedDates:
    raise AssertionError("a plain case went through derive_dates")


@pytest.mark.parametrize(
    "received",
    [
        date(2026, 2, 14),  # a make-up Saturday (调休上班): counted from that day
        date(2026, 3, 7),  # an ordinary Saturday: rolls forward to Monday
        date(2026, 1, 1),  # New Year's Day
        date(2026, 12, 15),  # due in 2027, which has no data: provisional
        date(2027, 1, 1),  # a provisional year throughout
    ],
)
def test_plain_cases_are_derived_by_the_vectorised_path(
    received: date, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = [
        replace(new_case(), received_on=received, channel=channel.value) for channel in Channel
    ]
    today = date(2026, 12, 20)
    expected = [derive_dates(case, PACKAGE, ClockRules(), today) for case in plain]
    monkeypatch.setattr(batch, "derive_dates", _refuse_derive_dates)
    assert all(is_plain(case) for case in plain)
    assert derive_dates_many(plain, PACKAGE, ClockRules(), today) == expected


def test_a_saturday_receipt_and_a_make_up_saturday_receipt_differ_by_their_start() -> None:
    saturday, make_up = (
        replace(new_case(), received_on=day) for day in (date(2026, 3, 7), date(2026, 2, 14))
    )
    got = derive_dates_many([saturday, make_up], PACKAGE, ClockRules(), date(2026, 3, 1))
    # 2026-03-07 counts from Monday 03-09 (04-06 is Qingming); 2026-02-14 is itself a working
    # day (Spring Festival make-up day): 02-15..02-23 are holidays, 02-28 is worked again.
    assert [dates.reply_due_on for dates in got] == [date(2026, 4, 7), date(2026, 3, 20)]
    assert [dates.next_deadline_kind for dates in got] == ["reply", "reply"]


def test_an_empty_set_derives_to_nothing() -> None:
    assert derive_dates_many([], PACKAGE, ClockRules(), date(2026, 1, 5)) == []


def test_an_unknown_channel_is_refused_as_derive_dates_refuses_it() -> None:
    case = replace(new_case(), channel="pigeon")
    with pytest.raises(ValueError, match="pigeon"):
        derive_dates(case, PACKAGE, ClockRules(), date(2026, 4, 2))
    with pytest.raises(ValueError, match="pigeon"):
        derive_dates_many([case], PACKAGE, ClockRules(), date(2026, 4, 2))
