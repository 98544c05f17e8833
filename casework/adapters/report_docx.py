"""Tables 三 and 四 as a Word document (python-docx), ready to paste into the annual report.

The tables follow the official layout (merged cells, see
:mod:`casework.domain.report.layout`).  python-docx's ``font.name`` sets only the
ascii/hAnsi fonts; the East Asian font is set on ``w:eastAsia`` too (engineering notes).
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Pt

from casework.adapters.file_output import replacing
from casework.domain.report.annual import TABLE3_TITLE, TABLE4_TITLE, AnnualReport
from casework.domain.report.layout import Grid, table3_grid, table4_grid
from casework.errors import StorageError

FONT = "宋体"
TITLE_FONT = "黑体"


def _run_font(run: object, name: str, size: float, bold: bool = False) -> None:
    font = run.font  # type: ignore[attr-defined]
    font.name, font.size, font.bold = name, Pt(size), bold
    properties = run._element.get_or_add_rPr()  # type: ignore[attr-defined]
    properties.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _heading(document: object, text: str) -> None:
    paragraph = document.add_paragraph()  # type: ignore[attr-defined]
    _run_font(paragraph.add_run(text), TITLE_FONT, 14, bold=True)


def _table(document: object, grid: Grid) -> None:
    table = document.add_table(rows=grid.rows, cols=grid.cols)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell in grid.cells:
        target = table.cell(cell.row, cell.col)
        if cell.rows > 1 or cell.cols > 1:
            target = target.merge(table.cell(cell.row + cell.rows - 1, cell.col + cell.cols - 1))
        paragraph = target.paragraphs[0]
        _run_font(paragraph.add_run(str(cell.value)), FONT, 9, bold=False)


def write_annual_docx(report: AnnualReport, path: Path) -> None:
    document = Document()
    _heading(document, TABLE3_TITLE)
    _table(document, table3_grid(report))
    document.add_paragraph()
    _heading(document, TABLE4_TITLE)
    _table(document, table4_grid(report))
    try:
        # Whole or untouched: written beside the target, then renamed onto it.
        with replacing(path) as temporary:
            document.save(str(temporary))
    except OSError as error:
        raise StorageError(f"无法写入文件：{error}", field=str(path)) from error
