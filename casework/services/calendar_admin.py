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
from casework.services.clocks import (
    MovedDate,
    open_states,
    recompute_open_cases,
    years_in_effect,
)
from casework.services.context import ServiceContext
from casework.services.ports import CaseFilter, UnitOfWork
from casework.services.tally import Tally


@dataclass(frozen=True)
class LoadResult:
    year: CalendarYear
    checksum: str
    moved: list[MovedDate]
    replaced: bool = False  # a correction: the previous data went to the history
    # December days of the previous year that a notice set, merged into that year's data.
    amended: tuple[CalendarYear, ...] = ()


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


def affected_agencies(ctx: ServiceContext, region: str) -> list[str] | None:
    """The agencies whose clocks a year of ``region`` changes; None: every agency."""
    if region == NATIONAL:
        return None
    return sorted(code for code, p in ctx.agencies.items() if p.calendar_region == region)


def load_year(
    uow: UnitOfWork,
    ctx: ServiceContext,
    year: CalendarYear,
    *,
    replace: bool = False,
    tally: Tally | None = None,
) -> LoadResult:
    """Install ``year``; a year already in effect is refused unless ``replace`` corrects it.

    A correction keeps the previous data in the history.  Every open case of the agencies the
    year concerns is recomputed, with a journal entry for each case whose dates moved.
    """
    with uow:
        checksum, replaced = put_year(uow, ctx, year, replace=replace, reason=_reason(year))
        check_years(uow, ctx, year.region)
        action = "更正" if replaced else "导入"
        reason = f"{action}{year.year}年{region_label(year.region)}节假日安排（{year.source}）"
        agencies = affected_agencies(ctx, year.region)
        moved = recompute_open_cases(uow, ctx, reason, ctx.today, agencies, tally=tally)
        uow.commit()
    return LoadResult(year, checksum, moved, replaced)


def _reason(year: CalendarYear) -> str:
    return f"以{year.source}更正"


def put_year(
    uow: UnitOfWork, ctx: ServiceContext, year: CalendarYear, *, replace: bool, reason: str
) -> tuple[str, bool]:
    """Store ``year`` (inside the caller's unit of work); returns (checksum, replaced)."""
    where = f"{year.year}年（{region_label(year.region)}）"
    previous, shipped = year_in_effect(uow, ctx, year.year, year.region)
    if previous is None:
        return uow.calendars.add(year, ctx.actor, ctx.now), False
    if not replace:
        how = "已随软件提供" if shipped else "已导入"
        raise CalendarDataError(
            f"该年度日历{how}（{previous.source}），不得重复导入；如需更正，请加 --replace",
            field=where,
        )
    return uow.calendars.replace(year, previous, ctx.actor, ctx.now, reason), True


def year_in_effect(
    uow: UnitOfWork, ctx: ServiceContext, year: int, region: str
) -> tuple[CalendarYear | None, bool]:
    """The data in effect for ``year`` and ``region`` and whether it ships with the package."""
    for stored in uow.calendars.all():
        if (stored.year, stored.region) == (year, region):
            return stored, False
    for builtin in ctx.builtin_calendar:
        if (builtin.year, builtin.region) == (year, region):
            return builtin, True
    return None, False


def check_years(uow: UnitOfWork, ctx: ServiceContext, region: str) -> None:
    """Building the calendar checks a local year against the national one of its year."""
    years = years_in_effect(ctx.builtin_calendar, uow.calendars.all())
    WorkingCalendar(years, region=None if region == NATIONAL else region)


def recompute_calendar(
    uow: UnitOfWork, ctx: ServiceContext, agency: str | None = None, tally: Tally | None = None
) -> list[MovedDate]:
    """Recompute the open cases of ``agency`` (or of every agency), e.g. after changing its
    ``calendar_region``; a journal entry for each case whose dates moved."""
    agencies = None if agency is None else [ctx.agency(agency)[0]]
    with uow:
        reason = "按现行工作日历重新计算期限"
        moved = recompute_open_cases(uow, ctx, reason, ctx.today, agencies, tally=tally)
        uow.commit()
    return moved


def installed_years(uow: UnitOfWork, ctx: ServiceContext) -> list[YearInfo]:
    """Every year the engine knows, shipped or loaded, with where it comes from."""
    with uow:
        loaded = {(p["year"], p["region"]): p for p in uow.calendars.provenance()}
        stored = uow.calendars.all()
    infos = []
    for year in ctx.builtin_calendar:
        if (year.year, year.region) not in loaded:
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
