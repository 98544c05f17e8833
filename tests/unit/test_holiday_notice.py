"""The holiday-notice parser on the real notices of 2015–2026 and on notices with mistakes.

``tests/data/holiday_notices/<year>.txt`` hold the notices' texts as found on the web (source
address in the first line; the search tool stored them with half-width punctuation).  Each
parsed year is compared, day for day, with the ``chinese_calendar`` package, which was built
from the same notices: the only differences allowed are named below with the later notice
that caused them, and the weekend days the package itself lists inconsistently.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from chinese_calendar import constants

from casework.domain.calendar.notice import HolidayNotice, parse_holiday_notice
from casework.errors import CalendarDataError

NOTICES = Path(__file__).resolve().parents[1] / "data" / "holiday_notices"
YEARS = list(range(2015, 2027))
D = date

# Later notices that changed a year after its yearly notice (the package follows them):
# (holidays added, working days added, working days removed).
AMENDMENTS: dict[int, tuple[set[date], set[date], set[date]]] = {
    # 国务院 2015-05-13: 抗战胜利70周年纪念日, 9月3日至5日调休放假, 9月6日（星期日）上班.
    2015: ({D(2015, 9, 3), D(2015, 9, 4)}, {D(2015, 9, 6)}, set()),
    # 国办发明电〔2019〕3号 (2019-03-22): 劳动节 5月1日至4日, 4月28日、5月5日上班.
    2019: (
        {D(2019, 5, 2), D(2019, 5, 3), D(2019, 5, 4)},
        {D(2019, 4, 28), D(2019, 5, 5)},
        set(),
    ),
    # 国办发明电〔2020〕1号: 春节 extended to 2月2日; 2月1日 no longer a make-up day.
    2020: ({D(2020, 1, 31), D(2020, 2, 1), D(2020, 2, 2)}, set(), {D(2020, 2, 1)}),
}
# For 2019 only, the package also lists the weekends of 「与周末连休」 as holidays (it does
# not for 2016, 2018 or 2024).  They are weekends: no working day changes.
PACKAGE_WEEKEND_EXTRAS = {
    2019: {D(2019, 4, 6), D(2019, 4, 7), D(2019, 6, 8), D(2019, 6, 9)}
    | {D(2019, 9, 14), D(2019, 9, 15)},
}
NUMBERS = {
    2016: "国办发明电〔2015〕18号",
    2017: "国办发明电〔2016〕17号",
    2018: "国办发明电〔2017〕12号",
    2019: "国办发明电〔2018〕15号",
    2021: "国办发明电〔2020〕27号",
    2022: "国办发明电〔2021〕11号",
    2023: "国办发明电〔2022〕16号",
    2024: "国办发明电〔2023〕7号",
    2026: "国办发明电〔2025〕7号",
}
SIGNED = {
    2015: D(2014, 12, 16),
    2016: D(2015, 12, 10),
    2017: D(2016, 12, 1),
    2018: D(2017, 11, 30),
    2019: D(2018, 12, 4),
    2020: D(2019, 11, 21),
    2021: D(2020, 11, 25),
    2022: D(2021, 10, 25),
    2023: D(2022, 12, 8),
    2024: D(2023, 10, 25),
    2025: D(2024, 11, 12),
    2026: D(2025, 11, 4),
}


def notice_text(year: int) -> str:
    lines = (NOTICES / f"{year}.txt").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# source: http"), "each notice file names its source first"
    return "\n".join(lines[1:])


def full_width(text: str) -> str:
    """The text as the gov.cn page shows it: full-width colon, comma and brackets."""
    return text.translate(str.maketrans(":,()", "：，（）"))


def package_days(notice: HolidayNotice) -> tuple[set[date], set[date]]:
    """The package's holidays and working days over the span the notice governs."""
    first = min([date(notice.year, 1, 1), *notice.holidays(), *notice.workdays()])
    last = date(notice.year, 12, 1)  # December days belong to the next year's notice
    return (
        {d for d in constants.holidays if first <= d <= last},
        {d for d in constants.workdays if first <= d <= last},
    )


@pytest.mark.parametrize("year", YEARS)
def test_each_real_notice_gives_exactly_the_days_of_the_chinese_calendar_package(
    year: int,
) -> None:
    notice = parse_holiday_notice(notice_text(year))
    assert notice.year == year
    holidays, workdays = set(notice.holidays()), set(notice.workdays())
    added, work_added, work_removed = AMENDMENTS.get(year, (set(), set(), set()))
    holidays |= added | PACKAGE_WEEKEND_EXTRAS.get(year, set())
    workdays = (workdays | work_added) - work_removed
    package_holidays, package_workdays = package_days(notice)
    assert sorted(holidays ^ package_holidays) == []
    assert sorted(workdays ^ package_workdays) == []


@pytest.mark.parametrize("year", YEARS)
def test_each_real_notice_gives_its_number_when_printed_and_its_signature_date(
    year: int,
) -> None:
    notice = parse_holiday_notice(notice_text(year))
    assert notice.number == NUMBERS.get(year)
    assert notice.published_on == SIGNED[year]
    assert notice.source.endswith(f"《国务院办公厅关于{year}年部分节假日安排的通知》")


