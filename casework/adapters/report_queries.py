"""SQL for the annual report, the registers and the statistics, on SQLAlchemy Core.

Table 三 is one statement: a common table expression gives each case touching the year its
applicant type, outcome and four 0/1 figures (the definitions of
:func:`casework.domain.report.annual.classify`, written as ``CASE`` expressions), and a
``UNION ALL`` of three aggregations of it fills :class:`CaseCounts` — by applicant type and
outcome, by outcome only, and one pass grouped by nothing that counts the four totals and, with
a ``FILTER`` per applicant type, the results of each type — so the report's checks compare
counts that SQL made separately from the cases' rows, none summed from another (SQLite has no
``GROUPING SETS``; the expression is read once, materialised, and aggregated three times; the
pass without ``GROUP BY`` needs no sort, which is what makes it cheaper than a grouping by type,
issue 18).  The applicant is an outer join, so the counts by outcome and by nothing keep a case
without one.  No case object is loaded.  A case reopened for a new reply is counted with its
first conclusion, which the remedy that reopened it keeps (``reported_concluded_on``,
``reported_outcome``).  Table 四 is likewise one ``UNION ALL``: by kind and result, and by kind
only.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Integer,
    Select,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.sql import FromClause
from sqlalchemy.sql.selectable import CTE

from casework.adapters.orm import applicants, cases, remedies, start_mappers
from casework.adapters.repository import translate_errors
from casework.domain.application.vocabulary import ApplicantType
from casework.domain.case.records import Case
from casework.domain.report.annual import FIGURES, VOIDED, CaseCounts, RemedyCounts


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


# Reg. art. 31 item 3: an online application not yet confirmed has not been received; the
# report counts it from its confirmation (issue 19).
RECEIVED = cases.c.state != "submitted"


def _flag(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return case((condition, 1), else_=0)


def _figures(
    year: int, concluded: ColumnElement[Any]
) -> tuple[list[ColumnElement[Any]], ColumnElement[bool]]:
    """A case's four 0/1 figures of table 三 (一, 二, 三, 四) and the filter "touches ``year``"."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    received = cases.c.received_on
    open_at_start = or_(concluded.is_(None), concluded >= first)
    open_at_end = or_(concluded.is_(None), concluded > last)
    flags: list[ColumnElement[Any]] = [
        _flag(received.between(first, last)).label("new"),
        _flag(and_(received < first, open_at_start)).label("carried_in"),
        _flag(concluded.between(first, last)).label("result"),
        _flag(and_(received <= last, open_at_end)).label("carried_out"),
    ]
    return flags, and_(received <= last, open_at_start)


def _for_agency(query: Select[Any], agency: str | None) -> Select[Any]:
    return query if agency is None else query.where(cases.c.agency == agency)


def _tag(name: str) -> ColumnElement[Any]:
    """Which aggregation a row of a ``UNION ALL`` comes from (an inline constant)."""
    return literal_column(f"'{name}'", String).label("part")


def _none(name: str, kind: Any = String) -> ColumnElement[Any]:
    return cast(null(), kind).label(name)


def _sums(base: CTE) -> list[ColumnElement[Any]]:
    return [func.coalesce(func.sum(base.c[figure]), 0).label(figure) for figure in FIGURES]


def _no_results_by_type() -> list[ColumnElement[Any]]:
    return [_none(kind.column, Integer) for kind in ApplicantType]


def _by_type(base: CTE) -> Select[Any]:
    """The four sums of ``base`` by applicant type and outcome: the cells."""
    return select(
        _tag("type"), base.c.kind, base.c.outcome, *_sums(base), *_no_results_by_type()
    ).group_by(base.c.kind, base.c.outcome)


def _by_outcome(base: CTE) -> Select[Any]:
    """The results by outcome alone (not split by applicant type): only the cases concluded in
    the year are read, and only their count is used."""
    figures = [
        func.count().label(figure) if figure == "result" else _none(figure, Integer)
        for figure in FIGURES
    ]
    return (
        select(_tag("row"), _none("kind"), base.c.outcome, *figures, *_no_results_by_type())
        .where(base.c.result == 1)
        .group_by(base.c.outcome)
    )


def _totals(base: CTE) -> Select[Any]:
    """One pass, grouped by nothing: the four totals, and the results of each applicant type,
    each a count of the rows filtered by type (not a sum of the cells by type and outcome)."""
    by_type = [
        func.count().filter(and_(base.c.kind == kind.value, base.c.result == 1)).label(kind.column)
        for kind in ApplicantType
    ]
    return select(_tag("total"), _none("kind"), _none("outcome"), *_sums(base), *by_type)


