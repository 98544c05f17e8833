"""Tables 三 and 四 of the annual report (AR, 国办公开办函〔2021〕30号; Reg. arts. 49-50).

The tables are built from counts (the adapter aggregates them in SQL), laid out with the
verbatim labels of domain.md §4 and checked before anything is printed or written: per column
一 + 二 = 三（七） + 四, （七） = the sum of the leaf rows, 总计 = the sum of the six columns, and
in table 四 总计 = the sum of the four results.  Each check compares numbers from different
aggregations of the cases (see :class:`CaseCounts`), none summed here from another: the cells
of 一, 二, 四 and of the leaves come from a ``GROUP BY`` applicant type and outcome; the 总计
of each leaf row from one by outcome only (no applicant); the 总计 of 一, 二, 三（七）, 四 from one
grouped by nothing, which also counts the cells of 三（七）, each applicant type's results
filtered from the cases (not split by outcome); in table 四 the
results from one by kind and result, the 总计 from one by kind only.  So a case counted in two
cells or in none, a cell put in the wrong row or column, an outcome without a row or a remedy
result outside the four breaks a check.  What the aggregations share is each case's figures
(the definitions below, one SQL expression each) and the catalogue's row of each outcome;
those are tested against hand counts.  A failed check stops the report.

Definitions (domain.md §4), for the year Y, see :func:`classify`: *new* = received in Y;
*carried in* = received before Y and not concluded by 31 Dec Y-1; *result* = concluded in Y, in
the row of its outcome; *carried out* = received by 31 Dec Y and not concluded by then.  The
conclusion is the reply's issue date or the withdrawal date; a withdrawal has the outcome
``other`` (row 三（六）3).  A case reopened for a new reply (重新答复) after a remedy corrected
it is still one application: it counts once, in the year and row of its *first* conclusion
(the snapshot kept on the remedy record), so a published report never changes afterwards;
the correction shows in table 四 (结果纠正).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from casework.domain.application.vocabulary import ApplicantType
from casework.domain.workflow.catalogue import OutcomeCatalogue
from casework.domain.workflow.outcomes import REPORT_ROWS
from casework.errors import CaseworkError, ReportCheckError

TABLE3_TITLE = "三、收到和处理政府信息公开申请情况"
TABLE3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANT_HEADING = "申请人情况"
ORGANISATIONS = "法人或其他组织"
TOTAL = "总计"
TABLE4_TITLE = "四、政府信息公开行政复议、行政诉讼情况"

# The six applicant columns of table 三, in the form's order, then 总计.
COLUMNS: tuple[str, ...] = tuple(kind.column for kind in ApplicantType)
COLUMN_LABELS: dict[str, str] = {kind.column: kind.label for kind in ApplicantType}
TOTAL_COLUMN = "total"
# Rows without numbers of their own in the form: the merged group labels.
HEADINGS = frozenset({"3", "3.3", "3.4", "3.5", "3.6"})
LEAVES: tuple[str, ...] = tuple(
    key for key, _ in REPORT_ROWS if key.startswith("3.") and key not in HEADINGS | {"3.7"}
)
# The rows that hold one of the four figures (一 new, 二 carried in, 三（七） result, 四 carried out).
COUNTED_ROWS = ("1", "2", "3.7", "4")
CELL_ROWS = ("1", "2", "4")  # their cells come from by_type; 三（七）'s from by_column

# Table 四: remedy kinds (as recorded) -> JSON group, and the results in the form's order.
REMEDY_GROUPS: dict[str, str] = {
    "reconsideration": "reconsideration",
    "litigation": "litigation_direct",
    "litigation-after-reconsideration": "litigation_after_reconsideration",
}
GROUP_LABELS: dict[str, str] = {
    "reconsideration": "行政复议",
    "litigation_direct": "未经复议直接起诉",
    "litigation_after_reconsideration": "复议后起诉",
}
LITIGATION = "行政诉讼"
RESULTS: tuple[str, ...] = ("upheld", "corrected", "other", "pending")
RESULT_LABELS: dict[str, str] = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": TOTAL,
}
FIGURES = "new", "carried_in", "result", "carried_out"
# The state of a registration voided as entered by mistake (workflows/disclosure.yaml): it was
# no application, so table 三, which counts applications (AR), leaves it out entirely.
VOIDED = "voided"
FIGURE_OF: dict[str, str] = dict(zip(COUNTED_ROWS, FIGURES, strict=True))


def classify(received_on: date, concluded_on: date | None, year: int) -> frozenset[str]:
    """Which of 一 (new), 二 (carried_in), 三 (result), 四 (carried_out) a case counts in."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    found = set()
    if first <= received_on <= last:
        found.add("new")
    if received_on < first and (concluded_on is None or concluded_on >= first):
        found.add("carried_in")
    if concluded_on is not None and first <= concluded_on <= last:
        found.add("result")
    if received_on <= last and (concluded_on is None or concluded_on > last):
        found.add("carried_out")
    return frozenset(found)


