"""Validation of a working-calendar data file (工作日历数据文件) into a ``CalendarYear``.

The adapter parses the TOML; this module checks the parsed dict against the format documented
in ``calendars/README.md`` and the rules of domain.md §2.1: every date is a real date in the
declared year and listed once, a make-up working day (调休上班) is a Saturday or Sunday, a
national year lists its holidays, and provenance (``source``) is given.  Every refusal is a
``CalendarDataError`` in Chinese naming the key (and date) at fault and the rule it broke.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import TypeGuard

from casework.domain.calendar.working import NATIONAL, CalendarYear
from casework.errors import CalendarDataError

_TOP_KEYS = ("year", "region", "source", "published_on", "holidays", "workdays")
_ENTRY_KEYS = ("name", "dates", "start", "end")
_REGION = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
_WEEKDAYS = "一二三四五六日"
# The source is printed with every derivation that used the year, a name in tables and letters.
MAX_SOURCE = 500
MAX_NAME = 50
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# Builds the error for a key; bound to the file's origin by ``parse_calendar_year``.
_Fail = Callable[[str, str], CalendarDataError]


def parse_calendar_year(data: Mapping[str, object], *, origin: str = "") -> CalendarYear:
    """The ``CalendarYear`` a calendar file describes; ``origin`` (a path) prefixes fields."""
    prefix = f"{origin} " if origin else ""

    def fail(message: str, key: str) -> CalendarDataError:
        return CalendarDataError(message, field=f"{prefix}{key}")

    year, region, source, published_on = _header(data, fail)
    seen: dict[date, tuple[str, str]] = {}  # date -> (section, entry) that listed it
    holidays = _section(data, "holidays", year, seen, fail)
    workdays = _section(data, "workdays", year, seen, fail)
    if region == NATIONAL and not holidays:
        raise fail("全国日历必须列出节假日（holidays 不能为空）", "holidays")
    if region != NATIONAL and not holidays and not workdays:
        raise fail("地方日历至少应列出一个休息日或调休上班日", "holidays")
    return CalendarYear(
        year=year,
        region=region,
        holidays=holidays,
        workdays=workdays,
        source=source,
        published_on=published_on,
    )


def _header(data: Mapping[str, object], fail: _Fail) -> tuple[int, str, str, date | None]:
    """(year, region, source, published_on), checked; unknown top-level keys are refused."""
    unknown = sorted(set(data) - set(_TOP_KEYS))
    if unknown:
        allowed = "、".join(_TOP_KEYS)
        raise fail(f"未知的键 {unknown[0]}（允许的键：{allowed}）", unknown[0])
    year = data.get("year")
    if year is None:
        raise fail("缺少必填项 year（年份）", "year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1949 <= year <= 2200:
        raise fail(f"year 应为 1949 至 2200 之间的整数年份，而不是 {year!r}", "year")
    source = data.get("source")
    if not isinstance(source, str) or not source.strip():
        raise fail("缺少必填项 source（数据来源：通知文号或标题）", "source")
    _check_text(source, MAX_SOURCE, "source", fail)
    region = data.get("region", NATIONAL)
    if not isinstance(region, str) or not _REGION.match(region):
        raise fail(
            f"region 应为 national 或小写英文地区代码（如 xinjiang），而不是 {region!r}", "region"
        )
    published_on = data.get("published_on")
    if published_on is not None and not _is_date(published_on):
        raise fail(f"published_on 应为不带引号的日期（如 {year - 1}-11-04）", "published_on")
    return year, region, source.strip(), published_on if _is_date(published_on) else None


def _section(
    data: Mapping[str, object],
    section: str,
    year: int,
    seen: dict[date, tuple[str, str]],
    fail: _Fail,
) -> dict[date, str]:
    """The dates of ``[[holidays]]`` or ``[[workdays]]``, each mapped to its entry's name."""
    entries = data.get(section, [])
    if not isinstance(entries, list):
        raise fail(f"{section} 应写成 [[{section}]] 表数组", section)
    result: dict[date, str] = {}
    for number, entry in enumerate(entries, start=1):
        where = f"{section}[{number}]"
        if not isinstance(entry, dict):
            raise fail(f"{section} 的第 {number} 项应为表（name、dates 或 start/end）", where)
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise fail("缺少必填项 name（节日名称）", f"{where}.name")
        _check_text(name, MAX_NAME, f"{where}.name", fail)
        where = f"{section}「{name}」"
        for day in _entry_dates(entry, where, year, fail):
            key = f"{where}.dates"
            if day in seen:
                earlier_section, earlier = seen[day]
                if earlier_section != section:
                    raise fail(
                        f"{day.isoformat()} 同时列为节假日和调休上班日（另见 {earlier}）", key
                    )
                raise fail(f"{day.isoformat()} 重复列出（另见 {earlier}）", key)
            if section == "workdays" and day.weekday() < 5:
                weekday = _WEEKDAYS[day.weekday()]
                raise fail(
                    f"调休上班日 {day.isoformat()} 是星期{weekday}，调休上班日只能是星期六或星期日",
                    key,
                )
            seen[day] = (section, where)
            result[day] = name.strip()
    return result


def _entry_dates(entry: dict[str, object], where: str, year: int, fail: _Fail) -> list[date]:
    """An entry's dates: an explicit ``dates`` list, or an inclusive ``start``–``end`` range."""
    unknown = sorted(set(entry) - set(_ENTRY_KEYS))
    if unknown:
        raise fail(f"未知的键 {unknown[0]}（允许的键：name、dates、start、end）", where)
    has_list, has_range = "dates" in entry, "start" in entry or "end" in entry
    if has_list == has_range:
        raise fail("每项须且只能用 dates 列表或 start/end 区间之一给出日期", where)
    if has_list:
        raw = entry["dates"]
        if not isinstance(raw, list) or not raw:
            raise fail("dates 应为非空的日期列表", f"{where}.dates")
        days = [_checked_date(value, f"{where}.dates", fail) for value in raw]
    else:
        start = _checked_date(entry.get("start"), f"{where}.start", fail)
        end = _checked_date(entry.get("end"), f"{where}.end", fail)
        if end < start:
            raise fail(f"end {end.isoformat()} 早于 start {start.isoformat()}", f"{where}.end")
        days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    for day in days:
        if day.year != year:
            raise fail(f"{day.isoformat()} 不在本文件声明的年份 {year} 年内", f"{where}.dates")
    return days


def _check_text(text: str, limit: int, key: str, fail: _Fail) -> None:
    if len(text.strip()) > limit:
        raise fail(f"不得超过 {limit} 个字符，实际为 {len(text.strip())} 个", key)
    match = _CONTROL.search(text)
    if match is not None:
        raise fail(f"含有不可见的控制字符（U+{ord(match.group()):04X}），请删除", key)


def _checked_date(value: object, key: str, fail: _Fail) -> date:
    if not _is_date(value):
        raise fail(f"{value!r} 不是日期：请写成不带引号的 TOML 日期，如 2027-01-01", key)
    return value


def _is_date(value: object) -> TypeGuard[date]:
    # tomllib gives datetime for date-times; a calendar day must be a plain date.
    return isinstance(value, date) and not isinstance(value, datetime)
