"""A calendar data file's content is checked before it can move a legal deadline (§2.1).

The TOML is parsed here with ``tomllib.loads`` (no file I/O) exactly as the adapter does.
"""

from __future__ import annotations

import tomllib
from datetime import date

import pytest

from casework.domain.calendar.data_file import parse_calendar_year
from casework.errors import CalendarDataError

HEADER = """
year = 2027
source = "示例数据，非正式通知"
"""
NEW_YEAR = """
[[holidays]]
name = "元旦"
dates = [2027-01-01]
"""


def _parse(text: str, origin: str = "") -> object:
    return parse_calendar_year(tomllib.loads(text), origin=origin)


def _refused(text: str) -> CalendarDataError:
    with pytest.raises(CalendarDataError) as caught:
        _parse(text)
    return caught.value


def test_a_valid_national_file_becomes_a_calendar_year_with_ranges_expanded() -> None:
    year = parse_calendar_year(
        tomllib.loads(
            HEADER
            + """
published_on = 2026-11-04
[[holidays]]
name = "春节"
start = 2027-02-05
end = 2027-02-07
[[workdays]]
name = "春节调休"
dates = [2027-02-20]
"""
        )
    )
    assert year.year == 2027
    assert year.region == "national"
    assert year.source == "示例数据，非正式通知"
    assert year.published_on == date(2026, 11, 4)
    assert dict(year.holidays) == {
        date(2027, 2, 5): "春节",
        date(2027, 2, 6): "春节",
        date(2027, 2, 7): "春节",
    }
    assert dict(year.workdays) == {date(2027, 2, 20): "春节调休"}


def test_a_local_file_may_list_only_its_own_rest_days() -> None:
    year = parse_calendar_year(
        tomllib.loads(
            'year = 2026\nregion = "xinjiang"\nsource = "示例数据"\n'
            '[[holidays]]\nname = "古尔邦节"\nstart = 2026-05-27\nend = 2026-05-29\n'
        )
    )
    assert year.region == "xinjiang"
    assert len(year.holidays) == 3
    assert year.published_on is None


def test_a_missing_year_is_refused_naming_the_key() -> None:
    error = _refused('source = "x"\n' + NEW_YEAR)
    assert error.field == "year"
    assert "缺少必填项 year（年份）" in str(error)


def test_a_year_that_is_not_an_integer_is_refused() -> None:
    error = _refused('year = "2027"\nsource = "x"\n' + NEW_YEAR)
    assert error.field == "year"
    assert "year 应为 1949 至 2200 之间的整数年份" in str(error)


@pytest.mark.parametrize("source", ['source = ""', 'source = "  "', ""])
def test_a_missing_or_empty_source_is_refused_because_provenance_is_required(source: str) -> None:
    error = _refused(f"year = 2027\n{source}\n" + NEW_YEAR)
    assert error.field == "source"
    assert "缺少必填项 source（数据来源：通知文号或标题）" in str(error)


def test_an_unknown_top_level_key_is_refused_rather_than_ignored() -> None:
    error = _refused(HEADER + 'note = "typo"\n' + NEW_YEAR)
    assert error.field == "note"
    assert "未知的键 note" in str(error)


def test_an_unknown_key_inside_an_entry_is_refused() -> None:
    error = _refused(HEADER + '[[holidays]]\nname = "元旦"\ndate = [2027-01-01]\n')
    assert error.field == "holidays「元旦」"
    assert "未知的键 date" in str(error)


def test_a_quoted_date_is_refused_as_not_a_date() -> None:
    error = _refused(HEADER + '[[holidays]]\nname = "元旦"\ndates = ["2027-01-01"]\n')
    assert error.field == "holidays「元旦」.dates"
    assert "'2027-01-01' 不是日期：请写成不带引号的 TOML 日期" in str(error)


def test_a_date_time_is_refused_as_not_a_date() -> None:
    error = _refused(
        HEADER + '[[holidays]]\nname = "元旦"\nstart = 2027-01-01T00:00:00\nend = 2027-01-02\n'
    )
    assert error.field == "holidays「元旦」.start"
    assert "不是日期" in str(error)


def test_a_date_outside_the_declared_year_is_refused_naming_the_date() -> None:
    error = _refused(HEADER + '[[holidays]]\nname = "元旦"\ndates = [2026-12-31, 2027-01-01]\n')
    assert error.field == "holidays「元旦」.dates"
    assert "2026-12-31 不在本文件声明的年份 2027 年内" in str(error)


