"""Where working-calendar years come from: the ``chinese_calendar`` package and data files.

The package (chinesecalendar 1.11.0) carries the national schedules for 2004–2026, taken from
the 国务院办公厅 notices on holiday arrangements (domain.md §2.1).  Later years and local
rest days (e.g. an autonomous region's ethnic holidays) come from TOML files in the format of
``calendars/README.md``, checked by ``casework.domain.calendar.data_file``.  Library and file errors
are translated here into ``CalendarDataError`` with a Chinese message.
"""

from __future__ import annotations

import tomllib
from datetime import date
from functools import cache
from pathlib import Path

from chinese_calendar import constants

from casework.adapters.error_text import NESTING_RULE, decode_error, toml_error
from casework.domain.calendar.data_file import parse_calendar_year
from casework.domain.calendar.working import NATIONAL, CalendarYear
from casework.errors import CalendarDataError

PACKAGE_FIRST_YEAR = 2004
PACKAGE_LAST_YEAR = 2026
PACKAGE_NAME = "chinesecalendar 1.11.0"

# Publication dates we can vouch for (domain.md §2.1); others stay unknown rather than guessed.
_PUBLISHED_ON = {2026: date(2025, 11, 4)}
# Notices beyond the yearly one that changed a year's schedule.
_EXTRA_NOTICES = {2020: "、《国务院办公厅关于延长2020年春节假期的通知》"}


@cache
def package_years() -> tuple[CalendarYear, ...]:
    """The national years 2004–2026 from the ``chinese_calendar`` package, oldest first.

    A date is filed under its own calendar year (a 2019 New Year day that falls on
    2018-12-30 belongs to the 2018 ``CalendarYear``), as in a data file.
    """
    holidays: dict[int, dict[date, str]] = {}
    workdays: dict[int, dict[date, str]] = {}
    for day, english in constants.holidays.items():
        holidays.setdefault(day.year, {})[day] = constants.Holiday(english).chinese
    for day, english in constants.workdays.items():
        workdays.setdefault(day.year, {})[day] = f"{constants.Holiday(english).chinese}调休"
    return tuple(
        CalendarYear(
            year=year,
            region=NATIONAL,
            holidays=holidays.get(year, {}),
            workdays=workdays.get(year, {}),
            source=(
                f"《国务院办公厅关于{year}年部分节假日安排的通知》"
                f"{_EXTRA_NOTICES.get(year, '')}（数据取自 {PACKAGE_NAME}）"
            ),
            published_on=_PUBLISHED_ON.get(year),
        )
        for year in range(PACKAGE_FIRST_YEAR, PACKAGE_LAST_YEAR + 1)
    )


def read_calendar_file(path: Path | str) -> CalendarYear:
    """One calendar year from a TOML data file, validated (``CalendarDataError`` if not)."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise CalendarDataError(
            f"不是有效的 TOML 文件：{toml_error(error)}", field=str(path)
        ) from error
    except UnicodeDecodeError as error:
        raise CalendarDataError(decode_error(error), field=str(path)) from error
    except RecursionError as error:
        raise CalendarDataError(NESTING_RULE, field=str(path)) from error
    except OSError as error:
        raise CalendarDataError(
            "无法读取日历文件（文件不存在或没有读取权限）", field=str(path)
        ) from error
    return parse_calendar_year(data, origin=str(path))