def remedy_result(result: str, decided_on: date | None, year: int) -> str:
    """A remedy's result as of 31 Dec of ``year``: decided later means 尚未审结 then."""
    if decided_on is None or decided_on > date(year, 12, 31):
        return "pending"
    return result


@dataclass(frozen=True)
class CaseCounts:
    """What the SQL aggregation returns for one year (and agency or all agencies): each count
    aggregated from the same cases' rows, none summed from another count.

    ``by_type``: (applicant type, outcome or None) -> the four figures of :data:`FIGURES` (the
    cells of rows 一, 二, 四 and of the leaf rows); ``by_column``: applicant type -> cases
    concluded in the year, not split by outcome, each a count of the cases of that type (row
    三（七）); ``by_outcome``: outcome -> cases
    concluded in the year, not split by applicant type (the 总计 of the leaf rows);
    ``totals``: the four figures over all cases, grouped by nothing (the 总计 of 一, 二,
    三（七）, 四).  Zero counts may be left out.
    """

    by_type: Mapping[tuple[str, str | None], Mapping[str, int]]
    by_column: Mapping[str, int]
    by_outcome: Mapping[str | None, int]
    totals: Mapping[str, int]


@dataclass(frozen=True)
class RemedyCounts:
    """Remedies filed in the year, aggregated twice: ``by_result``: (kind, result as of 31 Dec)
    -> count (the cells of table 四); ``by_kind``: kind -> count, not split by result (总计)."""

    by_result: Mapping[tuple[str, str], int]
    by_kind: Mapping[str, int]


@dataclass(frozen=True)
class AnnualReport:
    year: int
    agency: str | None  # None: every agency of the installation
    table3: tuple[tuple[str, Mapping[str, int] | None], ...]  # (row key, column -> count)
    table4: Mapping[str, Mapping[str, int]]  # group -> result -> count, with "total"

    def to_data(self) -> dict[str, Any]:
        """The JSON shape of ``casework report annual --json``."""
        rows = []
        labels = dict(REPORT_ROWS)
        for key, cells in self.table3:
            values = {c: (None if cells is None else cells[c]) for c in (*COLUMNS, TOTAL_COLUMN)}
            rows.append({"key": key, "label": labels[key], **values})
        return {
            "year": self.year,
            "agency": self.agency,
            "table3": rows,
            "table4": {group: dict(cells) for group, cells in self.table4.items()},
        }


def build_report(
    year: int,
    agency: str | None,
    counts: CaseCounts,
    remedies: RemedyCounts,
    catalogue: OutcomeCatalogue,
) -> AnnualReport:
    """Lay the counts out as tables 三 and 四 and check them (``ReportCheckError`` if wrong)."""
    table3, unplaced = _table3(counts, catalogue)
    table4, unknown = _table4(remedies)
    report = AnnualReport(year=year, agency=agency, table3=table3, table4=table4)
    problems = unplaced + unknown + check_table3(report.table3) + check_table4(report.table4)
    if problems:
        raise ReportCheckError(
            f"{year}年度报告校验未通过，报告未生成（各项计数前后不一致，请报告维护人员）：\n"
            + "\n".join(problems)
        )
    return report


