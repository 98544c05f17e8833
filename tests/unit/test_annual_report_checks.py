"""Each check of the annual report compares two separately counted numbers, so each one can
fail: fed counts whose aggregations disagree (a case counted twice in one of them, in no row,
in two columns, a remedy result outside the four of the form), the report stops with a
ReportCheckError naming the row or column and both numbers."""

from __future__ import annotations

import pytest

from casework.adapters.outcome_file import default_outcomes_path, load_outcomes
from casework.domain.report.annual import COLUMNS, FIGURES, CaseCounts, RemedyCounts, build_report
from casework.domain.workflow.catalogue import OutcomeCatalogue
from casework.errors import ReportCheckError

CATALOGUE = load_outcomes(default_outcomes_path())
NONE: dict[str, int] = dict.fromkeys(FIGURES, 0)
NO_REMEDIES = RemedyCounts(by_result={}, by_kind={})
# One natural person's application, received and disclosed in the year, counted four ways.
ONE_CASE = CaseCounts(
    by_type={("natural", "disclose"): {**NONE, "new": 1, "result": 1}},
    by_column={"natural": 1},
    by_outcome={"disclose": 1},
    totals={**NONE, "new": 1, "result": 1},
)


def problems(
    counts: CaseCounts,
    remedies: RemedyCounts = NO_REMEDIES,
    catalogue: OutcomeCatalogue = CATALOGUE,
) -> list[str]:
    with pytest.raises(ReportCheckError) as caught:
        build_report(2026, "demo", counts, remedies, catalogue)
    heading, *lines = str(caught.value).splitlines()
    assert heading == "2026年度报告校验未通过，报告未生成（各项计数前后不一致，请报告维护人员）："
    return lines


def test_the_consistent_counts_of_one_case_pass_every_check() -> None:
    report = build_report(2026, "demo", ONE_CASE, NO_REMEDIES, CATALOGUE)
    one = {column: 0 for column in COLUMNS} | {"natural": 1, "total": 1}
    rows = dict(report.table3)
    assert rows["1"] == rows["3.1"] == rows["3.7"] == one
    assert rows["2"] == rows["4"] == rows["3.2"] == {column: 0 for column in one}


def test_a_result_counted_twice_by_type_and_outcome_breaks_the_seventh_row_of_its_column() -> None:
    # The same case also counted under "not held": one result too many in the leaf rows.
    doubled = {**ONE_CASE.by_type, ("natural", "not_held"): {**NONE, "result": 1}}
    found = problems(CaseCounts(doubled, ONE_CASE.by_column, ONE_CASE.by_outcome, ONE_CASE.totals))
    assert found == [
        "「自然人」列：（七）总计=1，各项之和=2",
        "「1.本机关不掌握相关政府信息」行：总计按不分申请人类型的独立计数=0，各列之和=1",
    ]


def test_an_outcome_the_catalogue_has_no_row_for_is_counted_nowhere_and_named() -> None:
    without = CATALOGUE.model_copy(
        update={"outcomes": tuple(o for o in CATALOGUE.outcomes if o.code != "disclose")}
    )
    assert problems(ONE_CASE, catalogue=without) == [
        "办理结果「disclose」不在办理结果目录（workflows/outcomes.yaml）中，未计入表三任何一行",
        "「自然人」列：（七）总计=1，各项之和=0",
        "「总计」列：（七）总计=1，各项之和=0",
    ]


def test_a_concluded_case_without_outcome_is_named_and_breaks_its_column() -> None:
    counts = CaseCounts(
        {("natural", None): {**NONE, "new": 1, "result": 1}},
        {"natural": 1},
        {None: 1},
        {**NONE, "new": 1, "result": 1},
    )
    found = problems(counts)
    assert found[0] == "有已办结的案件没有办理结果，未计入表三任何一行（请检查案件数据）"
    assert "「自然人」列：（七）总计=1，各项之和=0" in found


def test_a_leaf_total_counted_by_outcome_alone_must_equal_its_six_columns() -> None:
    # The count by outcome sees two disclosures where the cells by type see one.
    found = problems(CaseCounts(ONE_CASE.by_type, {"natural": 1}, {"disclose": 2}, ONE_CASE.totals))
    assert found == [
        "「总计」列：（七）总计=1，各项之和=2",
        "「（一）予以公开」行：总计按不分申请人类型的独立计数=2，各列之和=1",
    ]


def test_the_seventh_row_counted_by_type_alone_must_match_its_total_and_each_column() -> None:
    # The count by applicant type puts the case in two columns.
    two_columns = {"natural": 1, "enterprise": 1}
    found = problems(CaseCounts(ONE_CASE.by_type, two_columns, {"disclose": 1}, ONE_CASE.totals))
    assert found == [
        "「商业企业」列：一+二=0，三（七）+四=1",
        "「商业企业」列：（七）总计=1，各项之和=0",
        "「（七）总计」行：总计按不分申请人类型的独立计数=1，各列之和=2",
    ]


def test_the_grand_totals_counted_without_any_grouping_must_equal_their_columns() -> None:
    totals = {**NONE, "new": 1, "result": 1, "carried_out": 1}  # an open case the cells miss
    found = problems(CaseCounts(ONE_CASE.by_type, {"natural": 1}, {"disclose": 1}, totals))
    assert found == [
        "「总计」列：一+二=1，三（七）+四=2",
        "「四、结转下年度继续办理」行：总计按不分申请人类型的独立计数=1，各列之和=0",
    ]


def test_a_remedy_result_outside_the_four_of_the_form_is_named_and_breaks_its_total() -> None:
    odd = RemedyCounts(
        by_result={("reconsideration", "upheld"): 1, ("reconsideration", "annulled"): 1},
        by_kind={"reconsideration": 2},
    )
    assert problems(ONE_CASE, odd) == [
        "表四「行政复议」有结果为「annulled」的记录（1件），"
        "不属于结果维持、结果纠正、其他结果、尚未审结之一，未计入",
        "表四「行政复议」：总计=2，各项之和=1",
    ]


def test_a_remedy_counted_under_two_results_breaks_the_total_counted_by_kind() -> None:
    doubled = RemedyCounts(
        by_result={("litigation", "upheld"): 1, ("litigation", "pending"): 1},
        by_kind={"litigation": 1},
    )
    assert problems(ONE_CASE, doubled) == ["表四「未经复议直接起诉」：总计=1，各项之和=2"]
