"""The register of applications (台账) as a spreadsheet, the desk's statistics, and the review
of candidates for proactive disclosure (Reg. arts. 44, 45; seeds 001, 002, 004).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from casework.domain.application.vocabulary import Channel
from casework.domain.case.records import Case
from casework.domain.clock.case import clock_facts
from casework.domain.clock.reply import counted_working_days
from casework.domain.report.candidates import CandidateGroup, RequestItem, candidates
from casework.domain.report.statistics import (
    UNTIMED_OUTCOMES,
    CaseTiming,
    LedgerRow,
    Statistics,
    ledger_row,
    made_on_text,
    on_time,
    summarise,
)
from casework.errors import ValidationError
from casework.services.clocks import CalendarCache
from casework.services.context import ServiceContext
from casework.services.ports import ReportQueries, UnitOfWork
from casework.services.reports import ReportFiles, Scope, scope
from casework.services.tally import Tally, told

WITHDRAWN = "withdrawn"


def _period(first: date, last: date) -> None:
    if first > last:
        raise ValidationError(
            f"起始日期 {first} 晚于截止日期 {last}", field="--from/--to（起止日期）"
        )


def handler_name(ctx: ServiceContext, handler: str) -> str:
    user = ctx.users.get(handler)
    return user.name if user else handler


def outcome_label(ctx: ServiceContext, code: str | None) -> str:
    if not code:
        return ""
    labels = {outcome.code: outcome.label for outcome in ctx.catalogue.outcomes}
    return labels.get(code, code)


def export_ledger(
    queries: ReportQueries,
    files: ReportFiles,
    ctx: ServiceContext,
    *,
    first: date,
    last: date,
    xlsx: Path | None,
    agency: str | None = None,
    all_agencies: bool = False,
    csv: Path | None = None,
    tally: Tally | None = None,
) -> tuple[list[LedgerRow], Scope]:
    """Cases received in [first, last], one register row each; written to ``xlsx`` and
    ``csv`` if given.  ``tally`` is told each row and each file done."""
    _period(first, last)
    where = scope(ctx, agency, all_agencies)
    cases = queries.cases_received(first, last, where.agency)
    steps = len(cases) + (xlsx is not None) + (csv is not None)
    rows = []
    for case in cases:
        rows.append(
            ledger_row(
                case,
                outcome_label(ctx, case.outcome),
                ctx.flow.state_label(case.state),
                handler_name(ctx, case.handler),
            )
        )
        told(tally, len(rows), steps)
    if xlsx is not None:
        title = f"{where.label}政府信息公开申请台账（{first.isoformat()} 至 {last.isoformat()}）"
        files.ledger_xlsx(rows, title, xlsx)
        told(tally, len(rows) + 1, steps)
    if csv is not None:
        files.ledger_csv(rows, csv)
        told(tally, steps, steps)
    return rows, where


def case_statistics(
    uow: UnitOfWork,
    queries: ReportQueries,
    ctx: ServiceContext,
    *,
    year: int | None = None,
    agency: str | None = None,
    all_agencies: bool = False,
) -> tuple[Statistics, Scope]:
    """Statistics of the cases concluded in ``year`` (every year when None)."""
    where = scope(ctx, agency, all_agencies)
    first, last = (date.min, date.max) if year is None else (date(year, 1, 1), date(year, 12, 31))
    concluded = queries.cases_concluded(first, last, where.agency)
    with uow:
        calendars = CalendarCache(uow, ctx)
        timings = [_timing(case, calendars, ctx) for case in concluded]
    return summarise(timings), where


def _timing(case: Case, calendars: CalendarCache, ctx: ServiceContext) -> CaseTiming:
    made = made_on_text(case)
    days = None
    if made is not None and case.state != WITHDRAWN and case.outcome not in UNTIMED_OUTCOMES:
        calendar = calendars.for_agency(case.agency)
        days = counted_working_days(
            clock_facts(case), calendar, ctx.clock_rules, date.fromisoformat(made)
        )
    return CaseTiming(
        outcome=outcome_label(ctx, case.outcome) or "（无）",
        channel=Channel(case.channel).label,
        handler=handler_name(ctx, case.handler),
        on_time=None if case.state == WITHDRAWN else on_time(case),
        working_days=days,
    )


def disclosure_candidates(
    queries: ReportQueries,
    ctx: ServiceContext,
    *,
    first: date,
    last: date,
    agency: str | None = None,
    all_agencies: bool = False,
    threshold: float,
    min_applicants: int,
) -> tuple[list[CandidateGroup], Scope]:
    """Groups of similar requests in [first, last] to review for proactive disclosure."""
    _period(first, last)
    if not 0 < threshold <= 1:
        raise ValidationError("应在 0 与 1 之间（如 0.7）", field="--threshold（相似度）")
    if min_applicants < 2:
        raise ValidationError("至少为 2", field="--min-applicants（申请人数）")
    where = scope(ctx, agency, all_agencies)
    items = [
        RequestItem(
            number=case.number,
            agency=case.agency,
            description=case.description,
            applicant=_applicant_key(case),
            outcome=case.outcome,
            received_on=case.received_on,
        )
        for case in queries.cases_received(first, last, where.agency)
    ]
    return candidates(items, threshold, min_applicants), where


def _applicant_key(case: Case) -> str:
    """The same applicant: the same identity document, else the same name and type."""
    applicant = case.applicant
    if applicant.id_number:
        return f"{applicant.id_type}:{applicant.id_number.upper()}"
    return f"{applicant.applicant_type}:{applicant.name.strip()}"
