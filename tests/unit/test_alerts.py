"""The alert decisions of the domain: levels, which kinds a case has on a date, the words.

Dates are hand-counted from the 2026 national calendar (National Day 1-7 October with make-up
days 20 September and 10 October; New Year 2027 is not yet published, hence provisional).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casework.adapters.calendar_data import package_years
from casework.domain.alerts.deadlines import annual_report_alert, case_alerts
from casework.domain.alerts.model import AlertKind, AlertLevel, AlertRules, CaseSnapshot, level_on
from casework.domain.calendar.working import WorkingCalendar
from casework.domain.clock.deadlines import (
    correction_notice_deadline,
    correction_period_end,
    fee_payment_deadline,
)
from casework.domain.clock.model import ClockRules
from tests.support.alerts import decisions_of

CALENDAR = WorkingCalendar(package_years())
OPEN = frozenset(
    {"registered", "correcting", "consulting", "awaiting_fee", "reviewing", "approved"}
)

RULES = AlertRules(open_states=OPEN)


def snapshot(state: str = "registered", **overrides: Any) -> CaseSnapshot:
    values: dict[str, Any] = {
        "agency": "demo",
        "number": "2026-0007",
        "handler": "zhangsan",
        "state": state,
        "received_on": date(2026, 9, 1),
        "reply_due_on": None,
        "next_deadline_on": None,
        "due_provisional": False,
        "facts": {},
    }
    values.update(overrides)
    values["decisions"] = decisions_of(values.pop("facts"))
    return CaseSnapshot(**values)


def kinds(case: CaseSnapshot, on: date) -> dict[tuple[AlertKind, AlertLevel], str]:
    found = case_alerts(case, CALENDAR, ClockRules(), RULES, on)
    return {(a.kind, a.level): a.message for a in found}


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2026, 9, 22), None),  # 6 working days before (the make-up Sunday 20 Sep counts)
        (date(2026, 9, 23), AlertLevel.DUE_SOON),  # 5 working days: 24, 28, 29, 30 Sep, 8 Oct
        (date(2026, 9, 30), AlertLevel.DUE_SOON),  # the National Day week does not count
        (date(2026, 10, 8), AlertLevel.DUE_TODAY),
        (date(2026, 10, 9), AlertLevel.OVERDUE),
    ],
)
def test_the_level_counts_working_days_to_the_due_date(on: date, expected: AlertLevel) -> None:
    assert level_on(date(2026, 10, 8), on, CALENDAR, 5) is expected


def test_a_running_reply_clock_warns_before_on_and_after_its_due_date() -> None:
    case = snapshot(reply_due_on=date(2026, 10, 8))
    assert kinds(case, date(2026, 9, 30))[AlertKind.REPLY, AlertLevel.DUE_SOON] == (
        "案件 2026-0007：答复期限为 2026-10-08，还剩 1 个工作日（条例第三十三条）"
    )
    assert (
        "今天（2026-10-08）是答复期限的最后一日"
        in kinds(case, date(2026, 10, 8))[AlertKind.REPLY, AlertLevel.DUE_TODAY]
    )
    assert "逾期 2 个工作日" in kinds(case, date(2026, 10, 10))[AlertKind.REPLY, AlertLevel.OVERDUE]


def test_an_issued_but_undelivered_reply_still_counts_against_its_due_date() -> None:
    # Delivery: the reply is made on hand-over or posting, not on signing.
    case = snapshot("replied", reply_due_on=date(2026, 10, 8), facts={"issued_on": "2026-09-30"})
    message = kinds(case, date(2026, 10, 8))[AlertKind.REPLY, AlertLevel.DUE_TODAY]
    assert "答复已签发但尚未送达" in message


def test_a_stopped_or_concluded_clock_has_no_reply_alert() -> None:
    assert kinds(snapshot("consulting"), date(2026, 10, 8)) == {}
    delivered = snapshot("delivered", reply_due_on=date(2026, 9, 10))
    assert (AlertKind.REPLY, AlertLevel.OVERDUE) not in kinds(delivered, date(2026, 10, 8))


def test_the_correction_notice_deadline_is_announced_but_not_reported_as_missed() -> None:
    # Received Tue 1 Sep 2026: 7 working days -> Thu 10 Sep (Reg. art. 30).
    case = snapshot(received_on=date(2026, 9, 1))
    assert kinds(case, date(2026, 9, 7)) == {}
    assert (AlertKind.CORRECTION_NOTICE, AlertLevel.DUE_SOON) in kinds(case, date(2026, 9, 8))
    today = kinds(case, date(2026, 9, 10))[AlertKind.CORRECTION_NOTICE, AlertLevel.DUE_TODAY]
    assert "补正告知书最迟发出日" in today and "条例第三十条" in today
    assert kinds(case, date(2026, 9, 11)) == {}
    back = {"requested_on": "2026-09-03", "period_days": 15, "received_on": "2026-09-08"}
    corrected = snapshot(received_on=date(2026, 9, 1), facts={"corrections": [back]})
    assert kinds(corrected, date(2026, 9, 10)) == {}


def test_a_late_correction_notice_is_flagged_with_its_reason() -> None:
    correction = {
        "requested_on": "2026-09-14",
        "late": True,
        "late_reason": "申请材料邮寄延误",
        "deadline": "2026-09-10",
        "period_days": 15,
    }
    case = snapshot("correcting", facts={"corrections": [correction]})
    found = case_alerts(case, CALENDAR, ClockRules(), RULES, date(2026, 9, 14))
    late = [a for a in found if a.kind is AlertKind.CORRECTION_NOTICE]
    assert [(a.level, a.due_on) for a in late] == [(AlertLevel.NOTICE, date(2026, 9, 10))]
    assert "逾期理由：申请材料邮寄延误" in late[0].message


def test_the_open_windows_of_a_stopped_case_are_counted_down() -> None:
    facts = {
        "consultations": [
            {"party": "甲公司", "party_kind": "third-party", "window_ends_on": "2026-10-09"},
            {"party": "市统计局", "party_kind": "agency", "window_ends_on": "2026-10-09"},
            {"party": "乙公司", "party_kind": "third-party", "window_ends_on": "2026-10-09",
             "ended_on": "2026-09-30"},
        ]
    }  # fmt: skip
    found = case_alerts(
        snapshot("consulting", facts=facts), CALENDAR, ClockRules(), RULES, date(2026, 10, 9)
    )
    messages = [a.message for a in found if a.kind is AlertKind.CONSULTATION]
    assert len(messages) == 2
    assert any("甲公司" in m and "条例第三十二条" in m for m in messages)
    assert any("市统计局" in m and "视为同意" in m and "条例第三十四条" in m for m in messages)


def test_the_fee_and_correction_windows_end_on_the_twentieth_and_fifteenth_working_day() -> None:
    fee = snapshot("awaiting_fee", facts={"fee": {"notified_on": "2026-09-01"}})
    # 20 working days after 1 Sep 2026: ... 24 Sep, 28-30 Sep, 8-9 Oct (make-up 20 Sep counts).
    due = [a.due_on for a in case_alerts(fee, CALENDAR, ClockRules(), RULES, date(2026, 9, 28))]
    assert due == [date(2026, 9, 29)]
    paid = snapshot(
        "awaiting_fee", facts={"fee": {"notified_on": "2026-09-01", "paid_on": "2026-09-03"}}
    )
    assert case_alerts(paid, CALENDAR, ClockRules(), RULES, date(2026, 9, 28)) == []
    correction = {"requested_on": "2026-09-01", "period_days": 15}
    correcting = snapshot("correcting", facts={"corrections": [correction]})
    # 15 working days after 1 Sep: the make-up Sunday 20 Sep is the 14th, Mon 21 Sep the 15th.
    found = kinds(correcting, date(2026, 9, 21))
    assert "逾期未补正视为放弃申请" in found[AlertKind.CORRECTION_PERIOD, AlertLevel.DUE_TODAY]


def test_replies_not_delivered_and_cases_not_archived_get_one_notice_each() -> None:
    replied = snapshot("replied", facts={"issued_on": "2026-09-28"})
    # 5 working days after Mon 28 Sep: 29, 30 Sep, 8, 9, 10 Oct (the make-up Saturday).
    assert kinds(replied, date(2026, 10, 9)) == {}
    notice = case_alerts(replied, CALENDAR, ClockRules(), RULES, date(2026, 10, 12))
    assert [(a.kind, a.level, a.due_on) for a in notice] == [
        (AlertKind.NOT_DELIVERED, AlertLevel.NOTICE, date(2026, 10, 10))
    ]
    delivered = snapshot("delivered", facts={"delivery": {"made_on": "2026-09-01"}})
    archived = case_alerts(delivered, CALENDAR, ClockRules(), RULES, date(2026, 10, 12))
    assert [a.kind for a in archived] == [AlertKind.NOT_ARCHIVED]
    assert "仍未归档" in archived[0].message


def test_a_provisional_date_names_the_year_without_calendar_data() -> None:
    case = snapshot(reply_due_on=date(2027, 1, 20), due_provisional=True)
    found = kinds(case, date(2026, 12, 20))
    assert "2027 年的节假日安排尚未导入" in found[AlertKind.PROVISIONAL, AlertLevel.NOTICE]


@pytest.mark.parametrize(
    ("kind", "on", "expected"),
    [
        ("department", date(2026, 1, 5), (AlertLevel.DUE_SOON, date(2026, 1, 31), 2025)),
        ("department", date(2026, 2, 2), None),  # passed: publication is not recorded
        ("government", date(2026, 3, 31), (AlertLevel.DUE_TODAY, date(2026, 3, 31), 2025)),
        ("government", date(2026, 1, 5), None),
        ("department", date(2026, 12, 31), (AlertLevel.DUE_SOON, date(2027, 1, 31), 2026)),
    ],
)
def test_the_annual_report_date_depends_on_the_kind_of_agency(
    kind: str, on: date, expected: tuple[AlertLevel, date, int] | None
) -> None:
    alert = annual_report_alert("demo", kind, on, CALENDAR, 20)
    if expected is None:
        assert alert is None
        return
    assert alert is not None
    level, due, year = expected
    assert (alert.level, alert.due_on, alert.subject) == (level, due, f"annual-report-{year}")
    assert f"{year}年度政府信息公开工作年度报告" in alert.message
    assert alert.case is None and alert.handler is None


@settings(max_examples=150, deadline=None)
@given(
    received=st.dates(date(2019, 1, 1), date(2026, 10, 31)),
    days=st.integers(1, 60),
    rest_day=st.sampled_from(["roll-forward", "as-is"]),
)
def test_the_alert_countdowns_fall_on_the_dates_the_clock_functions_give(
    received: date, days: int, rest_day: str
) -> None:
    clock_rules = ClockRules(rest_day_receipt=rest_day)  # type: ignore[arg-type]
    notice_due = correction_notice_deadline(received, CALENDAR, clock_rules).due_on
    period_due = correction_period_end(
        received, CALENDAR, clock_rules, days=days, receipt_known=False
    ).due_on
    fee_due = fee_payment_deadline(received, CALENDAR, clock_rules).due_on
    cases = [
        (snapshot(received_on=received), AlertKind.CORRECTION_NOTICE, notice_due),
        (
            snapshot(
                "correcting",
                facts={
                    "corrections": [{"requested_on": received.isoformat(), "period_days": days}]
                },
            ),
            AlertKind.CORRECTION_PERIOD,
            period_due,
        ),
        (
            snapshot("awaiting_fee", facts={"fee": {"notified_on": received.isoformat()}}),
            AlertKind.FEE_PAYMENT,
            fee_due,
        ),
    ]
    for case, kind, due in cases:
        found = case_alerts(case, CALENDAR, clock_rules, RULES, due)
        assert (kind, AlertLevel.DUE_TODAY, due) in {(a.kind, a.level, a.due_on) for a in found}


def test_two_parties_whose_windows_end_the_same_day_get_alerts_the_ledger_tells_apart() -> None:
    # The ledger sends each key once: were both windows one key, a party consulted later (its
    # alert first due after the other's went out) would never be reminded of.
    window = {"sent_on": "2026-09-01", "window_ends_on": "2026-09-22"}
    case = snapshot(
        "consulting",
        facts={
            "consultations": [
                {"party": "甲公司", "party_kind": "third-party", **window},
                {"party": "示例市财政局", "party_kind": "agency", **window},
            ]
        },
    )
    found = [
        a
        for a in case_alerts(case, CALENDAR, ClockRules(), RULES, date(2026, 9, 22))
        if a.kind is AlertKind.CONSULTATION
    ]
    assert len(found) == 2
    assert len({a.key for a in found}) == 2
    assert all(a.case == "2026-0007" and a.subject.startswith("2026-0007/") for a in found)
    assert all(len(a.subject) <= 64 for a in found)  # the ledger's subject column
    assert sorted("甲公司" in a.message for a in found) == [False, True]
