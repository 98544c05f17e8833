"""The reply clock and the other statutory clocks (domain.md §1.2–1.6, §2.3).

The calendars are typed in from the State Council notices; every expected date was counted by
hand on a paper calendar (the working days are listed in the comments), never from the code.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from casework.domain.application.vocabulary import Channel
from casework.domain.calendar.working import CalendarYear, WorkingCalendar
from casework.domain.clock.counting import effective_start
from casework.domain.clock.deadlines import (
    consultation_window_end,
    correction_notice_deadline,
    correction_period_end,
    fee_payment_deadline,
)
from casework.domain.clock.model import (
    ClockFacts,
    ClockRules,
    ClockStatus,
    ReplyClock,
    StepKind,
    Stop,
)
from casework.domain.clock.reply import reply_clock, reply_clocks, with_extension
from casework.errors import ValidationError


def _days(first: str, last: str | None = None) -> dict[date, str]:
    start = date.fromisoformat(first)
    end = date.fromisoformat(last or first)
    return {start + timedelta(days=i): "" for i in range((end - start).days + 1)}


# 《国务院办公厅关于2022年部分节假日安排的通知》 (only the autumn matters here, all is listed)
Y2022 = CalendarYear(
    year=2022,
    region="national",
    holidays=_days("2022-01-01", "2022-01-03")
    | _days("2022-01-31", "2022-02-06")
    | _days("2022-04-03", "2022-04-05")
    | _days("2022-04-30", "2022-05-04")
    | _days("2022-06-03", "2022-06-05")
    | _days("2022-09-10", "2022-09-12")
    | _days("2022-10-01", "2022-10-07"),
    workdays=_days("2022-01-29", "2022-01-30")
    | _days("2022-04-02")
    | _days("2022-04-24")
    | _days("2022-05-07")
    | _days("2022-10-08", "2022-10-09"),
    source="《国务院办公厅关于2022年部分节假日安排的通知》",
)
# 《国务院办公厅关于2026年部分节假日安排的通知》 (2025-11-04)
Y2026 = CalendarYear(
    year=2026,
    region="national",
    holidays=_days("2026-01-01", "2026-01-03")
    | _days("2026-02-15", "2026-02-23")
    | _days("2026-04-04", "2026-04-06")
    | _days("2026-05-01", "2026-05-05")
    | _days("2026-06-19", "2026-06-21")
    | _days("2026-09-25", "2026-09-27")
    | _days("2026-10-01", "2026-10-07"),
    workdays=_days("2026-01-04")
    | _days("2026-02-14")
    | _days("2026-02-28")
    | _days("2026-05-09")
    | _days("2026-09-20")
    | _days("2026-10-10"),
    source="《国务院办公厅关于2026年部分节假日安排的通知》",
)
CAL = WorkingCalendar([Y2022, Y2026])
RULES = ClockRules()
APRIL_1 = date(2026, 4, 1)  # a Wednesday; 04-04..06 清明, 05-01..05 劳动节, 05-09 make-up Sat


def _clock(
    facts: ClockFacts, today: date = date(2026, 4, 10), rules: ClockRules = RULES
) -> ReplyClock:
    return reply_clock(facts, CAL, rules, today)


def _facts(received: date = APRIL_1, **kw: Any) -> ClockFacts:
    return ClockFacts(received_on=received, channel=Channel.IN_PERSON, **kw)


def _third_party(sent: str, ended: str | None, label: str = "甲公司") -> Stop:
    end = date.fromisoformat(ended) if ended else None
    return Stop("third_party_consultation", label, date.fromisoformat(sent), end)


def _texts(facts: ClockFacts, today: date = date(2026, 4, 10)) -> list[str]:
    return [step.text for step in _clock(facts, today).derivation]


# --- start and budget (§1.2, §2.2, Reg. art. 33) ------------------------------------------


def test_the_court_example_reply_is_due_on_2_november_2022() -> None:
    clock = _clock(ClockFacts(date(2022, 9, 30), Channel.POST), today=date(2022, 10, 10))
    assert clock.due_on == date(2022, 11, 2)
    assert clock.status is ClockStatus.RUNNING
    texts = [step.text for step in clock.derivation]
    assert texts[0] == "收到申请 2022-09-30（邮寄）"
    assert "答复期限 2022-11-02（起算日后第 20 个工作日）" in texts


def test_a_receipt_on_a_sunday_rolls_forward_to_monday_before_counting() -> None:
    # Received Sun 2026-03-01 → treated as Mon 03-02; 20 after: 03..06, 09..13, 16..20,
    # 23..27 (19), 30 (20).
    clock = _clock(_facts(date(2026, 3, 1)), today=date(2026, 3, 2))
    assert clock.start_on == date(2026, 3, 2)
    assert clock.due_on == date(2026, 3, 30)
    start = next(step for step in clock.derivation if step.kind is StepKind.START)
    assert start.text.startswith("2026-03-01 为休息日，视为下一工作日 2026-03-02 收到")


def test_with_the_as_is_rule_a_sunday_receipt_counts_from_the_sunday() -> None:
    # 20 after Sun 03-01: 02..06 (5), 09..13 (10), 16..20 (15), 23..27 (20).
    rules = ClockRules(rest_day_receipt="as-is")
    clock = _clock(_facts(date(2026, 3, 1)), today=date(2026, 3, 2), rules=rules)
    assert clock.start_on == date(2026, 3, 1)
    assert clock.due_on == date(2026, 3, 27)


def test_a_receipt_on_a_holiday_weekday_rolls_forward_past_the_holiday() -> None:
    # Mon 2026-10-05 (国庆节) → Thu 10-08; 20 after: 09, 10 (make-up Sat), 12..16 (7),
    # 19..23 (12), 26..30 (17), 11-02, 03, 04 (20).
    clock = _clock(_facts(date(2026, 10, 5)), today=date(2026, 10, 8))
    assert clock.start_on == date(2026, 10, 8)
    assert clock.due_on == date(2026, 11, 4)


def test_a_receipt_on_a_make_up_saturday_is_a_working_day_and_counts_as_is() -> None:
    # Sat 2026-02-28 is a make-up working day: 20 after: 03-02..06 (5), ..., 23..27 (20).
    clock = _clock(_facts(date(2026, 2, 28)), today=date(2026, 3, 2))
    assert clock.start_on == date(2026, 2, 28)
    assert clock.due_on == date(2026, 3, 27)


def test_a_receipt_on_an_ordinary_saturday_rolls_forward_and_skips_qingming() -> None:
    # Sat 03-07 → Mon 03-09; 20 after: 10..13 (4), 16..20 (9), 23..27 (14), 30, 31,
    # 04-01, 02, 03 (19), [04-04..06 清明], 04-07 (20).
    assert _clock(_facts(date(2026, 3, 7)), today=date(2026, 3, 9)).due_on == date(2026, 4, 7)


def test_effective_start_explains_a_working_day_receipt() -> None:
    assert effective_start(APRIL_1, CAL, RULES) == (
        APRIL_1,
        "自 2026-04-01 起算，当日不计入（民事诉讼法第八十五条）",
    )


def test_without_stops_the_reply_is_due_20_working_days_after_receipt() -> None:
    # 04-02, 03, [清明], 07..10 (6), 13..17 (11), 20..24 (16), 27..30 (20).
    clock = _clock(_facts())
    assert clock.due_on == date(2026, 4, 30)
    assert clock.budget_days == 20
    assert clock.stopped_days == 0
    assert not clock.provisional


# --- days left ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "left"),
    [
        (date(2026, 4, 1), 20),
        (date(2026, 4, 10), 14),  # counted: 04-02, 03, 07, 08, 09, 10
        (date(2026, 4, 30), 0),  # due today
        (date(2026, 5, 5), 0),  # 05-01..05 are holidays: not yet overdue by a working day
        (date(2026, 5, 6), -1),
        (date(2026, 5, 9), -4),  # the make-up Saturday counts
    ],
)
def test_working_days_left_count_down_to_zero_and_go_negative_when_overdue(
    today: date, left: int
) -> None:
    clock = _clock(_facts(), today=today)
    assert clock.working_days_left == left
    assert clock.due_on == date(2026, 4, 30)


def test_an_overdue_clock_says_so_in_its_derivation() -> None:
    assert (
        _texts(_facts(), today=date(2026, 5, 6))[-2] == "截至 2026-05-06 已超过答复期限 1 个工作日"
    )


def test_a_concluded_case_has_ended_and_counts_days_left_as_of_the_conclusion() -> None:
    # Concluded Mon 04-20: 21..24, 27..30 remain = 8.
    clock = _clock(_facts(concluded_on=date(2026, 4, 20)), today=date(2026, 6, 30))
    assert clock.status is ClockStatus.ENDED
    assert clock.due_on == date(2026, 4, 30)
    assert clock.working_days_left == 8
    assert "已于 2026-04-20 办结；办结时尚余 8 个工作日" in _texts(
        _facts(concluded_on=date(2026, 4, 20))
    )


# --- correction (Reg. art. 30) ---------------------------------------------------------------


def test_a_correction_restarts_the_count_and_discards_earlier_stops() -> None:
    # Correction received Mon 03-16: 17..20 (4), 23..27 (9), 30, 31, 04-01..03 (14),
    # 04-07..10 (18), 13 (19), 14 (20).  The consultation of 03-05..03-10 no longer matters.
    facts = _facts(
        date(2026, 3, 2),
        correction_received_on=date(2026, 3, 16),
        stops=(_third_party("2026-03-05", "2026-03-10"),),
    )
    clock = _clock(facts)
    assert clock.due_on == date(2026, 4, 14)
    assert clock.stopped_days == 0
    kinds = [step.kind for step in clock.derivation]
    assert StepKind.CORRECTION in kinds
    assert StepKind.STOP not in kinds
    assert any("在起算日 2026-03-16 之前结束，不影响本次计算" in text for text in _texts(facts))


def test_a_stop_running_across_the_correction_only_counts_after_it() -> None:
    # Sent 03-12, answered 03-20; correction 03-16: stopped 03-17..03-20 = 4 working days.
    # 24 after 03-16: 20th is 04-14, then 15, 16, 17, 20.
    facts = _facts(
        date(2026, 3, 2),
        correction_received_on=date(2026, 3, 16),
        stops=(_third_party("2026-03-12", "2026-03-20"),),
    )
    clock = _clock(facts)
    assert clock.stopped_days == 4
    assert clock.due_on == date(2026, 4, 20)


# --- stops (Reg. art. 33 para. 3; Fee) -------------------------------------------------------


def test_a_consultation_stops_the_clock_from_the_day_after_sending_through_the_answer() -> None:
    # Sent Tue 04-07, answered Mon 04-20: stopped 04-08..04-20 = 08, 09, 10, 13..17, 20 = 9.
    # Due = 29th working day after 04-01: ... 04-30 (20 without the stop), 05-06, 07, 08,
    # 09 (Sat), 11..15 (29).
    facts = _facts(stops=(_third_party("2026-04-07", "2026-04-20"),))
    clock = _clock(facts, today=date(2026, 4, 21))
    assert clock.stopped_days == 9
    assert clock.due_on == date(2026, 5, 15)
    assert (
        "征求第三方意见（甲公司）2026-04-08 至 2026-04-20，不计入 9 个工作日（条例第三十三条第三款）"
        in _texts(facts)
    )
    assert "答复期限 2026-05-15（起算日后第 29 个工作日：计入 20 个 + 停止计算 9 个）" in _texts(
        facts
    )


def test_overlapping_stops_are_merged_and_their_days_counted_once() -> None:
    # Third party 04-08..04-20, other agency (sent 04-14) 04-15..04-24: union 04-08..04-24 =
    # 13 working days (not 9 + 8 = 17).  Due = 33rd after 04-01: 05-15 (29), 18, 19, 20, 21.
    facts = _facts(
        stops=(
            _third_party("2026-04-07", "2026-04-20"),
            Stop("agency_consultation", "乙局", date(2026, 4, 14), date(2026, 4, 24)),
        )
    )
    clock = _clock(facts, today=date(2026, 4, 27))
    assert clock.stopped_days == 13
    assert clock.due_on == date(2026, 5, 21)
    stops = [step for step in clock.derivation if step.kind is StepKind.STOP]
    assert len(stops) == 1
    assert (stops[0].on, stops[0].until, stops[0].days) == (
        date(2026, 4, 8),
        date(2026, 4, 24),
        13,
    )
    assert "（期间重叠，合并计算）" in stops[0].text


def test_a_stop_still_open_stops_the_clock_with_no_due_date_only_days_left() -> None:
    # Counted before the stop: 04-02, 03, 07 = 3 → 17 left, frozen while stopped.
    facts = _facts(stops=(_third_party("2026-04-07", None),))
    for today in (date(2026, 4, 7), date(2026, 4, 15), date(2026, 6, 30)):
        clock = _clock(facts, today=today)
        assert clock.status is ClockStatus.STOPPED
        assert clock.due_on is None
        assert clock.working_days_left == 17
    kinds = [step.kind for step in clock.derivation]
    assert StepKind.STOP_OPEN in kinds
    assert StepKind.DUE not in kinds


def test_the_alternative_boundary_stops_from_the_send_day_through_the_day_before_the_end() -> None:
    # Sent Fri 04-03, answer arrives Mon 04-06 (清明).  Default: stopped 04-04..06 = 0 working
    # days → due 04-30.  Alternative: stopped 04-03..05 = 1 (04-03) → 21st: 05-06.
    facts = _facts(stops=(_third_party("2026-04-03", "2026-04-06"),))
    assert _clock(facts).due_on == date(2026, 4, 30)
    alternative = ClockRules(stop_boundary="send-day-through-day-before-end")
    assert _clock(facts, rules=alternative).due_on == date(2026, 5, 6)


def test_a_consultation_answered_the_day_it_was_sent_stops_nothing() -> None:
    facts = _facts(stops=(_third_party("2026-04-07", "2026-04-07"),))
    assert _clock(facts).due_on == date(2026, 4, 30)


def test_a_fee_notice_stops_the_clock_unless_the_rules_say_otherwise() -> None:
    # Fee notice sent 04-07, paid 04-20: same 9 working days as a consultation.
    fee = Stop("fee", "收费通知书", date(2026, 4, 7), date(2026, 4, 20))
    assert _clock(_facts(stops=(fee,))).due_on == date(2026, 5, 15)
    rules = ClockRules(fee_stops_clock=False)
    clock = _clock(_facts(stops=(fee,)), rules=rules)
    assert clock.due_on == date(2026, 4, 30)
    assert any(step.kind is StepKind.STOP_IGNORED for step in clock.derivation)


def test_a_stop_begun_after_the_due_date_does_not_revive_the_clock() -> None:
    facts = _facts(stops=(_third_party("2026-05-06", None),))
    clock = _clock(facts, today=date(2026, 5, 7))
    assert clock.status is ClockStatus.RUNNING
    assert clock.due_on == date(2026, 4, 30)
    assert clock.working_days_left == -2


# --- extension (Reg. art. 33 para. 2) and art. 35 --------------------------------------------


def test_an_extension_of_20_working_days_moves_the_due_date_to_1_june() -> None:
    # 21st..40th after 04-01: 05-06, 07, 08, 09 (24), 11..15 (29), 18..22 (34), 25..29 (39),
    # 06-01 (40).
    clock = _clock(_facts(extension_days=20, extension_approved_on=date(2026, 4, 28)))
    assert clock.due_on == date(2026, 6, 1)
    assert clock.budget_days == 40
    extension = next(step for step in clock.derivation if step.kind is StepKind.EXTENSION)
    assert extension.days == 20
    assert "条例第三十三条第二款" in extension.text


def test_an_extension_over_20_working_days_is_refused_citing_the_article() -> None:
    with pytest.raises(ValidationError) as caught:
        _clock(_facts(extension_days=21))
    assert caught.value.rule == "延长答复期限不得超过20个工作日（条例第三十三条第二款）"


def test_with_extension_approves_once_before_the_due_date() -> None:
    extended = with_extension(_facts(), 10, date(2026, 4, 30), CAL, RULES)
    assert (extended.extension_days, extended.extension_approved_on) == (10, date(2026, 4, 30))
    with pytest.raises(ValidationError, match="答复期限只能延长一次（条例第三十三条第二款）"):
        with_extension(extended, 5, date(2026, 5, 6), CAL, RULES)
    with pytest.raises(ValidationError, match="应在答复期限 2026-04-30 届满前决定"):
        with_extension(_facts(), 10, date(2026, 5, 6), CAL, RULES)
    with pytest.raises(ValidationError, match="不得超过20个工作日"):
        with_extension(_facts(), 21, date(2026, 4, 10), CAL, RULES)
    with pytest.raises(ValidationError, match="延长天数至少为 1 个工作日"):
        with_extension(_facts(), 0, date(2026, 4, 10), CAL, RULES)
    with pytest.raises(ValidationError, match="案件已办结"):
        with_extension(_facts(concluded_on=date(2026, 4, 9)), 5, date(2026, 4, 10), CAL, RULES)


def test_an_article_35_date_replaces_the_budget() -> None:
    # Fri 2026-07-31; as of Wed 07-29 two working days remain (30, 31).
    facts = _facts(deferred_until=date(2026, 7, 31), stops=(_third_party("2026-04-07", None),))
    clock = _clock(facts, today=date(2026, 7, 29))
    assert clock.due_on == date(2026, 7, 31)
    assert clock.status is ClockStatus.RUNNING
    assert clock.working_days_left == 2
    assert "依条例第三十五条确定答复日期 2026-07-31，取代法定答复期限" in _texts(facts)
    with pytest.raises(ValidationError, match="应晚于收到申请日期"):
        _clock(_facts(deferred_until=APRIL_1))


# --- provisional years (§2.1) -----------------------------------------------------------------


def test_a_due_date_in_a_year_without_data_is_provisional_and_treats_1_january_as_rest() -> None:
    # 12-11 (1), 14..18 (6), 21..25 (11), 28..31 (15), [2027-01-01 rest], 01-04..08 (20).
    clock = _clock(_facts(date(2026, 12, 10)), today=date(2026, 12, 10))
    assert clock.due_on == date(2027, 1, 8)
    assert clock.provisional is True
    assert clock.missing_years == (2027,)
    provisional = [step for step in clock.derivation if step.kind is StepKind.PROVISIONAL]
    assert [step.year for step in provisional] == [2027]
    assert provisional[0].text.startswith("2027 年尚无全国节假日安排数据")


def test_a_clock_inside_a_year_with_data_is_not_provisional_and_names_its_source() -> None:
    clock = _clock(_facts())
    assert (clock.provisional, clock.missing_years) == (False, ())
    assert "2026 年日历：《国务院办公厅关于2026年部分节假日安排的通知》" in _texts(_facts())


# --- validation -----------------------------------------------------------------------------


def test_a_stop_ending_before_it_was_sent_is_refused() -> None:
    with pytest.raises(ValidationError, match="结束日期 2026-04-06 早于发出日期 2026-04-07"):
        _third_party("2026-04-07", "2026-04-06")


def test_a_correction_before_the_receipt_is_refused() -> None:
    with pytest.raises(ValidationError, match="补正收到日期 2026-03-31 早于收到申请日期"):
        _clock(_facts(correction_received_on=date(2026, 3, 31)))


def test_rules_with_impossible_values_are_refused() -> None:
    with pytest.raises(ValueError, match="at least one working day"):
        ClockRules(reply_days=0)
    with pytest.raises(ValueError, match="stop_boundary"):
        ClockRules(stop_boundary="whenever")  # type: ignore[arg-type]


def test_the_batch_helper_gives_the_same_clocks_as_one_by_one() -> None:
    many = [_facts(), _facts(date(2026, 3, 1)), _facts(stops=(_third_party("2026-04-07", None),))]
    assert reply_clocks(many, CAL, RULES, date(2026, 4, 10)) == [_clock(f) for f in many]


# --- the other clocks --------------------------------------------------------------------------


def test_the_correction_notice_is_due_7_working_days_after_receipt() -> None:
    # Reg. art. 30: 04-02, 03, 07, 08, 09, 10, 13.
    deadline = correction_notice_deadline(APRIL_1, CAL, RULES)
    assert deadline.due_on == date(2026, 4, 13)
    assert "补正告知期限 7 个工作日（条例第三十条）" in [s.text for s in deadline.derivation]
    # A Sunday receipt rolls forward like the reply clock: 03-02 → 03..06, 09, 10, 11.
    assert correction_notice_deadline(date(2026, 3, 1), CAL, RULES).due_on == date(2026, 3, 11)


def test_the_correction_period_is_15_working_days_after_the_applicant_received_the_notice() -> None:
    # Received Fri 04-03: 07..10 (4), 13..17 (9), 20..24 (14), 27 (15).
    assert correction_period_end(date(2026, 4, 3), CAL, RULES).due_on == date(2026, 4, 27)
    # A configured 5 days from the send date when the receipt is unknown: 07, 08, 09, 10, 13.
    deadline = correction_period_end(date(2026, 4, 3), CAL, RULES, days=5, receipt_known=False)
    assert deadline.due_on == date(2026, 4, 13)
    assert deadline.derivation[0].text.startswith("补正告知书发出（收到日期不明，以发出日计算）")
    with pytest.raises(ValidationError, match="补正期限至少为 1 个工作日"):
        correction_period_end(date(2026, 4, 3), CAL, RULES, days=0)


def test_a_consultation_window_is_15_working_days_after_the_party_received_the_letter() -> None:
    # Received Wed 04-08: 09, 10, 13..17 (7), 20..24 (12), 27, 28, 29 (15).
    third = consultation_window_end(date(2026, 4, 8), CAL, RULES)
    assert third.due_on == date(2026, 4, 29)
    assert any("条例第三十二条" in step.text for step in third.derivation)
    agency = consultation_window_end(date(2026, 4, 8), CAL, RULES, kind="agency_consultation")
    assert agency.due_on == date(2026, 4, 29)
    assert any("条例第三十四条" in step.text for step in agency.derivation)


def test_the_fee_is_payable_within_20_working_days_from_the_day_after_receipt() -> None:
    # Received Thu 04-30: [05-01..05], 06, 07, 08, 09 (Sat, 4), 11..15 (9), 18..22 (14),
    # 25..29 (19), 06-01 (20).
    deadline = fee_payment_deadline(date(2026, 4, 30), CAL, RULES)
    assert deadline.due_on == date(2026, 6, 1)
    assert deadline.derivation[-2].text == "缴费期限届满 2026-06-01"


def test_another_clock_reaching_a_year_without_data_is_provisional() -> None:
    deadline = fee_payment_deadline(date(2026, 12, 10), CAL, RULES)
    assert deadline.due_on == date(2027, 1, 8)
    assert (deadline.provisional, deadline.missing_years) == (True, (2027,))
