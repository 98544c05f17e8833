"""SQL for the annual report, the registers and the statistics, on SQLAlchemy Core.

Table 三 is one indexed ``GROUP BY`` over cases joined to their applicants (for the column)
plus one ungrouped count over cases alone (the independent 总计 the checks compare against):
no case object is loaded.  The definitions are those of
:func:`casework.domain.annual_report.classify`, written as ``CASE`` expressions; a case
reopened for a new reply is counted with its first conclusion, which the remedy that reopened
it keeps (``reported_concluded_on``, ``reported_outcome``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, literal, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.sql import FromClause

from casework.adapters.orm import applicants, cases, remedies, start_mappers
from casework.adapters.repository import translate_errors
from casework.domain.annual_report import FIGURES, CaseCounts
from casework.domain.records import Case


def _first_conclusions() -> FromClause:
    """Per reopened case, the conclusion table 三 counted before the reopening."""
    return (
        select(
            remedies.c.case_id,
            func.min(remedies.c.reported_concluded_on).label("concluded_on"),
            func.min(remedies.c.reported_outcome).label("outcome"),
        )
        .where(remedies.c.reported_concluded_on.is_not(None))
        .group_by(remedies.c.case_id)
        .subquery("first_conclusions")
    )


def _flag(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _figures(
    year: int, concluded: ColumnElement[Any]
) -> tuple[list[ColumnElement[Any]], ColumnElement[bool]]:
    """The four sums of table 三 (一, 二, 三, 四) and the filter of cases that touch ``year``."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    received = cases.c.received_on
    open_at_start = or_(concluded.is_(None), concluded >= first)
    open_at_end = or_(concluded.is_(None), concluded > last)
    sums: list[ColumnElement[Any]] = [
        _flag(received.between(first, last)).label("new"),
        _flag(and_(received < first, open_at_start)).label("carried_in"),
        _flag(concluded.between(first, last)).label("result"),
        _flag(and_(received <= last, open_at_end)).label("carried_out"),
    ]
    return sums, and_(received <= last, open_at_start)


def _for_agency(query: Select[Any], agency: str | None) -> Select[Any]:
    return query if agency is None else query.where(cases.c.agency == agency)


def case_counts_query(year: int, agency: str | None) -> tuple[Select[Any], Select[Any]]:
    """(the grouped query by applicant type and outcome, the ungrouped totals query)."""
    first_conclusions = _first_conclusions()
    joined = cases.outerjoin(first_conclusions, first_conclusions.c.case_id == cases.c.id)
    concluded = func.coalesce(first_conclusions.c.concluded_on, cases.c.concluded_on)
    outcome = func.coalesce(first_conclusions.c.outcome, cases.c.outcome).label("outcome")
    sums, touches = _figures(year, concluded)
    grouped = (
        select(applicants.c.applicant_type, outcome, *sums)
        .select_from(joined.join(applicants, applicants.c.id == cases.c.applicant_id))
        .where(touches)
        .group_by(applicants.c.applicant_type, outcome)
    )
    totals = select(*sums).select_from(joined).where(touches)
    return _for_agency(grouped, agency), _for_agency(totals, agency)


class SqlReportQueries:
    """The read-only queries of reports, each in its own short transaction."""

    def __init__(self, engine: Engine) -> None:
        start_mappers()
        self.engine = engine

    def case_counts(self, year: int, agency: str | None) -> CaseCounts:
        grouped, totals = case_counts_query(year, agency)
        with translate_errors(), self.engine.connect() as connection:
            rows = connection.execute(grouped).all()
            total = connection.execute(totals).one()
        by_type = {
            (row.applicant_type, row.outcome): {name: int(row._mapping[name]) for name in FIGURES}
            for row in rows
        }
        return CaseCounts(
            by_type=by_type, totals={name: int(total._mapping[name]) for name in FIGURES}
        )

    def remedy_counts(self, year: int, agency: str | None) -> dict[tuple[str, str], int]:
        first, last = date(year, 1, 1), date(year, 12, 31)
        # domain.md §4: counted in the year filed, with the result it had on 31 Dec.
        undecided = or_(remedies.c.decided_on.is_(None), remedies.c.decided_on > last)
        result = case((undecided, literal("pending")), else_=remedies.c.result).label("result")
        query = (
            select(remedies.c.kind, result, func.count().label("n"))
            .select_from(remedies.join(cases, cases.c.id == remedies.c.case_id))
            .where(remedies.c.filed_on.between(first, last))
            .group_by(remedies.c.kind, result)
        )
        with translate_errors(), self.engine.connect() as connection:
            rows = connection.execute(_for_agency(query, agency)).all()
        return {(row.kind, row.result): int(row.n) for row in rows}

    def cases_received(self, first: date, last: date, agency: str | None) -> list[Case]:
        return self._cases(cases.c.received_on.between(first, last), agency)

    def cases_concluded(self, first: date, last: date, agency: str | None) -> list[Case]:
        return self._cases(cases.c.concluded_on.between(first, last), agency)

    def _cases(self, condition: ColumnElement[bool], agency: str | None) -> list[Case]:
        query = select(Case).where(condition)
        if agency is not None:
            query = query.where(cases.c.agency == agency)
        query = query.order_by(cases.c.received_on, cases.c.agency, cases.c.number)
        with translate_errors(), Session(self.engine, expire_on_commit=False) as session:
            found = list(session.scalars(query).unique())
            session.expunge_all()
        return found
