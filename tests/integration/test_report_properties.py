"""The SQL aggregation gives, for any population inserted with Core, the same counts as the
definitions applied case by case in Python, and the report's checks hold (Hypothesis, SQLite
in memory: a fresh database per example)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine

from casework.adapters.orm import metadata
from casework.adapters.outcome_file import default_outcomes_path, load_outcomes
from casework.adapters.report_queries import SqlReportQueries
from casework.domain.report.annual import build_report
from tests.support.report_populations import (
    Row,
    insert_population,
    naive_counts,
    naive_remedies,
    populations,
)

CATALOGUE = load_outcomes(default_outcomes_path())


@settings(max_examples=60, deadline=None)
@given(populations, st.integers(2023, 2028), st.sampled_from([None, "demo"]))
def test_sql_counts_equal_the_definitions_and_the_checks_hold(
    population: list[Row], year: int, agency: str | None
) -> None:
    engine = create_engine("sqlite://")
    try:
        metadata.create_all(engine)
        insert_population(engine, population)
        queries = SqlReportQueries(engine)
        counts = queries.case_counts(year, agency)
        expected = naive_counts(population, year, agency)
        assert dict(counts.totals) == dict(expected.totals)
        assert dict(counts.by_column) == dict(expected.by_column)
        assert dict(counts.by_outcome) == dict(expected.by_outcome)
        assert {k: dict(v) for k, v in counts.by_type.items()} == {
            k: dict(v) for k, v in expected.by_type.items()
        }
        remedies = queries.remedy_counts(year, agency)
        assert remedies == naive_remedies(population, year, agency)
        build_report(year, agency, counts, remedies, CATALOGUE)  # raises if a check fails
    finally:
        engine.dispose()
