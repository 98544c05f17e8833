"""Random case populations for the annual-report properties: a Hypothesis strategy, the naive
count written from domain.md §4 in Python, and Core bulk inserts of the same population.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import strategies as st
from sqlalchemy import insert
from sqlalchemy.engine import Engine

from casework.adapters.orm import applicants, cases, remedies
from casework.domain.application.vocabulary import ApplicantType
from casework.domain.case.decisions import CaseDecisions
from casework.domain.report.annual import (
    FIGURES,
    CaseCounts,
    RemedyCounts,
    classify,
    remedy_result,
)
from casework.domain.workflow.outcomes import STATUTORY_CODES

KINDS = [kind.value for kind in ApplicantType]
REMEDY_KINDS = ["reconsideration", "litigation", "litigation-after-reconsideration"]
AGENCIES = ["demo", "tj"]
STAMP = datetime(2027, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Row:
    """One case: its current columns and, if it was reopened, the first conclusion."""

    agency: str
    kind: str
    received_on: date
    concluded_on: date | None
    outcome: str | None
    first: tuple[date, str] | None  # (concluded_on, outcome) before a reopening
    remedies: tuple[tuple[str, date, str, date | None], ...]  # kind, filed, result, decided

    @property
    def counted(self) -> tuple[date | None, str | None]:
        return self.first if self.first else (self.concluded_on, self.outcome)


def _days(low: int, high: int) -> st.SearchStrategy[timedelta]:
    return st.integers(low, high).map(lambda n: timedelta(days=n))


@st.composite
def rows(draw: st.DrawFn) -> Row:
    received = draw(st.dates(date(2023, 1, 1), date(2027, 12, 31)))
    concluded = draw(st.none() | _days(0, 500).map(lambda gap: received + gap))
    outcome = (
        draw(st.sampled_from(STATUTORY_CODES))
        if concluded
        else draw(
            st.none() | st.sampled_from(STATUTORY_CODES)  # an open case may carry its draft's
        )
    )
    first = None
    if concluded and draw(st.booleans()):
        # reopened after its first conclusion; now open again or concluded later
        first = (concluded, outcome or "disclose")
        gap = draw(st.none() | _days(0, 300))
        later = None if gap is None else concluded + gap
        concluded, outcome = later, draw(st.sampled_from(STATUTORY_CODES)) if later else None
    remedy_list = draw(
        st.lists(
            st.tuples(
                st.sampled_from(REMEDY_KINDS),
                _days(0, 400).map(lambda gap: received + gap),
                st.sampled_from(["upheld", "corrected", "other", "pending"]),
                _days(0, 400),
            ).map(lambda t: (t[0], t[1], t[2], None if t[2] == "pending" else t[1] + t[3])),
            max_size=2,
            unique_by=lambda t: (t[0], t[1]),
        )
    )
    return Row(
        agency=draw(st.sampled_from(AGENCIES)),
        kind=draw(st.sampled_from(KINDS)),
        received_on=received,
        concluded_on=concluded,
        outcome=outcome,
        first=first,
        remedies=tuple(remedy_list),
    )


populations = st.lists(rows(), max_size=40)


def naive_counts(population: list[Row], year: int, agency: str | None) -> CaseCounts:
    """Table 三's counts by the definitions, one case at a time, in each of the four ways."""
    by_type: dict[tuple[str, str | None], Counter[str]] = {}
    by_column: Counter[str] = Counter()
    by_outcome: Counter[str | None] = Counter()
    totals: Counter[str] = Counter()
    for row in population:
        if agency is not None and row.agency != agency:
            continue
        concluded, outcome = row.counted
        found = classify(row.received_on, concluded, year)
        if not found:
            continue
        by_type.setdefault((row.kind, outcome), Counter()).update(found)
        totals.update(found)
        if "result" in found:
            by_column[row.kind] += 1
            by_outcome[outcome] += 1
    return CaseCounts(
        by_type={key: {name: c[name] for name in FIGURES} for key, c in by_type.items()},
        by_column=dict(by_column),
        by_outcome=dict(by_outcome),
        totals={name: totals[name] for name in FIGURES},
    )


def naive_remedies(population: list[Row], year: int, agency: str | None) -> RemedyCounts:
    by_result: Counter[tuple[str, str]] = Counter()
    by_kind: Counter[str] = Counter()
    for row in population:
        if agency is not None and row.agency != agency:
            continue
        for kind, filed, result, decided in row.remedies:
            if filed.year == year:
                by_result[(kind, remedy_result(result, decided, year))] += 1
                by_kind[kind] += 1
    return RemedyCounts(by_result=dict(by_result), by_kind=dict(by_kind))


def insert_population(engine: Engine, population: list[Row]) -> None:
    """The population as rows, with Core bulk inserts (one statement per table)."""
    applicant_rows, case_rows, remedy_rows = [], [], []
    for number, row in enumerate(population, start=1):
        applicant_rows.append({"id": number, "name": f"申请人{number}", "applicant_type": row.kind})
        case_rows.append(_case_row(number, row))
        snapshot = row.first or (None, None)
        for index, (kind, filed, result, decided) in enumerate(row.remedies):
            remedy_rows.append(
                {
                    "case_id": number,
                    "kind": kind,
                    "filed_on": filed,
                    "result": result,
                    "decided_on": decided,
                    # the remedy that reopened the case keeps the first conclusion
                    "reported_concluded_on": snapshot[0] if index == 0 else None,
                    "reported_outcome": snapshot[1] if index == 0 else None,
                    "recorded_at": STAMP,
                    "recorded_by": "test",
                }
            )
        if row.first and not row.remedies:
            remedy_rows.append(
                {
                    "case_id": number,
                    "kind": "reconsideration",
                    "filed_on": date(1999, 1, 1),  # outside every year the tests ask for
                    "result": "corrected",
                    "decided_on": date(1999, 2, 1),
                    "reported_concluded_on": row.first[0],
                    "reported_outcome": row.first[1],
                    "recorded_at": STAMP,
                    "recorded_by": "test",
                }
            )
    with engine.begin() as connection:
        for table, values in (
            (applicants, applicant_rows),
            (cases, case_rows),
            (remedies, remedy_rows),
        ):
            if values:
                connection.execute(insert(table), values)


def _case_row(number: int, row: Row) -> dict[str, Any]:
    return {
        "id": number,
        "agency": row.agency,
        "number": f"{row.received_on.year}-{number:05d}",
        "year": row.received_on.year,
        "seq": number,
        "query_code": f"Q{number:07d}",
        "state": "replied" if row.concluded_on else "registered",
        "workflow": "disclosure",
        "workflow_version": "1",
        "applicant_id": number,
        "channel": "in-person",
        "received_on": row.received_on,
        "description": "预算",
        "receipt": {},
        "facts": CaseDecisions(),
        "outcome": row.outcome,
        "concluded_on": row.concluded_on,
        "due_provisional": False,
        "handler": "test",
        "created_at": STAMP,
        "updated_at": STAMP,
        "version": 1,
    }
