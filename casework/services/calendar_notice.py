"""Importing the State Council's holiday notice as calendar data (issue #16, domain.md §2.1).

The notice for year N gives year N and sometimes days of December N-1 (New Year arrangements).
Year N is installed like ``calendar load`` (refused when already in effect, unless corrected
with ``replace``); the December days are merged into the data in effect for N-1, shipped or
loaded, whose previous version goes to the history.  One unit of work: the years, the history
and the recompute of every open case, or nothing.
"""

from __future__ import annotations

from dataclasses import replace as copy
from datetime import date

from casework.domain.calendar.notice import HolidayNotice
from casework.domain.calendar.working import NATIONAL, CalendarYear
from casework.errors import CalendarDataError
from casework.services.calendar_admin import (
    LoadResult,
    check_years,
    put_year,
    year_in_effect,
)
from casework.services.clocks import recompute_open_cases
from casework.services.context import ServiceContext
from casework.services.ports import UnitOfWork
from casework.services.tally import Tally


def with_number(notice: HolidayNotice, number: str | None) -> HolidayNotice:
    """The notice with its number given by hand (``--number``) when the text lacks it."""
    if not number:
        return notice
    if notice.number and notice.number != number:
        raise CalendarDataError(
            f"通知正文中的文号为 {notice.number}，与所给的 {number} 不一致",
            field="--number（文号）",
        )
    return copy(notice, number=number.strip())


def import_notice(
    uow: UnitOfWork,
    ctx: ServiceContext,
    notice: HolidayNotice,
    *,
    replace: bool = False,
    tally: Tally | None = None,
) -> LoadResult:
    """Install the notice's year and merge its December days into the year before."""
    *earlier, main = notice.calendar_years()
    with uow:
        reason = f"以{notice.source}更正"
        checksum, replaced = put_year(uow, ctx, main, replace=replace, reason=reason)
        amended = tuple(
            merged for part in earlier if (merged := _amend(uow, ctx, part, notice)) is not None
        )
        check_years(uow, ctx, NATIONAL)
        action = "更正" if replaced else "导入"
        reason = f"{action}{notice.year}年全国节假日安排（{notice.source}）"
        moved = recompute_open_cases(uow, ctx, reason, ctx.today, tally=tally)
        uow.commit()
    return LoadResult(main, checksum, moved, replaced, amended)


def _amend(
    uow: UnitOfWork, ctx: ServiceContext, part: CalendarYear, notice: HolidayNotice
) -> CalendarYear | None:
    """Merge ``part`` (December days of the year before) into the data in effect for it."""
    previous, _shipped = year_in_effect(uow, ctx, part.year, NATIONAL)
    if previous is None:
        uow.calendars.add(part, ctx.actor, ctx.now)
        return part
    where = f"{part.year}年（全国）"
    for day in sorted(part.holidays.keys() & previous.workdays.keys()):
        raise _clash(day, "调休上班日", "放假", where)
    for day in sorted(part.workdays.keys() & previous.holidays.keys()):
        raise _clash(day, "节假日", "上班", where)
    holidays = {**previous.holidays, **part.holidays}
    workdays = {**previous.workdays, **part.workdays}
    if holidays == dict(previous.holidays) and workdays == dict(previous.workdays):
        return None  # already there (a notice imported twice)
    merged = CalendarYear(
        year=part.year,
        region=NATIONAL,
        holidays=holidays,
        workdays=workdays,
        source=f"{previous.source}；{part.year}年12月的调休据{notice.source}",
        published_on=previous.published_on,
    )
    reason = f"{notice.source}规定了{part.year}年12月的放假调休"
    uow.calendars.replace(merged, previous, ctx.actor, ctx.now, reason)
    return merged


def _clash(day: date, was: str, now: str, where: str) -> CalendarDataError:
    return CalendarDataError(
        f"{day.isoformat()} 在现有数据中是{was}，通知却安排{now}；请核对后用 calendar load --replace 更正",
        field=where,
    )