def test_a_date_listed_twice_is_refused() -> None:
    error = _refused(
        HEADER
        + NEW_YEAR
        + '[[holidays]]\nname = "元旦补充"\nstart = 2026-12-31\nend = 2027-01-02\n'
    )
    assert "不在本文件声明的年份" in str(error)  # the range check comes first
    error = _refused(
        HEADER
        + NEW_YEAR
        + '[[holidays]]\nname = "元旦补充"\nstart = 2027-01-01\nend = 2027-01-02\n'
    )
    assert error.field == "holidays「元旦补充」.dates"
    assert "2027-01-01 重复列出（另见 holidays「元旦」）" in str(error)


def test_a_day_both_holiday_and_make_up_day_is_refused() -> None:
    error = _refused(HEADER + NEW_YEAR + '[[workdays]]\nname = "调休"\ndates = [2027-01-01]\n')
    assert error.field == "workdays「调休」.dates"
    assert "2027-01-01 同时列为节假日和调休上班日（另见 holidays「元旦」）" in str(error)


def test_a_make_up_working_day_on_a_weekday_is_refused() -> None:
    error = _refused(HEADER + NEW_YEAR + '[[workdays]]\nname = "春节调休"\ndates = [2027-02-08]\n')
    assert error.field == "workdays「春节调休」.dates"
    assert "调休上班日 2027-02-08 是星期一，调休上班日只能是星期六或星期日" in str(error)


def test_a_national_year_without_holidays_is_refused() -> None:
    error = _refused(HEADER + '[[workdays]]\nname = "调休"\ndates = [2027-02-20]\n')
    assert error.field == "holidays"
    assert "全国日历必须列出节假日（holidays 不能为空）" in str(error)


def test_a_local_year_without_any_day_is_refused() -> None:
    error = _refused('year = 2026\nregion = "xinjiang"\nsource = "示例"\n')
    assert "地方日历至少应列出一个休息日或调休上班日" in str(error)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('name = "元旦"\n', "每项须且只能用 dates 列表或 start/end 区间之一给出日期"),
        (
            'name = "元旦"\ndates = [2027-01-01]\nstart = 2027-01-01\nend = 2027-01-01\n',
            "每项须且只能用 dates 列表或 start/end 区间之一给出日期",
        ),
        (
            'name = "元旦"\nstart = 2027-01-03\nend = 2027-01-01\n',
            "end 2027-01-01 早于 start 2027-01-03",
        ),
        ('name = "元旦"\nstart = 2027-01-01\n', "None 不是日期"),
        ('name = "元旦"\ndates = []\n', "dates 应为非空的日期列表"),
        ("dates = [2027-01-01]\n", "缺少必填项 name（节日名称）"),
    ],
)
def test_a_malformed_entry_is_refused_with_the_rule_it_broke(entry: str, message: str) -> None:
    error = _refused(HEADER + "[[holidays]]\n" + entry)
    assert message in str(error)
    assert str(error).startswith("holidays")


def test_holidays_written_as_a_plain_list_is_refused() -> None:
    error = _refused(HEADER + "holidays = [2027-01-01]\n")
    assert error.field == "holidays[1]"
    assert "holidays 的第 1 项应为表" in str(error)


@pytest.mark.parametrize("region", ['"新疆"', '"Xinjiang"', "5"])
def test_a_region_that_is_not_a_lower_case_code_is_refused(region: str) -> None:
    error = _refused(HEADER + f"region = {region}\n" + NEW_YEAR)
    assert error.field == "region"
    assert "region 应为 national 或小写英文地区代码" in str(error)


def test_a_publication_date_that_is_not_a_date_is_refused() -> None:
    error = _refused(HEADER + 'published_on = "2026年11月4日"\n' + NEW_YEAR)
    assert error.field == "published_on"


def test_the_origin_prefixes_the_field_so_the_clerk_finds_the_file() -> None:
    with pytest.raises(CalendarDataError) as caught:
        _parse('source = "x"\n', origin="calendars/2027.toml")
    assert caught.value.field == "calendars/2027.toml year"
    assert str(caught.value) == "calendars/2027.toml year：缺少必填项 year（年份）"
