"""Reading letters back from .docx files written with python-docx (``read_letter``).

The files carry what real letters carry: Chinese text set in 仿宋 (``w:eastAsia``), a line
break inside a paragraph, ``&`` and ``<>`` in a name, a table with a merged cell, an inline
picture (the seal) — and broken files, which must become a ``DocumentError`` in Chinese.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from casework.adapters.docx_text import read_letter
from casework.domain.letters.check import blocking, check_letter
from casework.errors import DocumentError
from tests.support.letter_kind_samples import kind_expectation, kind_paragraphs
from tests.support.png import solid_png


def _write(path: Path, paragraphs: list[str], *, seal: bool = False, table: bool = False) -> Path:
    document = Document()
    for text in paragraphs:
        run = document.add_paragraph().add_run(text)
        run.font.name = "仿宋"
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋")
    if table:
        grid = document.add_table(rows=2, cols=3)
        grid.cell(0, 0).merge(grid.cell(0, 1)).text = "受送达人"
        grid.cell(0, 2).text = "王五 & 李四<联合>"
        grid.cell(1, 0).text = "送达方式"
        grid.cell(1, 1).text = ""
        grid.cell(1, 2).text = "邮寄送达"
    if seal:
        document.add_paragraph().add_run().add_picture(io.BytesIO(solid_png(8, 8)), width=Mm(40))
    document.save(str(path))
    return path


def test_paragraphs_come_back_in_order_with_cjk_and_markup_characters(tmp_path: Path) -> None:
    texts = [
        "示财信复〔2026〕12号",
        "政府信息公开申请答复书",
        "王五 & 李四<联合>：",
        "  特此告知。  ",
    ]
    read = read_letter(_write(tmp_path / "a.docx", texts))
    assert read.paragraphs == (
        "示财信复〔2026〕12号",
        "政府信息公开申请答复书",
        "王五 & 李四<联合>：",
        "特此告知。",
    )
    assert read.has_seal_image is False


def test_table_cells_follow_the_body_and_a_merged_cell_is_read_once(tmp_path: Path) -> None:
    read = read_letter(_write(tmp_path / "t.docx", ["送达回证"], table=True))
    assert read.paragraphs == ("送达回证", "受送达人", "王五 & 李四<联合>", "送达方式", "邮寄送达")


def test_an_inline_picture_counts_as_the_seal_image(tmp_path: Path) -> None:
    read = read_letter(_write(tmp_path / "s.docx", ["示例市财政局", "2026年4月28日"], seal=True))
    assert read.has_seal_image is True
    assert read.paragraphs == ("示例市财政局", "2026年4月28日")


def test_a_line_break_inside_a_paragraph_is_kept_and_the_checker_ignores_it(tmp_path: Path) -> None:
    expected = kind_expectation("agency_consultation")
    paragraphs = kind_paragraphs(expected)
    path = tmp_path / "c.docx"
    _write(path, paragraphs)
    document = Document(str(path))
    document.paragraphs[3].runs[0].add_break()
    document.paragraphs[3].add_run("（续）")
    document.save(str(path))
    read = read_letter(path)
    assert "\n（续）" in read.paragraphs[3]
    assert blocking(check_letter(read, expected)) == []


def test_a_missing_file_is_a_document_error_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="文书文件不存在") as caught:
        read_letter(tmp_path / "none.docx")
    assert caught.value.field == str(tmp_path / "none.docx")


def test_a_file_that_is_not_a_word_document_is_a_chinese_error(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_text("这不是 Word 文档", encoding="utf-8")
    with pytest.raises(DocumentError, match="不是有效的 Word 文档"):
        read_letter(path)


def test_a_zip_without_a_document_part_is_a_chinese_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "空")
    with pytest.raises(DocumentError, match="Word 文档"):
        read_letter(path)


def test_a_corrupt_document_part_is_a_chinese_error(tmp_path: Path) -> None:
    good = _write(tmp_path / "good.docx", ["正文"])
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, b"<w:document" if item.filename == "word/document.xml" else data)
    with pytest.raises(DocumentError, match="已损坏"):
        read_letter(broken)
