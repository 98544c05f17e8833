"""Tables 三 and 四 of the annual report (AR, 国办公开办函〔2021〕30号; Reg. arts. 49-50).

The tables are built from counts (the adapter aggregates them in SQL), laid out with the
verbatim labels of domain.md §4 and checked before anything is printed or written: per column
一 + 二 = 三（七） + 四, （七） = the sum of the leaf rows, 总计 = the sum of the six columns, and
in table 四 总计 = the sum of the four results.  ``三（七）`` and every 总计 of rows 一, 二, 三（七）
and 四 are counted independently of the leaves (not summed from them), so a case counted in no
row, or in two, breaks a check.  A failed check is a bug and stops the report.

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

from casework.domain.outcomes import REPORT_ROWS, OutcomeCatalogue
from casework.domain.vocabulary import ApplicantType
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
COUNTED_ROWS = ("1", "2", "3.7", "4")  # the rows counted directly, not summed from leaves

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
    """What the SQL aggregation returns for one year (and agency or all agencies).

    ``by_type``: (applicant type, outcome or None) -> the four figures of :data:`FIGURES`;
    ``totals``: the four figures counted over all cases without the applicant join.
    """

    by_type: Mapping[tuple[str, str | None], Mapping[str, int]]
    totals: Mapping[str, int]


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
    remedies: Mapping[tuple[str, str], int],
    catalogue: OutcomeCatalogue,
) -> AnnualReport:
    """Lay the counts out as tables 三 and 四 and check them (``ReportCheckError`` if wrong)."""
    report = AnnualReport(
        year=year,
        agency=agency,
        table3=_table3(counts, catalogue),
        table4=_table4(remedies),
    )
    problems = check_table3(report.table3, counts.totals) + check_table4(report.table4)
    if problems:
        raise ReportCheckError(
            f"{year}年度报告校验未通过，报告未生成（这是程序错误，请报告维护人员）：\n"
            + "\n".join(problems)
        )
    return report


def _table3(
    counts: CaseCounts, catalogue: OutcomeCatalogue
) -> tuple[tuple[str, Mapping[str, int] | None], ...]:
    cells: dict[str, dict[str, int]] = {
        key: dict.fromkeys(COLUMNS, 0) for key, _ in REPORT_ROWS if key not in HEADINGS
    }
    row_of = {outcome.code: outcome.report_row for outcome in catalogue.outcomes}
    for (kind, outcome), figures in counts.by_type.items():
        column = _column(kind)
        for key, figure in zip(COUNTED_ROWS, FIGURES, strict=True):
            cells[key][column] += figures[figure]
        if figures["result"]:
            cells[_leaf(outcome, row_of)][column] += figures["result"]
    for row in cells.values():
        row[TOTAL_COLUMN] = sum(row[column] for column in COLUMNS)
    return tuple((key, cells.get(key)) for key, _ in REPORT_ROWS)


def _column(kind: str) -> str:
    try:
        return ApplicantType(kind).column
    except ValueError:
        raise CaseworkError(
            f"数据库中有未知的申请人类型「{kind}」，无法计入年度报告表三的列"
        ) from None


def _leaf(outcome: str | None, row_of: Mapping[str, str]) -> str:
    if outcome is None:
        raise CaseworkError("有已办结的案件没有办理结果，无法计入年度报告表三（请检查案件数据）")
    if outcome not in row_of:
        raise CaseworkError(
            f"办理结果「{outcome}」不在办理结果目录（workflows/outcomes.yaml）中，无法计入表三"
        )
    return row_of[outcome]


def check_table3(
    rows: tuple[tuple[str, Mapping[str, int] | None], ...], totals: Mapping[str, int]
) -> list[str]:
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
            problems.append(f"「{labels[key]}」行：总计={row[TOTAL_COLUMN]}，各列之和={summed}")
    for key, figure in zip(COUNTED_ROWS, FIGURES, strict=True):
        if cells[key][TOTAL_COLUMN] != totals[figure]:
            problems.append(
                f"「{labels[key]}」行：总计={cells[key][TOTAL_COLUMN]}，"
                f"不分申请人类型的独立计数={totals[figure]}"
            )
    return problems


def _table4(remedies: Mapping[tuple[str, str], int]) -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = {
        group: dict.fromkeys(RESULTS, 0) for group in REMEDY_GROUPS.values()
    }
    for (kind, result), count in remedies.items():
        if kind not in REMEDY_GROUPS or result not in RESULTS:
            raise CaseworkError(f"数据库中有未知的复议诉讼记录（{kind}，{result}），无法计入表四")
        table[REMEDY_GROUPS[kind]][result] += count
    for cells in table.values():
        cells["total"] = sum(cells[result] for result in RESULTS)
    return table


def check_table4(table: Mapping[str, Mapping[str, int]]) -> list[str]:
    """Table 四: each group's 总计 is the sum of its four results."""
    problems = []
    for group, cells in table.items():
        summed = sum(cells[result] for result in RESULTS)
        if summed != cells["total"]:
            problems.append(
                f"表四「{GROUP_LABELS[group]}」：总计={cells['total']}，各项之和={summed}"
            )
    return problems
