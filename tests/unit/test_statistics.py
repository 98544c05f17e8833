"""The register row and the statistics: nearest-rank percentiles, the on-time rate, and the
working days a reply took with stopped time left out (2026 calendar: 清明 04-04..06)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from casework.adapters.calendar_data import package_years
from casework.domain.application.vocabulary import Channel
from casework.domain.calendar.working import WorkingCalendar
from casework.domain.case.decisions import CaseDecisions, Delivery, ReplyRound
from casework.domain.case.records import Applicant, Case
from casework.domain.clock.model import ClockFacts, ClockRules, Stop
from casework.domain.clock.reply import counted_working_days
from casework.domain.report.statistics import (
    CaseTiming,
    ledger_row,
    nearest_rank,
    on_time,
    summarise,
)

CALENDAR = WorkingCalendar(package_years())
STAMP = datetime(2026, 4, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_nearest_rank_percentile_is_a_value_of_the_data() -> None:
    assert nearest_rank(list(range(1, 11)), 0.9) == 9
    assert nearest_rank([3, 1, 2], 0.5) == 2
    assert nearest_rank([5], 0.9) == 5
    assert nearest_rank([7, 21, 1], 0.9) == 21


def test_the_summary_counts_rates_and_groups() -> None:
    timings = [
        CaseTiming("予以公开", "当面提交", "张三", True, 7),
        CaseTiming("予以公开", "电子邮件", "李四", True, 1),
        CaseTiming("无法提供", "当面提交", "张三", False, 21),
        CaseTiming("其他", "当面提交", "张三", None, None),  # a withdrawal
    ]
    summary = summarise(timings)
    assert (summary.cases, summary.timed, summary.on_time) == (4, 3, 2)
    assert summary.on_time_rate == 2 / 3
    assert (summary.median_days, summary.p90_days) == (7.0, 21)
    assert summary.by_outcome == {"予以公开": 2, "其他": 1, "无法提供": 1}
    assert summary.by_channel == {"当面提交": 3, "电子邮件": 1}
    assert summary.by_handler == {"张三": 3, "李四": 1}


def test_an_empty_period_has_no_rate_and_no_percentiles() -> None:
    summary = summarise([])
    assert (summary.on_time_rate, summary.median_days, summary.p90_days) == (None, None, None)


def test_working_days_to_reply_leave_out_holidays_and_stopped_time() -> None:
    facts = ClockFacts(received_on=date(2026, 4, 1), channel=Channel.IN_PERSON)
    rules = ClockRules()
    # 04-02, 04-03, (清明), 04-07 … 04-10, 04-13
    assert counted_working_days(facts, CALENDAR, rules, date(2026, 4, 13)) == 7
    consulted = ClockFacts(
        received_on=date(2026, 4, 1),
        channel=Channel.IN_PERSON,
        stops=(Stop("third_party_consultation", "某公司", date(2026, 4, 3), date(2026, 4, 8)),),
    )
    # the consultation stops 04-07 and 04-08 (the day after sending through the answer)
    assert counted_working_days(consulted, CALENDAR, rules, date(2026, 4, 13)) == 5
    assert counted_working_days(facts, CALENDAR, rules, date(2026, 4, 1)) == 0


def make_case(issued_on: date | None = None, delivery: Delivery | None = None) -> Case:
    return Case(
        agency="demo",
        number="2026-0001",
        year=2026,
        seq=1,
        query_code="ABCDEFGH",
        state="delivered",
        workflow="disclosure",
        workflow_version="1",
        applicant=Applicant("张三", "natural", "resident-id", "11010519491231002X"),
        channel="post",
        received_on=date(2026, 4, 1),
        description="预算",
        handler="zhangsan",
        created_at=STAMP,
        updated_at=STAMP,
        decisions=CaseDecisions(reply=ReplyRound(issued_on=issued_on, delivery=delivery)),
        outcome="disclose",
        reply_number="示发改信复〔2026〕1号",
        reply_due_on=date(2026, 4, 30),
        concluded_on=date(2026, 4, 28),
    )


def test_a_register_row_masks_the_identity_and_uses_the_delivery_date() -> None:
    delivery = Delivery(method="post", made_on=date(2026, 5, 6), on_time=True)
    case = make_case(issued_on=date(2026, 4, 28), delivery=delivery)
    row = ledger_row(case, "予以公开", "已送达", "张三").values
    assert row["id_number"] == "1101**********002X"
    assert (row["channel"], row["applicant_type"], row["id_type"]) == (
        "邮寄",
        "自然人",
        "居民身份证",
    )
    assert (row["issued_on"], row["made_on"], row["on_time"]) == ("2026-04-28", "2026-05-06", "否")
    assert on_time(make_case(issued_on=date(2026, 4, 28))) is True
    assert on_time(make_case()) is None  # not yet replied
