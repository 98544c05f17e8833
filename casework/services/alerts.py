"""The alerts due on a date, for every open case and every agency (issue #6).

``collect_alerts`` is what ``casework alerts`` lists and what a sweep sends: it reads only the
cases whose stored dates can make them due (indexed ranges, see ``AlertQuery``) and lets the
domain decide each one.  Nothing here sends or writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from casework.domain.alerts.deadlines import annual_report_alert, day_alerts
from casework.domain.alerts.model import Alert, AlertDay, AlertRules, sort_alerts
from casework.domain.alerts.notices import personal_notices
from casework.domain.calendar.working import WorkingCalendar
from casework.services.clocks import CalendarCache, open_states
from casework.services.context import ServiceContext
from casework.services.ports import AlertQuery, UnitOfWork

# Registered cases received this many working days back can still have their correction-notice
# deadline (Reg. art. 30: 7 working days) today or ahead; one more for a rest-day receipt.
CORRECTION_NOTICE_REACH_DAYS = 8
# Cases whose clock is stopped (their next deadline is a window, not the reply).
WINDOW_STATES = ("correcting", "consulting", "awaiting_fee")
# A calendar year without data is looked for this far ahead.
PROVISIONAL_SEARCH_YEARS = 30
Progress = Callable[[str, int, int], None]
# Cases decided between two progress reports.
PROGRESS_STEP = 1000


def with_workflow(rules: AlertRules, ctx: ServiceContext) -> AlertRules:
    """The rules with the open states of the workflow definition."""
    return replace(rules, open_states=frozenset(open_states(ctx)))


def alert_query(
    ctx: ServiceContext,
    rules: AlertRules,
    on: date,
    agencies: tuple[str, ...],
    calendars: dict[str, WorkingCalendar],
) -> AlertQuery:
    """The candidate cases of ``agencies`` on ``on`` (a superset; the domain decides)."""
    states = open_states(ctx)
    horizon = max(cal.add_working_days(on, rules.horizon_days) for cal in calendars.values())
    firsts = [_first_missing_year(cal, on.year) for cal in calendars.values()]
    missing = [year for year in firsts if year is not None]
    return AlertQuery(
        agencies=agencies,
        reply_states=(*states, "replied"),
        window_states=WINDOW_STATES,
        horizon_on=horizon,
        received_since=min(
            _working_days_back(cal, on, CORRECTION_NOTICE_REACH_DAYS) for cal in calendars.values()
        ),
        provisional_from=date(min(missing), 1, 1) if missing else None,
        open_states=states,
    )


def _working_days_back(calendar: WorkingCalendar, on: date, days: int) -> date:
    """The latest day with ``days`` working days between it and ``on`` (exclusive, inclusive)."""
    day = on
    while calendar.working_days_between(day, on) < days:
        day -= timedelta(days=1)
    return day


def _first_missing_year(calendar: WorkingCalendar, year: int) -> int | None:
    for candidate in range(year, year + PROVISIONAL_SEARCH_YEARS):
        if not calendar.covers(candidate):
            return candidate
    return None


def collect_alerts(
    uow: UnitOfWork,
    ctx: ServiceContext,
    rules: AlertRules,
    on: date,
    *,
    agency: str | None = None,
    progress: Progress | None = None,
) -> list[Alert]:
    """Every alert due on ``on`` (of ``agency`` only, when given), most urgent first."""
    rules = with_workflow(rules, ctx)
    agencies = (ctx.agency(agency)[0],) if agency else tuple(sorted(ctx.agencies))
    with uow:
        cache = CalendarCache(uow, ctx)
        calendars = {code: cache.for_agency(code) for code in agencies}
        query = alert_query(ctx, rules, on, agencies, calendars)
        snapshots = uow.alerts.candidates(query)
        noticed = uow.cases.notice_candidates(agencies, query.open_states)
    # One AlertDay per agency: the working-day arithmetic of ``on`` is shared by its cases.
    days = {code: AlertDay(calendars[code], ctx.clock_rules, rules, on) for code in agencies}
    found: list[Alert] = []
    total = len(snapshots)
    for begin in range(0, total, PROGRESS_STEP):
        for snapshot in snapshots[begin : begin + PROGRESS_STEP]:
            found += day_alerts(snapshot, days[snapshot.agency])
        if progress:
            progress("检查案件", min(begin + PROGRESS_STEP, total), total)
    # A returned draft and a refused extension, for the person concerned (issue 20).
    for snapshot in noticed:
        found += personal_notices(snapshot, on, rules.open_states)
    for code in agencies:
        kind = ctx.agencies[code].kind
        yearly = annual_report_alert(code, kind, on, calendars[code], rules.annual_report_lead_days)
        if yearly is not None:
            found.append(yearly)
    return sort_alerts(found)


def notices_for(
    uow: UnitOfWork, ctx: ServiceContext, user: str, on: date, *, agency: str | None = None
) -> list[Alert]:
    """The personal notices ``user`` has on ``on`` (a returned draft to redraft, a refused
    extension request), for ``todo``: what ``collect_alerts`` lists for them, without the
    countdowns."""
    agencies = (ctx.agency(agency)[0],) if agency else tuple(sorted(ctx.agencies))
    states = open_states(ctx)
    with uow:
        noticed = uow.cases.notice_candidates(agencies, states)
    found = [
        alert
        for snapshot in noticed
        for alert in personal_notices(snapshot, on, frozenset(states))
        if alert.handler == user
    ]
    return sort_alerts(found)
