"""Benchmark of the annual report; run ``python bench/bench_report.py [N]`` (default 200,000).

Builds N cases over 2024–2026 (every applicant type and outcome, some open across the year
boundary, some reopened, remedies for one case in fifty) in a temporary SQLite database with
Core bulk inserts, then times the whole annual report of 2025 — the table 三 statement (the
cells, and the separate aggregations the checks compare them with: by outcome, and the totals
with each applicant type's results), the table 四 statement, the layout and the checks, through
the service — against a bare SQL ``GROUP BY`` of the same cells on the same database.  Prints
the timings and the ratio (goal, issue 18: 1.5× or less); no assertion.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import insert, text
from sqlalchemy.engine import Engine

from casework.adapters.database import ensure_schema, make_engine
from casework.adapters.orm import applicants, cases, remedies
from casework.adapters.outcome_file import default_outcomes_path, load_outcomes
from casework.adapters.report_queries import SqlReportQueries
from casework.adapters.spreadsheets import ReportFileWriter
from casework.domain.agency import AgencyProfile
from casework.domain.application.vocabulary import ApplicantType
from casework.domain.case.decisions import CaseDecisions
from casework.domain.workflow.outcomes import STATUTORY_CODES
from casework.services.context import ServiceContext
from casework.services.reports import annual_report

YEAR = 2025
BATCH = 20_000
STAMP = datetime(2027, 1, 1, tzinfo=UTC)
KINDS = [kind.value for kind in ApplicantType]
BARE = """
SELECT a.applicant_type, c.outcome,
  SUM(CASE WHEN c.received_on BETWEEN :first AND :last THEN 1 ELSE 0 END),
  SUM(CASE WHEN c.received_on < :first THEN 1 ELSE 0 END),
  SUM(CASE WHEN c.concluded_on BETWEEN :first AND :last THEN 1 ELSE 0 END),
  SUM(CASE WHEN c.concluded_on IS NULL OR c.concluded_on > :last THEN 1 ELSE 0 END)
FROM cases c JOIN applicants a ON a.id = c.applicant_id
WHERE c.agency = 'demo' AND c.received_on <= :last
  AND (c.concluded_on IS NULL OR c.concluded_on >= :first)
GROUP BY a.applicant_type, c.outcome
"""


def _case(number: int, rng: random.Random) -> tuple[dict[str, object], list[dict[str, object]]]:
    received = date(2024, 1, 1) + timedelta(days=rng.randrange(3 * 365))
    concluded = None if rng.random() < 0.04 else received + timedelta(days=rng.randrange(40))
    case = {
        "id": number,
        "agency": "demo",
        "number": f"{received.year}-{number:06d}",
        "year": received.year,
        "seq": number,
        "query_code": f"Q{number:09d}",
        "state": "replied" if concluded else "registered",
        "workflow": "disclosure",
        "workflow_version": "1",
        "applicant_id": number,
        "channel": "in-person",
        "received_on": received,
        "description": "预算",
        "receipt": {},
        "facts": CaseDecisions(),
        "outcome": rng.choice(STATUTORY_CODES) if concluded else None,
        "concluded_on": concluded,
        "due_provisional": False,
        "handler": "bench",
        "created_at": STAMP,
        "updated_at": STAMP,
        "version": 1,
    }
    extra = []
    if concluded and number % 50 == 0:
        extra.append(
            {
                "case_id": number,
                "kind": rng.choice(["reconsideration", "litigation"]),
                "filed_on": concluded + timedelta(days=10),
                "result": "corrected",
                "decided_on": concluded + timedelta(days=60),
                "reported_concluded_on": concluded,
                "reported_outcome": case["outcome"],
                "recorded_at": STAMP,
                "recorded_by": "bench",
            }
        )
        case["concluded_on"] = concluded + timedelta(days=90)  # the new reply
    return case, extra


def build(engine: Engine, count: int) -> float:
    rng = random.Random(2026)
    began = time.perf_counter()
    with engine.begin() as connection:
        for start in range(1, count + 1, BATCH):
            numbers = range(start, min(start + BATCH, count + 1))
            made = [_case(n, rng) for n in numbers]
            connection.execute(
                insert(applicants),
                [
                    {"id": n, "name": f"申请人{n}", "applicant_type": rng.choice(KINDS)}
                    for n in numbers
                ],
            )
            connection.execute(insert(cases), [case for case, _ in made])
            extra = [row for _, rows in made for row in rows]
            if extra:
                connection.execute(insert(remedies), extra)
    return time.perf_counter() - began


def _medians(
    ours: Callable[[], object], bare: Callable[[], object], repeat: int = 9
) -> tuple[float, float]:
    """The median time of each, run in turn (ours, bare, ours, …), so a change of the
    machine's load falls on both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for func, spent in zip((ours, bare), times, strict=True):
            began = time.perf_counter()
            func()
            spent.append(time.perf_counter() - began)
    return statistics.median(times[0]), statistics.median(times[1])


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        ensure_schema(engine)
        print(f"{count:,} cases inserted with Core in {build(engine, count):.2f} s")
        ctx = ServiceContext(
            actor="bench",
            now=datetime(2026, 2, 1, tzinfo=ZoneInfo("Asia/Shanghai")),
            agencies={
                "demo": AgencyProfile(
                    name="示例", doc_code="示", reconsideration_organ="示例市人民政府"
                )
            },
            default_agency="demo",
            outcomes=load_outcomes(default_outcomes_path()),
        )
        queries, files = SqlReportQueries(engine), ReportFileWriter()
        params = {"first": date(YEAR, 1, 1), "last": date(YEAR, 12, 31)}

        def bare() -> object:
            with engine.connect() as connection:
                return connection.execute(text(BARE), params).all()

        def report() -> object:
            return annual_report(queries, files, ctx, year=YEAR)

        report()  # warm the page cache and the statement cache
        bare()
        ours, baseline = _medians(report, bare)
        print(f"annual report {YEAR} (2 statements + layout + checks): {ours * 1000:.1f} ms")
        print(f"bare GROUP BY of the same cells:                      {baseline * 1000:.1f} ms")
        print(f"ratio: {ours / baseline:.2f}× (goal: 1.5× or less)")
        engine.dispose()


if __name__ == "__main__":
    main()
