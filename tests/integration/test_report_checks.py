"""The checks run on the counts SQL makes, on SQLite and PostgreSQL: stored data that the
tables cannot place (an outcome missing from the catalogue, a remedy result outside the four
of the form) is still counted by the aggregations that do not split by it, so the report
stops and names the row, the column and the value instead of printing a table that is short."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.engine import Engine

from casework.adapters.outcome_file import default_outcomes_path, load_outcomes
from casework.adapters.report_queries import SqlReportQueries
from casework.domain.report.annual import build_report
from casework.errors import ReportCheckError
from tests.support.report_populations import Row, insert_population

CATALOGUE = load_outcomes(default_outcomes_path())


def case(outcome: str, *remedies: tuple[str, date, str, date | None]) -> Row:
    """A natural person's application received on 1 March 2026 and concluded on 20 March."""
    return Row("demo", "natural", date(2026, 3, 1), date(2026, 3, 20), outcome, None, remedies)


def report_problems(engine: Engine) -> list[str]:
    queries = SqlReportQueries(engine)
    with pytest.raises(ReportCheckError) as caught:
        build_report(
            2026,
            "demo",
            queries.case_counts(2026, "demo"),
            queries.remedy_counts(2026, "demo"),
            CATALOGUE,
        )
    return str(caught.value).splitlines()[1:]


def test_a_stored_outcome_missing_from_the_catalogue_stops_the_report(engine: Engine) -> None:
    insert_population(engine, [case("disclose"), case("retired_code")])
    assert report_problems(engine) == [
        "办理结果「retired_code」不在办理结果目录（workflows/outcomes.yaml）中，未计入表三任何一行",
        "「自然人」列：（七）总计=2，各项之和=1",
        "「总计」列：（七）总计=2，各项之和=1",
    ]


def test_a_stored_remedy_result_outside_the_four_stops_the_report(engine: Engine) -> None:
    odd = ("reconsideration", date(2026, 4, 1), "annulled", date(2026, 5, 1))
    kept = ("reconsideration", date(2026, 4, 2), "upheld", date(2026, 5, 1))
    insert_population(engine, [case("disclose", odd, kept)])
    assert report_problems(engine) == [
        "表四「行政复议」有结果为「annulled」的记录（1件），"
        "不属于结果维持、结果纠正、其他结果、尚未审结之一，未计入",
        "表四「行政复议」：总计=2，各项之和=1",
    ]
