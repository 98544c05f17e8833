"""Tables 三 and 四 as pure functions: the definitions, the layout, the labels and the checks
(each fed independently counted figures that disagree, as a bug in one aggregation would)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from casework.adapters.outcome_file import default_outcomes_path, load_outcomes
from casework.domain.report.annual import (
    COLUMNS,
    FIGURES,
    CaseCounts,
    RemedyCounts,
    build_report,
    check_table3,
    classify,
    remedy_result,
)
from casework.domain.report.layout import table3_grid, table4_grid
from casework.domain.workflow.outcomes import REPORT_ROWS
from casework.errors import CaseworkError, ReportCheckError

CATALOGUE = load_outcomes(default_outcomes_path())
NONE: dict[str, int] = dict.fromkeys(FIGURES, 0)


@pytest.mark.parametrize(
    ("received", "concluded", "expected"),
    [
        (date(2026, 3, 1), date(2026, 3, 20), {"new", "result"}),
        (date(2026, 12, 28), None, {"new", "carried_out"}),
        (date(2026, 12, 28), date(2027, 1, 5), {"new", "carried_out"}),
        (date(2025, 12, 29), date(2026, 1, 6), {"carried_in", "result"}),
        (date(2025, 12, 29), None, {"carried_in", "carried_out"}),
        (date(2024, 5, 1), date(2027, 1, 1), {"carried_in", "carried_out"}),
        (date(2025, 6, 1), date(2025, 12, 31), set()),  # concluded before the year
        (date(2027, 1, 1), None, set()),  # received after it
        (date(2026, 1, 1), date(2026, 12, 31), {"new", "result"}),  # both ends count
    ],
)
def test_each_case_falls_into_the_rows_domain_md_defines(
    received: date, concluded: date | None, expected: set[str]
) -> None:
    assert classify(received, concluded, 2026) == expected


def test_a_remedy_decided_after_the_year_is_still_pending_in_that_years_table() -> None:
    assert remedy_result("upheld", date(2027, 1, 10), 2026) == "pending"
    assert remedy_result("corrected", date(2026, 12, 31), 2026) == "corrected"
    assert remedy_result("pending", None, 2026) == "pending"


Cells = dict[tuple[str, str | None], dict[str, int]]


def counts(cells: Cells) -> CaseCounts:
    """Consistent counts: the other three aggregations made from the same cases."""
    totals = {name: sum(figures[name] for figures in cells.values()) for name in FIGURES}
    by_column: Counter[str] = Counter()
    by_outcome: Counter[str | None] = Counter()
    for (kind, outcome), figures in cells.items():
        by_column[kind] += figures["result"]
        by_outcome[outcome] += figures["result"]
    return CaseCounts(cells, dict(by_column), dict(by_outcome), totals)


def remedies(by_result: dict[tuple[str, str], int]) -> RemedyCounts:
    by_kind: Counter[str] = Counter()
    for (kind, _), count in by_result.items():
        by_kind[kind] += count
    return RemedyCounts(by_result=by_result, by_kind=dict(by_kind))


NO_REMEDIES = RemedyCounts(by_result={}, by_kind={})


def test_a_report_puts_every_outcome_in_its_row_and_every_type_in_its_column() -> None:
    cells: Cells = {
        ("natural", "not_held"): {**NONE, "new": 2, "result": 2},
        ("legal-service", "not_ours"): {**NONE, "carried_in": 1, "result": 1},
        ("enterprise", "other"): {**NONE, "new": 1, "carried_out": 1},
    }
    report = build_report(
        2026, "demo", counts(cells), remedies({("litigation", "upheld"): 2}), CATALOGUE
    )
    rows = {row["key"]: row for row in report.to_data()["table3"]}
    # both "not held" and "not ours" are 三（四）1; the open enterprise case is carried out only
    assert [rows["3.4.1"][c] for c in (*COLUMNS, "total")] == [2, 0, 0, 0, 1, 0, 3]
    assert rows["3.6.3"]["total"] == 0
    assert [rows[k]["total"] for k in ("1", "2", "3.7", "4")] == [3, 1, 3, 1]
    assert [rows[k]["natural"] for k in ("3", "3.3", "3.4", "3.5", "3.6")] == [None] * 5
    assert report.to_data()["table4"]["litigation_direct"] == {
        "upheld": 2,
        "corrected": 0,
        "other": 0,
        "pending": 0,
        "total": 2,
    }


def test_the_rows_come_in_the_forms_order_with_its_labels_and_curly_quotes() -> None:
    report = build_report(2026, None, counts({}), NO_REMEDIES, CATALOGUE)
    labels = [row["label"] for row in report.to_data()["table3"]]
    assert labels == [label for _, label in REPORT_ROWS]
    assert labels[0] == "一、本年新收政府信息公开申请数量"
    assert labels[8] == "3.危及\u201c三安全一稳定\u201d"
    assert labels[-2:] == ["（七）总计", "四、结转下年度继续办理"]


def test_a_count_that_breaks_a_sum_stops_the_report_with_every_broken_sum() -> None:
    cells: Cells = {("natural", "disclose"): {**NONE, "new": 1, "result": 1}}
    wrong = CaseCounts(cells, {"natural": 1}, {"disclose": 1}, {**NONE, "new": 2, "result": 1})
    with pytest.raises(ReportCheckError) as caught:
        build_report(2026, "demo", wrong, NO_REMEDIES, CATALOGUE)
    assert "一、本年新收政府信息公开申请数量" in str(caught.value)
    assert "独立计数=2" in str(caught.value)


def test_the_checks_find_a_leaf_that_does_not_add_up_to_the_grand_total() -> None:
    report = build_report(
        2026,
        "demo",
        counts({("natural", "disclose"): {**NONE, "new": 1, "result": 1}}),
        NO_REMEDIES,
        CATALOGUE,
    )
    tampered = tuple(
        (key, None if cells is None else {**cells, "natural": 0, "total": 0})
        if key == "3.1"
        else (key, cells)
        for key, cells in report.table3
    )
    problems = check_table3(tampered)
    assert problems == [
        "「自然人」列：（七）总计=1，各项之和=0",
        "「总计」列：（七）总计=1，各项之和=0",
    ]


def test_a_concluded_case_without_outcome_or_with_an_unknown_one_is_refused() -> None:
    for outcome, words in ((None, "没有办理结果"), ("invented", "不在办理结果目录")):
        cells = {("natural", outcome): {**NONE, "new": 1, "result": 1}}
        with pytest.raises(CaseworkError, match=words):
            build_report(2026, "demo", counts(cells), NO_REMEDIES, CATALOGUE)


def test_the_layout_merges_like_the_official_form() -> None:
    report = build_report(2026, "demo", counts({}), NO_REMEDIES, CATALOGUE)
    grid = table3_grid(report)
    spans = {cell.value: (cell.row, cell.col, cell.rows, cell.cols) for cell in grid.cells}
    assert (grid.rows, grid.cols) == (28, 10)
    assert spans["三、本年度办理结果"] == (5, 0, 22, 1)
    assert spans["（三）不予公开"] == (7, 1, 8, 1)
    assert spans["（六）其他处理"] == (23, 1, 3, 1)
    assert spans["（七）总计"] == (26, 1, 1, 2)
    assert spans["法人或其他组织"] == (1, 4, 1, 5)
    four = table4_grid(report)
    assert (four.rows, four.cols) == (4, 15)
    assert {c.value for c in four.cells if c.row == 1} == {"未经复议直接起诉", "复议后起诉"}
