"""Installing and inspecting working-calendar data (domain.md §2.1).

Loading a year is one unit of work: the year is validated against what is installed, stored
with its provenance, and every open case is recomputed, with an audit event for each case whose
dates moved.  Either all of that happens or none of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from casework.domain.calendar.working import NATIONAL, CalendarYear, WorkingCalendar
from casework.errors import CalendarDataError
from casework.services.clocks import MovedDate, open_states, recompute_open_cases
from casework.services.context import ServiceContext
from casework.services.ports import CaseFilter, UnitOfWork


@dataclass(frozen=True)
class LoadResult:
    year: CalendarYear
    checksum: str
    moved: list[MovedDate]


@dataclass(frozen=True)
class YearInfo:
    """One installed year, for ``calendar show`` and ``calendar check``."""

    year: int
    region: str
    source: str
    published_on: date | None
    origin: str
    holidays: int
    workdays: int


def region_label(region: str) -> str:
    return "全国" if region == NATIONAL else region


def load_year(uow: UnitOfWork, ctx: ServiceContext, year: CalendarYear) -> LoadResult:
    """Install ``year``; refuse a year and region that is already installed."""
    where = f"{year.year}年（{region_label(year.region)}）"
    for builtin in ctx.builtin_calendar:
        if (builtin.year, builtin.region) == (year.year, year.region):
            raise CalendarDataError(
                f"该年度日历已随软件提供（{builtin.source}），不得重复导入", field=where
            )
    with uow:
        stored = uow.calendars.all()
        for existing in stored:
            if (existing.year, existing.region) == (year.year, year.region):
                raise CalendarDataError(
                    f"该年度日历已导入（{existing.source}），不得重复导入", field=where
                )
        # Building the calendar checks a local year against the national one of its year.
        WorkingCalendar([*ctx.builtin_calendar, *stored, year], region=year.region)
        checksum = uow.calendars.add(year, ctx.actor, ctx.now)
        reason = f"导入{year.year}年{region_label(year.region)}节假日安排（{year.source}）"
        moved = recompute_open_cases(uow, ctx, reason, ctx.today)
        uow.commit()
    return LoadResult(year, checksum, moved)


def installed_years(uow: UnitOfWork, ctx: ServiceContext) -> list[YearInfo]:
    """Every year the engine knows, shipped or loaded, with where it comes from."""
    with uow:
        loaded = {(p["year"], p["region"]): p for p in uow.calendars.provenance()}
        stored = uow.calendars.all()
    infos = []
    for year in ctx.builtin_calendar:
        infos.append(_info(year, "软件自带（chinesecalendar 数据包）"))
    for year in stored:
        record = loaded[(year.year, year.region)]
        stamp = record["loaded_at"]
        when = stamp.strftime("%Y-%m-%d %H:%M") if hasattr(stamp, "strftime") else stamp
        infos.append(_info(year, f"{record['loaded_by']} 于 {when} 导入"))
    return sorted(infos, key=lambda info: (info.year, info.region != NATIONAL, info.region))


def _info(year: CalendarYear, origin: str) -> YearInfo:
    return YearInfo(
        year=year.year,
        region=year.region,
        source=year.source,
        published_on=year.published_on,
        origin=origin,
        holidays=len(year.holidays),
        workdays=len(year.workdays),
    )


@dataclass(frozen=True)
class CalendarCheck:
    """What ``calendar check`` reports: coverage, gaps and provisional open cases."""

    first_year: int
    last_year: int
    missing_national: list[int]
    provisional_cases: list[str]


def check_calendar(uow: UnitOfWork, ctx: ServiceContext) -> CalendarCheck:
    """National coverage up to next year, and the open cases whose dates are provisional."""
    infos = installed_years(uow, ctx)
    national = sorted({info.year for info in infos if info.region == NATIONAL})
    first, last = national[0], max(national[-1], ctx.today.year + 1)
    missing = [y for y in range(first, last + 1) if y not in national]
    with uow:
        open_cases = uow.cases.list(CaseFilter(states=open_states(ctx)))
        provisional = [f"{c.agency}/{c.number}" for c in open_cases if c.due_provisional]
    return CalendarCheck(first, national[-1], missing, provisional)
