"""Spreadsheets with openpyxl: tables 三 and 四 laid out like the official form (merged cells),
and the register of applications (台账).

``ReportFileWriter`` is the ``ReportFiles`` port the services use; the Word tables are in
:mod:`casework.adapters.report_docx`.  Library errors become ``StorageError`` with the path.
Every file is written beside its target and renamed onto it (``file_output.replacing``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from casework.adapters.file_output import replacing
from casework.adapters.report_docx import write_annual_docx
from casework.domain.report.annual import TABLE3_TITLE, TABLE4_TITLE, AnnualReport
from casework.domain.report.layout import Grid, table3_grid, table4_grid
from casework.domain.report.statistics import LEDGER_COLUMNS, LedgerRow
from casework.errors import StorageError

FONT = "宋体"
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
TABLE3_SHEET = "表三"
TABLE4_SHEET = "表四"
LEDGER_SHEET = "台账"


@contextmanager
def _saving(path: Path) -> Iterator[None]:
    try:
        yield
    except OSError as error:
        raise StorageError(f"无法写入文件：{error}", field=str(path)) from error


def _title(sheet: Worksheet, text: str, width: int) -> None:
    sheet.cell(row=1, column=1, value=text).font = Font(name=FONT, bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)


def _grid(sheet: Worksheet, grid: Grid, top: int) -> None:
    """Write ``grid`` with its top-left at row ``top`` (1-based), merged and bordered."""
    for row in range(top, top + grid.rows):
        for col in range(1, grid.cols + 1):
            sheet.cell(row=row, column=col).border = _BORDER
    for cell in grid.cells:
        row, col = top + cell.row, cell.col + 1
        target = sheet.cell(row=row, column=col, value=cell.value)
        target.font = Font(name=FONT, bold=cell.header and isinstance(cell.value, str))
        horizontal = "left" if cell.header and cell.col < 3 and cell.row >= 3 else "center"
        target.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
        if cell.rows > 1 or cell.cols > 1:
            sheet.merge_cells(
                start_row=row,
                start_column=col,
                end_row=row + cell.rows - 1,
                end_column=col + cell.cols - 1,
            )


def write_annual_xlsx(report: AnnualReport, path: Path) -> None:
    workbook = Workbook()
    sheet3 = workbook.active
    assert sheet3 is not None
    sheet3.title = TABLE3_SHEET
    grid3 = table3_grid(report)
    _title(sheet3, TABLE3_TITLE, grid3.cols)
    _grid(sheet3, grid3, top=2)
    for letter, width in zip("ABC", (14, 16, 44), strict=True):
        sheet3.column_dimensions[letter].width = width
    for number in range(4, grid3.cols + 1):
        sheet3.column_dimensions[get_column_letter(number)].width = 12
    sheet4 = workbook.create_sheet(TABLE4_SHEET)
    grid4 = table4_grid(report)
    _title(sheet4, TABLE4_TITLE, grid4.cols)
    _grid(sheet4, grid4, top=2)
    for number in range(1, grid4.cols + 1):
        sheet4.column_dimensions[get_column_letter(number)].width = 10
    with _saving(path), replacing(path) as temporary:
        workbook.save(temporary)


def write_ledger_xlsx(rows: list[LedgerRow], title: str, path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = LEDGER_SHEET
    _title(sheet, title, len(LEDGER_COLUMNS))
    for col, (_key, header) in enumerate(LEDGER_COLUMNS, start=1):
        cell = sheet.cell(row=2, column=col, value=header)
        cell.font = Font(name=FONT, bold=True)
        cell.border = _BORDER
        sheet.column_dimensions[get_column_letter(col)].width = 12
    for number, row in enumerate(rows, start=3):
        for col, (key, _header) in enumerate(LEDGER_COLUMNS, start=1):
            value: Any = row.values.get(key)
            sheet.cell(row=number, column=col, value=value).border = _BORDER
    sheet.freeze_panes = "B3"
    with _saving(path), replacing(path) as temporary:
        workbook.save(temporary)


def write_ledger_csv(rows: list[LedgerRow], path: Path) -> None:
    """The register as CSV for programs and other spreadsheets: one header row of the Chinese
    column names, then one row per case; UTF-8 with a byte-order mark so that Excel reads the
    Chinese text."""
    with (
        _saving(path),
        replacing(path) as temporary,
        temporary.open("w", encoding="utf-8-sig", newline="") as handle,
    ):
        writer = csv.writer(handle)
        writer.writerow([header for _key, header in LEDGER_COLUMNS])
        for row in rows:
            writer.writerow(
                ["" if (v := row.values.get(key)) is None else v for key, _ in LEDGER_COLUMNS]
            )


class ReportFileWriter:
    """The ``ReportFiles`` port: .xlsx here, .docx in ``report_docx``."""

    def annual_xlsx(self, report: AnnualReport, path: Path) -> None:
        write_annual_xlsx(report, path)

    def annual_docx(self, report: AnnualReport, path: Path) -> None:
        write_annual_docx(report, path)

    def ledger_xlsx(self, rows: list[LedgerRow], title: str, path: Path) -> None:
        write_ledger_xlsx(rows, title, path)

    def ledger_csv(self, rows: list[LedgerRow], path: Path) -> None:
        write_ledger_csv(rows, path)
