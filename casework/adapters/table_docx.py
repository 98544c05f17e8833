"""A plain .docx of headed tables (python-docx), for the readable journal of an archive bundle.

Chinese text needs the east-Asian font set explicitly (shared/engineering-notes.md: python-docx
``font.name`` sets only ascii/hAnsi); 宋体 maps to Noto Serif CJK SC in the PDF conversion.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

FONT = "宋体"


def table_docx(
    title: str, sections: Sequence[tuple[str, Sequence[str], Sequence[Sequence[str]]]]
) -> bytes:
    """``title``, then per (heading, column names, rows) a heading and a bordered table; a
    row of one value spans the table."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(9)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    document.add_heading(title, level=1)
    for heading, columns, rows in sections:
        document.add_heading(heading, level=2)
        table = document.add_table(rows=1, cols=len(columns))
        table.style = "Table Grid"
        for cell, name in zip(table.rows[0].cells, columns, strict=True):
            cell.text = name
        for row in rows:
            cells = table.add_row().cells
            if len(row) == 1:  # one value: a full-width row (an event's data under it)
                merged = cells[0].merge(cells[-1])
                merged.text = row[0]
                continue
            for cell, value in zip(cells, row, strict=True):
                cell.text = value
    for paragraph_style in ("Heading 1", "Heading 2"):
        fonts = document.styles[paragraph_style].element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), FONT)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
