"""Reading the annual-report files back (openpyxl, python-docx) the way a person reads them:
table 三 as (row label, the seven numbers) in the form's order, table 四 as its fifteen numbers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from openpyxl import load_workbook

Table3 = list[tuple[str, list[Any]]]
HEADER_ROWS = 3


def xlsx_cells(path: Path) -> tuple[Table3, list[Any]]:
    workbook = load_workbook(path)
    sheet = workbook["表三"]
    rows: Table3 = []
    for line in sheet.iter_rows(min_row=2 + HEADER_ROWS, values_only=True):
        labels = [value for value in line[:3] if isinstance(value, str)]
        rows.append((labels[-1], list(line[3:10])))
    table4 = [cell.value for cell in sheet.parent["表四"][5]]
    return rows, table4


def xlsx_merges(path: Path) -> set[str]:
    workbook = load_workbook(path)
    return {str(merged) for merged in workbook["表三"].merged_cells.ranges} | {
        f"表四!{merged}" for merged in workbook["表四"].merged_cells.ranges
    }


def _number(text: str) -> int:
    return int(text)


def docx_tables(path: Path) -> tuple[Table3, list[Any]]:
    document = Document(str(path))
    table3, table4 = document.tables
    rows: Table3 = []
    for row in table3.rows[HEADER_ROWS:]:
        cells = row.cells
        rows.append((cells[2].text, [_number(cell.text) for cell in cells[3:10]]))
    numbers = [_number(cell.text) for cell in table4.rows[3].cells]
    return rows, numbers


def docx_headers(path: Path) -> list[list[str]]:
    """Table 三's three header rows as the text of each grid cell (merged cells repeat)."""
    table = Document(str(path)).tables[0]
    return [[cell.text for cell in row.cells] for row in table.rows[:HEADER_ROWS]]
