"""The official layout of tables 三 and 四 (AR, 国办公开办函〔2021〕30号) as grids of cells with
their merges, so the spreadsheet and the Word table are laid out alike and tested alike.

Table 三: three label columns (三、本年度办理结果 spans every result row; （三）不予公开 and the
other groups span their numbered items) and seven number columns under 「申请人情况」:
自然人, the five kinds of 法人或其他组织, 总计.  Table 四: 行政复议 and 行政诉讼 (未经复议直接起诉,
复议后起诉), each with 结果维持, 结果纠正, 其他结果, 尚未审结, 总计.
"""

from __future__ import annotations

from dataclasses import dataclass

from casework.domain.report.annual import (
    APPLICANT_HEADING,
    COLUMN_LABELS,
    COLUMNS,
    GROUP_LABELS,
    HEADINGS,
    LITIGATION,
    ORGANISATIONS,
    RESULT_LABELS,
    RESULTS,
    TABLE3_NOTE,
    TOTAL,
    TOTAL_COLUMN,
    AnnualReport,
)
from casework.domain.workflow.outcomes import REPORT_ROWS

LABEL_COLUMNS = 3
HEADER_ROWS = 3


@dataclass(frozen=True)
class GridCell:
    """One cell (0-based ``row``, ``col``) spanning ``rows`` × ``cols``; text or a number."""

    row: int
    col: int
    value: str | int
    rows: int = 1
    cols: int = 1
    header: bool = False


@dataclass(frozen=True)
class Grid:
    rows: int
    cols: int
    cells: tuple[GridCell, ...]


def table3_grid(report: AnnualReport) -> Grid:
    number_columns = (*COLUMNS, TOTAL_COLUMN)
    cells = [
        GridCell(0, 0, TABLE3_NOTE, rows=HEADER_ROWS, cols=LABEL_COLUMNS, header=True),
        GridCell(0, 3, APPLICANT_HEADING, cols=len(number_columns), header=True),
        GridCell(1, 3, COLUMN_LABELS[COLUMNS[0]], rows=2, header=True),
        GridCell(1, 4, ORGANISATIONS, cols=len(COLUMNS) - 1, header=True),
        GridCell(1, 3 + len(COLUMNS), TOTAL, rows=2, header=True),
    ]
    cells += [
        GridCell(2, 4 + i, COLUMN_LABELS[column], header=True)
        for i, column in enumerate(COLUMNS[1:])
    ]
    labels = dict(REPORT_ROWS)
    spans = _spans()
    row = HEADER_ROWS
    for key, values in report.table3:
        if key in HEADINGS:
            col = 0 if key == "3" else 1
            cells.append(GridCell(row, col, labels[key], rows=spans[key], header=True))
            continue
        col = 2 if key.count(".") == 2 else (1 if key.startswith("3.") else 0)
        cells.append(GridCell(row, col, labels[key], cols=LABEL_COLUMNS - col, header=True))
        assert values is not None
        cells += [
            GridCell(row, LABEL_COLUMNS + i, values[column])
            for i, column in enumerate(number_columns)
        ]
        row += 1
    return Grid(row, LABEL_COLUMNS + len(number_columns), tuple(cells))


def _spans() -> dict[str, int]:
    """How many numbered rows each heading spans (三: all results; （三）…（六）: their items)."""
    spans = dict.fromkeys(HEADINGS, 0)
    for key, _ in REPORT_ROWS:
        if key in HEADINGS or not key.startswith("3."):
            continue
        spans["3"] += 1
        group = key.rsplit(".", 1)[0]
        if group in spans and group != "3":
            spans[group] += 1
    return spans


def table4_grid(report: AnnualReport) -> Grid:
    width = len(RESULTS) + 1
    groups = list(GROUP_LABELS)
    cells = [
        GridCell(0, 0, GROUP_LABELS[groups[0]], rows=2, cols=width, header=True),
        GridCell(0, width, LITIGATION, cols=2 * width, header=True),
        GridCell(1, width, GROUP_LABELS[groups[1]], cols=width, header=True),
        GridCell(1, 2 * width, GROUP_LABELS[groups[2]], cols=width, header=True),
    ]
    for g, group in enumerate(groups):
        for r, result in enumerate((*RESULTS, "total")):
            cells.append(GridCell(2, g * width + r, RESULT_LABELS[result], header=True))
            cells.append(GridCell(3, g * width + r, report.table4[group][result]))
    return Grid(4, 3 * width, tuple(cells))