@pytest.mark.parametrize("year", YEARS)
def test_full_width_punctuation_as_on_the_government_page_reads_the_same(year: int) -> None:
    text = notice_text(year)
    assert parse_holiday_notice(full_width(text)) == parse_holiday_notice(text)


def test_the_2019_notice_moves_december_2018_days_into_a_second_partial_year() -> None:
    notice = parse_holiday_notice(notice_text(2019))
    december, main = notice.calendar_years()
    assert (december.year, main.year) == (2018, 2019)
    assert dict(december.holidays) == {D(2018, 12, 30): "元旦", D(2018, 12, 31): "元旦"}
    assert dict(december.workdays) == {D(2018, 12, 29): "元旦调休"}
    assert D(2019, 1, 1) in main.holidays and main.source == notice.source


def test_an_encouragement_to_rest_on_new_years_eve_is_shown_as_ignored_not_as_a_holiday() -> None:
    notice = parse_holiday_notice(notice_text(2024))
    assert D(2024, 2, 9) not in notice.holidays()
    assert [(i.line, "除夕(2月9日)" in i.text) for i in notice.ignored] == [(11, True)]


HEAD = "国务院办公厅关于2027年部分节假日安排的通知\n经国务院批准，现将2027年元旦、春节放假调休日期的具体安排通知如下。\n"


def test_a_new_year_range_written_without_years_crosses_into_the_previous_december() -> None:
    text = HEAD + "一、元旦：12月31日至1月2日放假调休，共3天。12月27日（星期日）上班。\n"
    notice = parse_holiday_notice(text)
    assert sorted(notice.holidays()) == [D(2026, 12, 31), D(2027, 1, 1), D(2027, 1, 2)]
    assert sorted(notice.workdays()) == [D(2026, 12, 27)]
    assert [y.year for y in notice.calendar_years()] == [2026, 2027]


@pytest.mark.parametrize(
    ("item", "holidays", "workdays"),
    [
        ("一、清明节：4月5日放假，4月6日（星期二）补休。", ["2027-04-05", "2027-04-06"], []),
        ("一、端午节：6月9日调休放假，6月12日（星期六）上班。", ["2027-06-09"], ["2027-06-12"]),
        ("一、中秋节：9月15日放假，与周末连休。", ["2027-09-15"], []),
        ("一、春节：2月5日至11日放假调休，共7天。2月14日（周日）调休上班。", None, ["2027-02-14"]),
        ("一、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。", None, []),
    ],
)
def test_rest_and_make_up_phrasings_are_each_read_by_their_verb(
    item: str, holidays: list[str] | None, workdays: list[str]
) -> None:
    notice = parse_holiday_notice(HEAD + item)
    days = sorted(notice.holidays())
    if holidays is not None:
        assert [d.isoformat() for d in days] == holidays
    else:
        assert len(days) == (days[-1] - days[0]).days + 1  # a whole range
    assert [d.isoformat() for d in sorted(notice.workdays())] == workdays


def test_a_weekday_that_does_not_match_its_date_is_refused_naming_the_line() -> None:
    text = notice_text(2015).replace("1月4日(星期日)上班", "1月4日（星期五）上班")
    with pytest.raises(CalendarDataError) as error:
        parse_holiday_notice(text)
    message = str(error.value)
    assert message.startswith("通知第 3 行：")  # the file's fourth line: its header is cut
    assert "1月4日（星期五）" in message and "2015-01-04 是星期日" in message


MISTAKES = {
    "a count that does not match the range": (
        "一、春节：2月5日至11日放假调休，共8天。",
        "「共8天」与所列放假日期（7 天）不符",
    ),
    "a make-up day on a weekday": ("一、春节：2月5日至11日放假调休。2月3日上班。", "星期三"),
    "a day given twice": (
        "一、元旦：1月1日放假。\n二、春节：1月1日放假。",
        "已在第 3 行出现过",
    ),
    "a date that does not exist": ("一、春节：2月30日放假。", "「2月30日」不是有效日期"),
}


@pytest.mark.parametrize("name", list(MISTAKES))
def test_a_notice_with_a_mistake_is_refused_with_the_line_and_the_rule(name: str) -> None:
    item, expected = MISTAKES[name]
    with pytest.raises(CalendarDataError, match=r"通知第 [34] 行") as error:
        parse_holiday_notice(HEAD + item)
    assert expected in str(error.value)


def test_a_text_without_items_or_without_a_year_is_refused() -> None:
    with pytest.raises(CalendarDataError, match="没有找到放假安排条目"):
        parse_holiday_notice(HEAD + "节假日期间，各地区要妥善安排好值班。")
    with pytest.raises(CalendarDataError, match="无法确定通知所属年份"):
        parse_holiday_notice("一、元旦：1月1日放假。")


def test_the_calendar_years_of_a_notice_hold_all_its_days_and_nothing_else() -> None:
    for year in YEARS:
        notice = parse_holiday_notice(notice_text(year))
        parts = notice.calendar_years()
        assert {d: n for p in parts for d, n in p.holidays.items()} == notice.holidays()
        assert {d: n for p in parts for d, n in p.workdays.items()} == notice.workdays()
        assert parts[-1].year == year and all(p.published_on == notice.published_on for p in parts)