def case_counts_query(year: int, agency: str | None) -> CompoundSelect[Any]:
    """One statement: the aggregations of :class:`CaseCounts`, tagged by ``part``."""
    first_conclusions = _first_conclusions()
    joined = cases.outerjoin(
        first_conclusions, first_conclusions.c.case_id == cases.c.id
    ).outerjoin(applicants, applicants.c.id == cases.c.applicant_id)
    concluded = func.coalesce(first_conclusions.c.concluded_on, cases.c.concluded_on)
    outcome = func.coalesce(first_conclusions.c.outcome, cases.c.outcome).label("outcome")
    flags, touches = _figures(year, concluded)
    base = _for_agency(
        select(applicants.c.applicant_type.label("kind"), outcome, *flags)
        .select_from(joined)
        .where(touches, cases.c.state != VOIDED, RECEIVED),
        agency,
    ).cte("report_cases")
    return union_all(
        _by_type(base),
        _by_outcome(base),
        _totals(base),
    )


def remedy_counts_query(year: int, agency: str | None) -> CompoundSelect[Any]:
    """Remedies filed in ``year`` by kind and result as of 31 Dec, and by kind alone."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    # domain.md §4: counted in the year filed, with the result it had on 31 Dec.
    undecided = or_(remedies.c.decided_on.is_(None), remedies.c.decided_on > last)
    result = case((undecided, literal("pending")), else_=remedies.c.result).label("result")
    filed = select(remedies.c.kind, result).where(remedies.c.filed_on.between(first, last))
    if agency is not None:
        # EXISTS, not a join: the filing-date index then drives, not the agency's cases.
        filed = filed.where(
            exists().where(cases.c.id == remedies.c.case_id, cases.c.agency == agency)
        )
    base = filed.cte("report_remedies")
    count = func.count().label("n")
    return union_all(
        select(_tag("result"), base.c.kind, base.c.result, count).group_by(
            base.c.kind, base.c.result
        ),
        select(_tag("kind"), base.c.kind, _none("result"), count).group_by(base.c.kind),
    )


class SqlReportQueries:
    """The read-only queries of reports, each in its own short transaction."""

    def __init__(self, engine: Engine) -> None:
        start_mappers()
        self.engine = engine

    def case_counts(self, year: int, agency: str | None) -> CaseCounts:
        with translate_errors(), self.engine.connect() as connection:
            rows = connection.execute(case_counts_query(year, agency)).all()
        by_type: dict[tuple[str, str | None], dict[str, int]] = {}
        by_column: dict[str, int] = {}
        by_outcome: dict[str | None, int] = {}
        totals = dict.fromkeys(FIGURES, 0)
        for row in rows:
            if row.part == "row":
                by_outcome[row.outcome] = int(row.result)
                continue
            figures = {name: int(row._mapping[name]) for name in FIGURES}
            if row.part == "type":
                by_type[(row.kind, row.outcome)] = figures
            else:
                totals = figures
                results = {kind.value: int(row._mapping[kind.column]) for kind in ApplicantType}
                by_column = {kind: count for kind, count in results.items() if count}
        return CaseCounts(by_type, by_column, by_outcome, totals)

    def remedy_counts(self, year: int, agency: str | None) -> RemedyCounts:
        with translate_errors(), self.engine.connect() as connection:
            rows = connection.execute(remedy_counts_query(year, agency)).all()
        by_result = {(r.kind, r.result): int(r.n) for r in rows if r.part == "result"}
        by_kind = {r.kind: int(r.n) for r in rows if r.part == "kind"}
        return RemedyCounts(by_result=by_result, by_kind=by_kind)

    def cases_received(self, first: date, last: date, agency: str | None) -> list[Case]:
        return self._cases(cases.c.received_on.between(first, last), agency)

    def cases_concluded(self, first: date, last: date, agency: str | None) -> list[Case]:
        return self._cases(cases.c.concluded_on.between(first, last), agency)

    def _cases(self, condition: ColumnElement[bool], agency: str | None) -> list[Case]:
        query = select(Case).where(condition, RECEIVED)
        if agency is not None:
            query = query.where(cases.c.agency == agency)
        query = query.order_by(cases.c.received_on, cases.c.agency, cases.c.number)
        with translate_errors(), Session(self.engine, expire_on_commit=False) as session:
            found = list(session.scalars(query).unique())
            session.expunge_all()
        return found
