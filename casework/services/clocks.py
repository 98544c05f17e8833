"""Keeping every case's stored dates equal to what the clock rules give (domain.md §2).

Each action that can move a date calls :func:`refresh_dates` inside its unit of work; loading
calendar data calls :func:`recompute_open_cases`, which writes an audit event for every case
whose dates moved.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from casework.domain.calendar.working import CalendarYear, WorkingCalendar
from casework.domain.case.records import Case, CaseEvent
from casework.domain.clock.case import DerivedDates, derive_dates
from casework.services.ports import CaseFilter, UnitOfWork
from casework.services.read_ports import ReadUnitOfWork
from casework.services.tally import Tally, told

if TYPE_CHECKING:
    from casework.services.context import ServiceContext


def years_in_effect(
    builtin: Iterable[CalendarYear], stored: Iterable[CalendarYear]
) -> list[CalendarYear]:
    """Shipped years plus loaded ones; a loaded year corrects the shipped one it matches."""
    stored = list(stored)
    corrected = {(year.year, year.region) for year in stored}
    return [*(y for y in builtin if (y.year, y.region) not in corrected), *stored]


def working_calendar(uow: ReadUnitOfWork, ctx: ServiceContext, agency: str) -> WorkingCalendar:
    """The calendar of ``agency``: shipped national years plus every loaded year.

    The years are read on every call; the calendar built from them is kept for the process
    and reused while the same data and region come back (issue #18).  A loaded, corrected or
    removed year, or another region in the configuration, is another key: a new calendar.
    """
    _code, profile = ctx.agency(agency)
    years = years_in_effect(ctx.builtin_calendar, uow.calendars.all())
    key = (profile.calendar_region, tuple(map(_year_key, years)))
    with _CALENDARS_LOCK:  # the alert daemon's threads share the cache
        calendar = _CALENDARS.get(key)
        if calendar is None:
            calendar = WorkingCalendar(years, region=profile.calendar_region)
            if len(_CALENDARS) >= _CALENDARS_KEPT:
                del _CALENDARS[next(iter(_CALENDARS))]  # the oldest
            _CALENDARS[key] = calendar
        return calendar


# Calendars built in this process, by region and by the whole content of their years.
_CALENDARS: dict[tuple[object, ...], WorkingCalendar] = {}
_CALENDARS_KEPT = 8
_CALENDARS_LOCK = threading.Lock()


def _year_key(year: CalendarYear) -> tuple[object, ...]:
    """Everything of a year that the calendar depends on (its days, names and provenance)."""
    return (
        year.year,
        year.region,
        year.source,
        year.published_on,
        tuple(sorted(year.holidays.items())),
        tuple(sorted(year.workdays.items())),
    )


class CalendarCache:
    """One calendar per region within a unit of work (building one costs a few ms)."""

    def __init__(self, uow: UnitOfWork, ctx: ServiceContext) -> None:
        self.uow, self.ctx = uow, ctx
        self._by_region: dict[str | None, WorkingCalendar] = {}

    def for_agency(self, agency: str) -> WorkingCalendar:
        region = self.ctx.agency(agency)[1].calendar_region
        if region not in self._by_region:
            self._by_region[region] = working_calendar(self.uow, self.ctx, agency)
        return self._by_region[region]


def open_states(ctx: ServiceContext) -> tuple[str, ...]:
    """The states of a case not yet concluded, as the workflow definition declares them."""
    return tuple(sorted(ctx.flow.open_states))


def stored_dates(case: Case) -> DerivedDates:
    return DerivedDates(
        reply_due_on=case.reply_due_on,
        clock_status=case.clock_status or "",
        due_provisional=case.due_provisional,
        next_deadline_on=case.next_deadline_on,
        next_deadline_kind=case.next_deadline_kind,
    )


def refresh_dates(case: Case, calendar: WorkingCalendar, ctx: ServiceContext) -> DerivedDates:
    """Recompute and store the case's derived dates; returns the previous ones."""
    before = stored_dates(case)
    _store(case, derive_dates(case, calendar, ctx.clock_rules, ctx.today))
    return before


def _store(case: Case, dates: DerivedDates) -> None:
    case.reply_due_on = dates.reply_due_on
    case.clock_status = dates.clock_status
    case.due_provisional = dates.due_provisional
    case.next_deadline_on = dates.next_deadline_on
    case.next_deadline_kind = dates.next_deadline_kind


@dataclass(frozen=True)
class MovedDate:
    """A case whose stored dates changed on a recompute."""

    number: str
    agency: str
    before: DerivedDates
    after: DerivedDates


def recompute_open_cases(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reason: str,
    effective_on: date,
    agencies: Collection[str] | None = None,
    *,
    tally: Tally | None = None,
) -> list[MovedDate]:
    """Recompute every open case (of ``agencies``, when given); journal each one whose dates
    moved (domain.md §2.1).  The cases of one calendar are derived together (vectorised);
    ``tally`` is told each case stored."""
    cases = [
        case
        for case in uow.cases.list(CaseFilter(states=open_states(ctx)))
        if agencies is None or case.agency in agencies
    ]
    derived = _derive_all(cases, CalendarCache(uow, ctx), ctx)
    moved = []
    for done, (case, after) in enumerate(zip(cases, derived, strict=True), start=1):
        told(tally, done, len(cases))
        before = stored_dates(case)
        _store(case, after)
        if before == after:
            continue
        assert case.id is not None
        case.updated_at = ctx.now
        uow.events.append(
            CaseEvent(
                case_id=case.id,
                seq=uow.events.next_seq(case.id),
                action="recompute",
                actor=ctx.actor,
                identity=ctx.identity,
                recorded_at=ctx.now,
                effective_on=effective_on,
                state_before=case.state,
                state_after=case.state,
                data={"reason": reason, "before": _dates(before), "after": _dates(after)},
            )
        )
        moved.append(MovedDate(case.number, case.agency, before, after))
    return moved


def _derive_all(
    cases: Sequence[Case], calendars: CalendarCache, ctx: ServiceContext
) -> list[DerivedDates]:
    """The derived dates of ``cases`` in their order, one batch per calendar (region)."""
    groups: dict[int, tuple[WorkingCalendar, list[int]]] = {}
    for index, case in enumerate(cases):
        calendar = calendars.for_agency(case.agency)
        groups.setdefault(id(calendar), (calendar, []))[1].append(index)
    from casework.domain.clock.batch import derive_dates_many  # noqa: PLC0415  (numpy, #18)

    derived: dict[int, DerivedDates] = {}
    for calendar, indexes in groups.values():
        batch = [cases[index] for index in indexes]
        dates = derive_dates_many(batch, calendar, ctx.clock_rules, ctx.today)
        derived.update(zip(indexes, dates, strict=True))
    return [derived[index] for index in range(len(cases))]


def _dates(dates: DerivedDates) -> dict[str, Any]:
    return {
        key: value.isoformat() if isinstance(value, date) else value
        for key, value in asdict(dates).items()
    }
