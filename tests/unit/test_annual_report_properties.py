"""For any population of cases, the tables built from the definitions pass their own checks
(Hypothesis): 一 + 二 = 三（七） + 四 per column, （七） = the leaves, 总计 = the columns."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from casework.adapters.outcome_file import default_outcomes_path, load_outcomes
from casework.domain.report.annual import (
    COLUMNS,
    RemedyCounts,
    build_report,
    check_table3,
    check_table4,
)
from tests.support.report_populations import Row, naive_counts, naive_remedies, populations

CATALOGUE = load_outcomes(default_outcomes_path())
years = st.integers(2023, 2028)
agencies = st.sampled_from([None, "demo", "tj"])
NO_REMEDIES = RemedyCounts(by_result={}, by_kind={})


@settings(max_examples=300, deadline=None)
@given(populations, years, agencies)
def test_the_checks_hold_for_every_population(
    population: list[Row], year: int, agency: str | None
) -> None:
    counts = naive_counts(population, year, agency)
    report = build_report(year, agency, counts, naive_remedies(population, year, agency), CATALOGUE)
    assert check_table3(report.table3) == []
    assert check_table4(report.table4) == []
    rows = dict(report.table3)
    received = sum(
        1 for r in population if agency in (None, r.agency) and r.received_on.year == year
    )
    assert rows["1"] is not None and rows["1"]["total"] == received
    assert all(rows["3.7"] is not None and rows["3.7"][c] >= 0 for c in COLUMNS)


@settings(max_examples=100, deadline=None)
@given(populations, years)
def test_last_years_carried_out_is_this_years_carried_in(population: list[Row], year: int) -> None:
    before = dict(
        build_report(
            year - 1, None, naive_counts(population, year - 1, None), NO_REMEDIES, CATALOGUE
        ).table3
    )
    after = dict(
        build_report(
            year, None, naive_counts(population, year, None), NO_REMEDIES, CATALOGUE
        ).table3
    )
    assert before["4"] == after["2"]
