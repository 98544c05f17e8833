"""The national years from the chinese_calendar package and the TOML data files (domain.md §2.1).

The holiday-season table was counted by hand from each year's 国务院办公厅 notice (and, for
2020, the notice extending the Spring Festival): the last working day before each break, and
the working day(s) after it, make-up weekend days (调休上班) included.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from casework.adapters.calendar_data import package_years, read_calendar_file
from casework.domain.calendar.working import WorkingCalendar
from casework.errors import CalendarDataError

CALENDARS = Path(__file__).resolve().parents[2] / "calendars"
CAL = WorkingCalendar(package_years())
D = date

# (start, n, the n-th working day after start), by hand from the official schedules.
SEASONS = [
    # 2019
    (D(2018, 12, 29), 1, D(2019, 1, 2)),  # 元旦: make-up Sat 12-29, rest 12-30..01-01
    (D(2019, 2, 1), 2, D(2019, 2, 3)),  # 春节: make-up Sat 02-02, Sun 02-03
    (D(2019, 2, 3), 1, D(2019, 2, 11)),  # 春节: rest 02-04..10
    (D(2019, 4, 4), 1, D(2019, 4, 8)),  # 清明: 04-05..07
    (D(2019, 4, 30), 1, D(2019, 5, 5)),  # 劳动节: 05-01..04, make-up Sun 05-05
    (D(2019, 6, 6), 1, D(2019, 6, 10)),  # 端午: 06-07..09
    (D(2019, 9, 12), 1, D(2019, 9, 16)),  # 中秋: 09-13..15
    (D(2019, 9, 30), 1, D(2019, 10, 8)),  # 国庆: 10-01..07
    (D(2019, 9, 30), 5, D(2019, 10, 12)),  # 国庆: make-up Sat 10-12
    # 2020 (春节 extended to 02-02 by the 2020 notice; 02-01 is no longer a make-up day)
    (D(2019, 12, 31), 1, D(2020, 1, 2)),  # 元旦: 01-01
    (D(2020, 1, 17), 1, D(2020, 1, 19)),  # 春节: make-up Sun 01-19
    (D(2020, 1, 23), 1, D(2020, 2, 3)),  # 春节: 01-24..02-02 (would have been 01-31)
    (D(2020, 4, 3), 1, D(2020, 4, 7)),  # 清明: 04-04..06
    (D(2020, 4, 30), 1, D(2020, 5, 6)),  # 劳动节: 05-01..05
    (D(2020, 4, 30), 4, D(2020, 5, 9)),  # 劳动节: make-up Sat 05-09
    (D(2020, 6, 24), 1, D(2020, 6, 28)),  # 端午: 06-25..27, make-up Sun 06-28
    (D(2020, 9, 30), 1, D(2020, 10, 9)),  # 国庆中秋: 10-01..08
    (D(2020, 9, 30), 2, D(2020, 10, 10)),  # make-up Sat 10-10
    # 2021
    (D(2020, 12, 31), 1, D(2021, 1, 4)),  # 元旦: 01-01..03
    (D(2021, 2, 10), 1, D(2021, 2, 18)),  # 春节: 02-11..17
    (D(2021, 2, 10), 3, D(2021, 2, 20)),  # make-up Sat 02-20
    (D(2021, 4, 2), 1, D(2021, 4, 6)),  # 清明: 04-03..05
    (D(2021, 4, 30), 1, D(2021, 5, 6)),  # 劳动节: 05-01..05
    (D(2021, 4, 30), 3, D(2021, 5, 8)),  # make-up Sat 05-08
    (D(2021, 6, 11), 1, D(2021, 6, 15)),  # 端午: 06-12..14
    (D(2021, 9, 17), 1, D(2021, 9, 18)),  # 中秋: make-up Sat 09-18
    (D(2021, 9, 18), 1, D(2021, 9, 22)),  # 中秋: 09-19..21
    (D(2021, 9, 30), 1, D(2021, 10, 8)),  # 国庆: 10-01..07
    (D(2021, 9, 30), 2, D(2021, 10, 9)),  # make-up Sat 10-09
    # 2022
    (D(2021, 12, 31), 1, D(2022, 1, 4)),  # 元旦: 01-01..03
    (D(2022, 1, 28), 1, D(2022, 1, 29)),  # 春节: make-up Sat 01-29, Sun 01-30
    (D(2022, 1, 30), 1, D(2022, 2, 7)),  # 春节: 01-31..02-06
    (D(2022, 4, 1), 1, D(2022, 4, 2)),  # 清明: make-up Sat 04-02
    (D(2022, 4, 2), 1, D(2022, 4, 6)),  # 清明: 04-03..05
    (D(2022, 4, 29), 1, D(2022, 5, 5)),  # 劳动节: 04-30..05-04
    (D(2022, 4, 29), 3, D(2022, 5, 7)),  # make-up Sat 05-07
    (D(2022, 6, 2), 1, D(2022, 6, 6)),  # 端午: 06-03..05
    (D(2022, 9, 9), 1, D(2022, 9, 13)),  # 中秋: 09-10..12
    (D(2022, 9, 30), 1, D(2022, 10, 8)),  # 国庆: 10-01..07, make-up Sat 10-08
    (D(2022, 9, 30), 20, D(2022, 11, 2)),  # the court example (§2.2)
    # 2023
    (D(2022, 12, 30), 1, D(2023, 1, 3)),  # 元旦: 12-31..01-02
    (D(2023, 1, 20), 1, D(2023, 1, 28)),  # 春节: 01-21..27, make-up Sat 01-28
    (D(2023, 4, 4), 1, D(2023, 4, 6)),  # 清明: 04-05
    (D(2023, 4, 28), 1, D(2023, 5, 4)),  # 劳动节: 04-29..05-03
    (D(2023, 4, 28), 3, D(2023, 5, 6)),  # make-up Sat 05-06
    (D(2023, 6, 21), 1, D(2023, 6, 25)),  # 端午: 06-22..24, make-up Sun 06-25
    (D(2023, 9, 28), 1, D(2023, 10, 7)),  # 中秋国庆: 09-29..10-06, make-up Sat 10-07
    # 2024
    (D(2023, 12, 29), 1, D(2024, 1, 2)),  # 元旦: 12-30..01-01
    (D(2024, 2, 2), 1, D(2024, 2, 4)),  # 春节: make-up Sun 02-04
    (D(2024, 2, 9), 1, D(2024, 2, 18)),  # 春节: 02-10..17, make-up Sun 02-18
    (D(2024, 4, 3), 1, D(2024, 4, 7)),  # 清明: 04-04..06, make-up Sun 04-07
    (D(2024, 4, 30), 1, D(2024, 5, 6)),  # 劳动节: 05-01..05
    (D(2024, 4, 30), 6, D(2024, 5, 11)),  # make-up Sat 05-11
    (D(2024, 6, 7), 1, D(2024, 6, 11)),  # 端午: 06-08..10
    (D(2024, 9, 13), 1, D(2024, 9, 14)),  # 中秋: make-up Sat 09-14
    (D(2024, 9, 14), 1, D(2024, 9, 18)),  # 中秋: 09-15..17
    (D(2024, 9, 30), 1, D(2024, 10, 8)),  # 国庆: 10-01..07
    (D(2024, 9, 30), 5, D(2024, 10, 12)),  # make-up Sat 10-12
    # 2025
    (D(2024, 12, 31), 1, D(2025, 1, 2)),  # 元旦: 01-01
    (D(2025, 1, 27), 1, D(2025, 2, 5)),  # 春节: 01-28..02-04
    (D(2025, 1, 27), 4, D(2025, 2, 8)),  # make-up Sat 02-08
    (D(2025, 4, 3), 1, D(2025, 4, 7)),  # 清明: 04-04..06
    (D(2025, 4, 30), 1, D(2025, 5, 6)),  # 劳动节: 05-01..05
    (D(2025, 5, 30), 1, D(2025, 6, 3)),  # 端午: 05-31..06-02
    (D(2025, 9, 30), 1, D(2025, 10, 9)),  # 国庆中秋: 10-01..08
    (D(2025, 9, 30), 3, D(2025, 10, 11)),  # make-up Sat 10-11
    # 2026
    (D(2025, 12, 31), 1, D(2026, 1, 4)),  # 元旦: 01-01..03, make-up Sun 01-04
    (D(2026, 2, 13), 1, D(2026, 2, 14)),  # 春节: make-up Sat 02-14
    (D(2026, 2, 14), 1, D(2026, 2, 24)),  # 春节: 02-15..23
    (D(2026, 2, 14), 5, D(2026, 2, 28)),  # make-up Sat 02-28
    (D(2026, 4, 3), 1, D(2026, 4, 7)),  # 清明: 04-04..06
    (D(2026, 4, 30), 1, D(2026, 5, 6)),  # 劳动节: 05-01..05
    (D(2026, 4, 30), 4, D(2026, 5, 9)),  # make-up Sat 05-09
    (D(2026, 6, 18), 1, D(2026, 6, 22)),  # 端午: 06-19..21
    (D(2026, 9, 24), 1, D(2026, 9, 28)),  # 中秋: 09-25..27
    (D(2026, 9, 30), 1, D(2026, 10, 8)),  # 国庆: 10-01..07
    (D(2026, 9, 30), 3, D(2026, 10, 10)),  # make-up Sat 10-10
]


@pytest.mark.parametrize(("start", "n", "expected"), SEASONS, ids=str)
def test_every_holiday_season_of_2019_to_2026_counts_as_the_notices_say(
    start: date, n: int, expected: date
) -> None:
    assert CAL.add_working_days(start, n) == expected
    assert CAL.working_days_between(start, expected) == n


def test_the_2020_spring_festival_extension_turned_31_january_to_2_february_into_rest_days() -> (
    None
):
    # 国务院办公厅关于延长2020年春节假期的通知: 01-31 (Fri), 02-01 (Sat, formerly a make-up
    # working day) and 02-02 (Sun) became holidays.
    for day in (D(2020, 1, 31), D(2020, 2, 1), D(2020, 2, 2)):
        assert not CAL.is_working_day(day)
    assert CAL.is_working_day(D(2020, 1, 19))
    assert CAL.is_working_day(D(2020, 2, 3))


def test_the_package_gives_every_national_year_from_2004_to_2026_with_provenance() -> None:
    years = package_years()
    assert [y.year for y in years] == list(range(2004, 2027))
    assert {y.region for y in years} == {"national"}
    y2026 = years[-1]
    assert y2026.source.startswith("《国务院办公厅关于2026年部分节假日安排的通知》")
    assert "chinesecalendar 1.11.0" in y2026.source
    assert y2026.published_on == D(2025, 11, 4)
    assert "延长2020年春节假期" in years[2020 - 2004].source
    y2022 = years[2022 - 2004]
    assert y2022.holidays[D(2022, 10, 1)] == "国庆节"
    assert y2022.workdays[D(2022, 10, 8)] == "国庆节调休"
    assert all(CAL.covers(year) for year in range(2004, 2027))
    assert not CAL.covers(2027)


def test_2027_without_a_data_file_is_provisional_with_1_january_as_a_rest_day() -> None:
    assert CAL.missing_years(D(2026, 12, 10), D(2027, 1, 8)) == [2027]
    assert not CAL.is_working_day(D(2027, 1, 1))
    assert CAL.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)


def test_the_sample_2027_file_loads_and_makes_2027_no_longer_provisional() -> None:
    sample = read_calendar_file(CALENDARS / "sample-2027.toml")
    assert sample.year == 2027
    assert sample.source.startswith("示例数据，非正式通知")
    calendar = WorkingCalendar([*package_years(), sample])
    assert calendar.covers(2027)
    assert not calendar.is_provisional(D(2026, 12, 10), D(2027, 1, 8))
    assert not calendar.is_working_day(D(2027, 10, 1))
    assert calendar.is_working_day(D(2027, 2, 20))  # the sample's make-up Saturday


def test_the_sample_local_file_adds_rest_days_for_its_region_only() -> None:
    local = read_calendar_file(CALENDARS / "sample-xinjiang-2026.toml")
    assert (local.year, local.region) == (2026, "xinjiang")
    assert local.source.startswith("示例数据")
    xinjiang = WorkingCalendar([*package_years(), local], region="xinjiang")
    assert not xinjiang.is_working_day(D(2026, 5, 27))
    assert xinjiang.add_working_days(D(2026, 5, 26), 1) == D(2026, 6, 1)
    assert CAL.add_working_days(D(2026, 5, 26), 1) == D(2026, 5, 27)


def test_a_file_that_is_not_toml_is_refused_in_chinese_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "2027.toml"
    path.write_text("year = 2027\nsource = \n", encoding="utf-8")
    with pytest.raises(CalendarDataError, match="不是有效的 TOML 文件") as caught:
        read_calendar_file(path)
    assert caught.value.field == str(path)


def test_a_file_not_in_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "2027.toml"
    path.write_bytes('year = 2027\nsource = "国办发明电"\n'.encode("gb18030"))
    with pytest.raises(CalendarDataError, match="文件不是 UTF-8 编码"):
        read_calendar_file(path)


def test_a_missing_file_is_refused_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(CalendarDataError, match="无法读取日历文件"):
        read_calendar_file(tmp_path / "none.toml")


def test_a_file_breaking_a_rule_names_the_file_and_the_key(tmp_path: Path) -> None:
    path = tmp_path / "2027.toml"
    path.write_text(
        'year = 2027\nsource = "示例"\n[[holidays]]\nname = "元旦"\ndates = [2027-01-01]\n'
        '[[workdays]]\nname = "调休"\ndates = [2027-01-04]\n',
        encoding="utf-8",
    )
    with pytest.raises(CalendarDataError) as caught:
        read_calendar_file(path)
    assert caught.value.field == f"{path} workdays「调休」.dates"
    assert "调休上班日 2027-01-04 是星期一" in str(caught.value)