def _table3(
    counts: CaseCounts, catalogue: OutcomeCatalogue
) -> tuple[tuple[tuple[str, Mapping[str, int] | None], ...], list[str]]:
    """The rows of table 三 and a note for each outcome that has no row (left uncounted, so
    the checks fail too)."""
    cells: dict[str, dict[str, int]] = {
        key: dict.fromkeys((*COLUMNS, TOTAL_COLUMN), 0)
        for key, _ in REPORT_ROWS
        if key not in HEADINGS
    }
    row_of = {outcome.code: outcome.report_row for outcome in catalogue.outcomes}
    unplaced: dict[str | None, str] = {}

    def place(outcome: str | None, column: str, count: int) -> None:
        if outcome in row_of:
            cells[row_of[outcome]][column] += count
        elif count:
            unplaced[outcome] = _unplaced(outcome)

    for (kind, outcome), figures in counts.by_type.items():
        column = _column(kind)
        for key in CELL_ROWS:
            cells[key][column] += figures[FIGURE_OF[key]]
        place(outcome, column, figures["result"])
    for kind, count in counts.by_column.items():
        cells["3.7"][_column(kind)] += count
    for outcome, count in counts.by_outcome.items():
        place(outcome, TOTAL_COLUMN, count)
    for key in COUNTED_ROWS:
        cells[key][TOTAL_COLUMN] = counts.totals[FIGURE_OF[key]]
    return tuple((key, cells.get(key)) for key, _ in REPORT_ROWS), list(unplaced.values())


def _column(kind: str) -> str:
    try:
        return ApplicantType(kind).column
    except ValueError:
        raise CaseworkError(
            f"数据库中有未知的申请人类型「{kind}」，无法计入年度报告表三的列"
        ) from None


def _unplaced(outcome: str | None) -> str:
    if outcome is None:
        return "有已办结的案件没有办理结果，未计入表三任何一行（请检查案件数据）"
    return f"办理结果「{outcome}」不在办理结果目录（workflows/outcomes.yaml）中，未计入表三任何一行"


def check_table3(rows: tuple[tuple[str, Mapping[str, int] | None], ...]) -> list[str]:
    """Every problem with table 三, in Chinese; empty when all three checks hold."""
    cells = {key: row for key, row in rows if row is not None}
    labels = dict(REPORT_ROWS)
    problems = []
    for column in (*COLUMNS, TOTAL_COLUMN):
        name = COLUMN_LABELS.get(column, TOTAL)
        left = cells["1"][column] + cells["2"][column]
        right = cells["3.7"][column] + cells["4"][column]
        if left != right:
            problems.append(f"「{name}」列：一+二={left}，三（七）+四={right}")
        leaves = sum(cells[key][column] for key in LEAVES)
        if leaves != cells["3.7"][column]:
            problems.append(f"「{name}」列：（七）总计={cells['3.7'][column]}，各项之和={leaves}")
    for key, row in cells.items():
        summed = sum(row[column] for column in COLUMNS)
        if summed != row[TOTAL_COLUMN]:
            problems.append(
                f"「{labels[key]}」行：总计按不分申请人类型的独立计数={row[TOTAL_COLUMN]}，"
                f"各列之和={summed}"
            )
    return problems


def _table4(remedies: RemedyCounts) -> tuple[dict[str, dict[str, int]], list[str]]:
    """Table 四 and a note for each result outside the four of the form (left uncounted)."""
    table: dict[str, dict[str, int]] = {
        group: dict.fromkeys((*RESULTS, "total"), 0) for group in REMEDY_GROUPS.values()
    }
    unknown = []
    for (kind, result), count in remedies.by_result.items():
        if result in RESULTS:
            table[_group(kind, result)][result] += count
        else:
            unknown.append(
                f"表四「{GROUP_LABELS[_group(kind, result)]}」有结果为「{result}」的记录"
                f"（{count}件），不属于{'、'.join(RESULT_LABELS[r] for r in RESULTS)}之一，未计入"
            )
    for kind, count in remedies.by_kind.items():
        table[_group(kind, None)]["total"] += count
    return table, unknown


def _group(kind: str, result: str | None) -> str:
    if kind not in REMEDY_GROUPS:
        raise CaseworkError(f"数据库中有未知的复议诉讼记录（{kind}，{result}），无法计入表四")
    return REMEDY_GROUPS[kind]


def check_table4(table: Mapping[str, Mapping[str, int]]) -> list[str]:
    """Table 四: each group's 总计 (counted by kind alone) is the sum of its four results."""
    problems = []
    for group, cells in table.items():
        summed = sum(cells[result] for result in RESULTS)
        if summed != cells["total"]:
            problems.append(
                f"表四「{GROUP_LABELS[group]}」：总计={cells['total']}，各项之和={summed}"
            )
    return problems
