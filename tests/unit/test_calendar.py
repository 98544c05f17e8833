"""The working-day calendar (domain.md §2.1–2.2), on years typed in from the State Council notices.

Every expected date below was counted by hand on a paper calendar from the official schedule,
never taken from the code under test.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from casework.domain.calendar.working import CalendarYear, WorkingCalendar
from casework.errors import CalendarDataError


def _days(first: str, last: str | None = None) -> list[date]:
    start = date.fromisoformat(first)
    end = date.fromisoformat(last or first)
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def _year(
    year: int, holidays: dict[str, list[date]], workdays: dict[str, list[date]]
) -> CalendarYear:
    return CalendarYear(
        year=year,
        region="national",
        holidays={day: name for name, days in holidays.items() for day in days},
        workdays={day: name for name, days in workdays.items() for day in days},
        source=f"《国务院办公厅关于{year}年部分节假日安排的通知》",
    )


# 《国务院办公厅关于2022年部分节假日安排的通知》
Y2022_HOLIDAYS = {
    "元旦": _days("2022-01-01", "2022-01-03"),
    "春节": _days("2022-01-31", "2022-02-06"),
    "清明节": _days("2022-04-03", "2022-04-05"),
    "劳动节": _days("2022-04-30", "2022-05-04"),
    "端午节": _days("2022-06-03", "2022-06-05"),
    "中秋节": _days("2022-09-10", "2022-09-12"),
    "国庆节": _days("2022-10-01", "2022-10-07"),
}
Y2022_WORKDAYS = {
    "春节调休": _days("2022-01-29", "2022-01-30"),
    "清明节调休": _days("2022-04-02"),
    "劳动节调休": [*_days("2022-04-24"), *_days("2022-05-07")],
    "国庆节调休": _days("2022-10-08", "2022-10-09"),
}
# 《国务院办公厅关于2026年部分节假日安排的通知》 (published 2025-11-04)
Y2026_HOLIDAYS = {
    "元旦": _days("2026-01-01", "2026-01-03"),
    "春节": _days("2026-02-15", "2026-02-23"),
    "清明节": _days("2026-04-04", "2026-04-06"),
    "劳动节": _days("2026-05-01", "2026-05-05"),
    "端午节": _days("2026-06-19", "2026-06-21"),
    "中秋节": _days("2026-09-25", "2026-09-27"),
    "国庆节": _days("2026-10-01", "2026-10-07"),
}
Y2026_WORKDAYS = {
    "元旦调休": _days("2026-01-04"),
    "春节调休": [*_days("2026-02-14"), *_days("2026-02-28")],
    "劳动节调休": _days("2026-05-09"),
    "国庆节调休": [*_days("2026-09-20"), *_days("2026-10-10")],
}
Y2022 = _year(2022, Y2022_HOLIDAYS, Y2022_WORKDAYS)
Y2026 = _year(2026, Y2026_HOLIDAYS, Y2026_WORKDAYS)
# SAMPLE local days (not an official regional notice): 古尔邦节 for region "xinjiang".
XINJIANG_2026 = CalendarYear(
    year=2026,
    region="xinjiang",
    holidays={day: "古尔邦节" for day in _days("2026-05-27", "2026-05-29")},
    workdays={},
    source="示例数据，非正式通知",
)
CAL_2022 = WorkingCalendar([Y2022])
CAL_2026 = WorkingCalendar([Y2026])


# --- counting (§2.2) ----------------------------------------------------------------------


def test_the_court_example_counts_the_make_up_weekend_and_ends_on_2_november_2022() -> None:
    # Signed for Fri 2022-09-30; 10-08 (Sat) and 10-09 (Sun) are make-up working days 1 and 2.
    assert CAL_2022.add_working_days(date(2022, 9, 30), 20) == date(2022, 11, 2)


def test_without_the_make_up_days_the_court_example_would_end_on_4_november_2022() -> None:
    no_make_up = _year(2022, Y2022_HOLIDAYS, {})
    assert WorkingCalendar([no_make_up]).add_working_days(date(2022, 9, 30), 20) == date(
        2022, 11, 4
    )


def test_the_start_day_never_counts_even_when_it_is_a_working_day() -> None:
    assert CAL_2022.add_working_days(date(2022, 9, 29), 1) == date(2022, 9, 30)
    assert CAL_2022.add_working_days(date(2022, 9, 30), 1) == date(2022, 10, 8)


def test_counting_from_a_holiday_starts_with_the_next_working_day() -> None:
    assert CAL_2022.add_working_days(date(2022, 10, 3), 1) == date(2022, 10, 8)
    assert CAL_2022.add_working_days(date(2022, 10, 3), 3) == date(2022, 10, 10)


def test_adding_zero_working_days_returns_the_day_itself_and_negative_counts_are_refused() -> None:
    assert CAL_2022.add_working_days(date(2022, 10, 2), 0) == date(2022, 10, 2)
    with pytest.raises(ValueError, match="n must be >= 0"):
        CAL_2022.add_working_days(date(2022, 10, 2), -1)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2022, 10, 8), True),  # make-up Saturday
        (date(2022, 10, 9), True),  # make-up Sunday
        (date(2022, 10, 3), False),  # National Day holiday on a Monday
        (date(2022, 10, 15), False),  # ordinary Saturday
        (date(2022, 10, 10), True),  # ordinary Monday
        (date(2022, 9, 12), False),  # Mid-Autumn Monday
    ],
)
def test_a_working_day_is_a_weekday_minus_holidays_plus_make_up_days(
    day: date, working: bool
) -> None:
    assert CAL_2022.is_working_day(day) is working


def test_working_days_between_counts_the_half_open_interval_after_start_through_end() -> None:
    assert CAL_2022.working_days_between(date(2022, 9, 30), date(2022, 11, 2)) == 20
    assert CAL_2022.working_days_between(date(2022, 9, 29), date(2022, 9, 30)) == 1
    assert CAL_2022.working_days_between(date(2022, 9, 30), date(2022, 10, 7)) == 0
    assert CAL_2022.working_days_between(date(2022, 10, 7), date(2022, 10, 9)) == 2


def test_working_days_between_is_zero_when_the_end_is_not_after_the_start() -> None:
    assert CAL_2022.working_days_between(date(2022, 11, 2), date(2022, 11, 2)) == 0
    assert CAL_2022.working_days_between(date(2022, 11, 2), date(2022, 9, 30)) == 0


def test_next_working_day_is_the_day_itself_only_when_inclusive_and_working() -> None:
    assert CAL_2022.next_working_day(date(2022, 9, 30), inclusive=True) == date(2022, 9, 30)
    assert CAL_2022.next_working_day(date(2022, 9, 30), inclusive=False) == date(2022, 10, 8)
    assert CAL_2022.next_working_day(date(2022, 10, 1), inclusive=True) == date(2022, 10, 8)


def test_a_very_long_count_grows_the_table_beyond_its_horizon() -> None:
    # 20,000 working days is roughly 77 years: far past the last year + 30 built up front.
    end = CAL_2022.add_working_days(date(2022, 1, 4), 20_000)
    assert end.year > 2022 + 30
    assert CAL_2022.is_working_day(end)
    assert CAL_2022.working_days_between(date(2022, 1, 4), end) == 20_000


# --- years without data: provisional (§2.1) ------------------------------------------------


def test_a_year_without_national_data_rests_only_on_weekends_and_1_january() -> None:
    assert not CAL_2026.covers(2027)
    assert CAL_2026.is_working_day(date(2027, 1, 1)) is False  # a Friday
    assert CAL_2026.is_working_day(date(2027, 1, 2)) is False  # Saturday
    assert CAL_2026.is_working_day(date(2027, 10, 1)) is True  # no National Day data yet
    assert CAL_2026.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_a_computation_touching_a_year_without_data_is_provisional_and_names_the_year() -> None:
    assert CAL_2026.covers(2026)
    assert CAL_2026.missing_years(date(2026, 12, 10), date(2027, 1, 8)) == [2027]
    assert CAL_2026.is_provisional(date(2026, 12, 10), date(2027, 1, 8))
    assert not CAL_2026.is_provisional(date(2026, 1, 5), date(2026, 12, 31))
    assert CAL_2026.missing_years(date(2028, 3, 1), date(2025, 3, 1)) == [2025, 2027, 2028]


def test_days_before_the_first_year_with_data_are_counted_provisionally() -> None:
    assert CAL_2022.is_working_day(date(2021, 12, 31))  # a Friday
    assert CAL_2022.add_working_days(date(2021, 12, 30), 1) == date(2021, 12, 31)
    assert CAL_2022.add_working_days(date(2021, 12, 31), 1) == date(2022, 1, 4)
    assert CAL_2022.missing_years(date(2021, 12, 30), date(2022, 1, 4)) == [2021]


def test_a_calendar_without_any_data_still_counts_provisionally() -> None:
    empty = WorkingCalendar([])
    assert empty.add_working_days(date(2030, 12, 31), 1) == date(2031, 1, 2)
    assert empty.missing_years(date(2030, 12, 31), date(2031, 1, 2)) == [2030, 2031]
    assert empty.years() == []


# --- local days on top of the national year ------------------------------------------------


def test_a_region_adds_its_own_rest_days_to_the_national_year() -> None:
    xinjiang = WorkingCalendar([Y2026, XINJIANG_2026], region="xinjiang")
    assert not xinjiang.is_working_day(date(2026, 5, 27))
    assert xinjiang.add_working_days(date(2026, 5, 26), 1) == date(2026, 6, 1)
    assert CAL_2026.add_working_days(date(2026, 5, 26), 1) == date(2026, 5, 27)
    assert xinjiang.years() == [Y2026, XINJIANG_2026]


def test_local_years_of_another_region_or_of_no_region_are_ignored() -> None:
    for calendar in (
        WorkingCalendar([Y2026, XINJIANG_2026]),
        WorkingCalendar([Y2026, XINJIANG_2026], region="xizang"),
    ):
        assert calendar.is_working_day(date(2026, 5, 27))
        assert calendar.years() == [Y2026]


def test_a_local_make_up_day_on_a_national_holiday_is_refused() -> None:
    clash = CalendarYear(2026, "xinjiang", {}, {date(2026, 10, 3): "调休"}, "示例")
    with pytest.raises(CalendarDataError, match="地方调休上班日 2026-10-03 是全国法定节假日"):
        WorkingCalendar([Y2026, clash], region="xinjiang")


def test_two_national_years_for_the_same_year_are_refused() -> None:
    with pytest.raises(CalendarDataError, match="2022年的日历数据重复"):
        WorkingCalendar([Y2022, Y2022])


# --- CalendarYear ---------------------------------------------------------------------------


def test_a_calendar_year_refuses_a_date_of_another_year() -> None:
    with pytest.raises(CalendarDataError, match="2021-12-31 不在 2022 年内"):
        CalendarYear(2022, "national", {date(2021, 12, 31): "元旦"}, {}, "示例")


def test_a_calendar_year_refuses_a_day_that_is_both_holiday_and_make_up_day() -> None:
    with pytest.raises(CalendarDataError, match="不能同时是节假日和调休上班日"):
        CalendarYear(
            2022, "national", {date(2022, 10, 8): "国庆节"}, {date(2022, 10, 8): "调休"}, "示例"
        )


def test_a_calendar_year_cannot_be_changed_after_it_is_made() -> None:
    holidays = {date(2022, 10, 1): "国庆节"}
    year = CalendarYear(2022, "national", holidays, {}, "示例")
    holidays[date(2022, 10, 2)] = "国庆节"  # the caller's dict is copied, not shared
    assert list(year.holidays) == [date(2022, 10, 1)]
    with pytest.raises(TypeError):
        year.holidays[date(2022, 10, 3)] = "国庆节"  # type: ignore[index]


# --- the vectorised path ---------------------------------------------------------------------


def test_the_vectorised_path_agrees_with_the_scalar_one_for_every_day_of_autumn_2022() -> None:
    starts = [date(2022, 9, 1) + timedelta(days=i) for i in range(122)]
    array = np.array(starts, dtype="datetime64[D]")
    got = CAL_2022.add_working_days_many(array, 20)
    assert got.dtype == np.dtype("datetime64[D]")
    assert got.tolist() == [CAL_2022.add_working_days(day, 20) for day in starts]
    counts = np.arange(len(starts)) % 25
    got_each = CAL_2022.add_working_days_many(array, counts)
    assert got_each.tolist() == [
        CAL_2022.add_working_days(day, int(n)) for day, n in zip(starts, counts, strict=True)
    ]


def test_the_vectorised_path_gives_the_court_example() -> None:
    got = CAL_2022.add_working_days_many(np.array(["2022-09-30"], dtype="datetime64[D]"), 20)
    assert got.tolist() == [date(2022, 11, 2)]


def test_the_vectorised_path_handles_zero_empty_input_and_growth_past_the_horizon() -> None:
    starts = np.array(["2022-10-01", "2022-10-08"], dtype="datetime64[D]")
    assert CAL_2022.add_working_days_many(starts, 0).tolist() == [
        date(2022, 10, 1),
        date(2022, 10, 8),
    ]
    empty = np.array([], dtype="datetime64[D]")
    assert CAL_2022.add_working_days_many(empty, 5).size == 0
    holidays = np.array(["2022-10-01", "2022-10-07"], dtype="datetime64[D]")
    far = CAL_2022.add_working_days_many(holidays, 20_000).tolist()
    assert far == [CAL_2022.add_working_days(date(2022, 10, 1), 20_000)] * 2
    assert far[0] == CAL_2022.add_working_days(date(2022, 10, 8), 19_999)


def test_the_vectorised_path_refuses_negative_counts_and_missing_dates() -> None:
    starts = np.array(["2022-10-01", "NaT"], dtype="datetime64[D]")
    with pytest.raises(ValueError, match="NaT"):
        CAL_2022.add_working_days_many(starts, 1)
    good = np.array(["2022-10-01"], dtype="datetime64[D]")
    with pytest.raises(ValueError, match="n must be >= 0"):
        CAL_2022.add_working_days_many(good, -1)
    with pytest.raises(ValueError, match="n must be >= 0"):
        CAL_2022.add_working_days_many(good, np.array([-1]))
