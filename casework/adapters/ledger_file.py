"""Reading an agency's Excel 台账 (.xlsx with openpyxl, or .csv) for ``casework import``, and
writing the template (``casework import --template``).

The first row holds the headers (``casework.domain.application.ledger.COLUMNS``; columns with
other headers, such as 备注, are left out and named in the report).  Cells are read as text:
Excel dates become YYYY-MM-DD, whole numbers lose their ``.0``.  A .csv is UTF-8 (with or
without a byte-order mark) or, as Excel in Chinese saves it, GB18030.  A file that cannot be
read, or lacks a required column, is refused whole with a Chinese message.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

from casework.adapters.file_output import replacing
from casework.domain.application.ledger import COLUMNS, HEADER_FIELDS, REQUIRED_HEADERS
from casework.errors import StorageError, ValidationError

MAX_ROWS = 200_000
TEMPLATE_SHEET = "台账"
NOTES_SHEET = "填写说明"
NOTES = {
    "原台账编号": "原台账中的编号（可不填），导入后保存在案件的收件信息中",
    "收到申请日期": "必填；条例第三十一条的收到申请之日，格式 YYYY-MM-DD",
    "申请人": "必填；公民姓名或法人、其他组织名称",
    "申请人类型": "必填；自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他",
    "证件类型": "居民身份证、统一社会信用代码、护照、其他证件",
    "证件号码": "填写证件类型时必填；身份证和统一社会信用代码校验校验位",
    "申请渠道": "必填；当面提交、邮寄、平常信函、网上申请、电子邮件、传真",
    "申请内容": "必填；所需政府信息的名称、文号或特征描述",
    "获取形式": "纸质、电子文档、其他形式",
    "获取方式": "当面领取、邮寄、电子邮件、网上平台、传真",
    "办理结果": "如 予以公开、部分公开（区分处理）、不予处理：重复申请；未办结的留空",
    "答复文号": "有办理结果时必填，如 示发改信复〔2024〕12号；不得重复",
    "答复日期": "有办理结果时必填；年度报告按此日期计入当年",
    "送达方式": "邮寄、当面、电子；与送达日期同时填写",
    "送达日期": "邮寄为交邮之日，当面或电子为交付之日",
}


@dataclass(frozen=True)
class LedgerRows:
    """The rows of a 台账: (row number in the file, values by field name), and the headers
    that were not used."""

    rows: list[tuple[int, dict[str, str]]]
    ignored_headers: list[str]


def read_ledger(path: Path) -> LedgerRows:
    """The rows of ``path`` (.xlsx or .csv) by field name, stripped text."""
    label = f"台账文件（{path.name}）"
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ValidationError("台账文件名应以 .xlsx 或 .csv 结尾", field=label)
    try:
        lines = _xlsx_lines(path) if suffix == ".xlsx" else _csv_lines(path)
        return _rows(lines, label)
    except OSError as error:
        raise StorageError(f"无法读取台账文件：{error.strerror or error}", field=label) from error


def _rows(lines: Iterator[list[Any]], label: str) -> LedgerRows:
    header = [_text(cell) for cell in next(lines, [])]
    missing = [name for name in REQUIRED_HEADERS if not _has(header, name)]
    if missing:
        raise ValidationError(
            f"第 1 行（表头）缺少必需的列：{'、'.join(missing)}；"
            "可用 casework import --template 生成模板",
            field=label,
        )
    fields = [HEADER_FIELDS.get(name) for name in header]
    rows = []
    for number, line in enumerate(lines, start=2):
        values = {f: _text(cell) for f, cell in zip(fields, line, strict=False) if f}
        if any(values.values()):  # blank lines between entries are no rows
            rows.append((number, values))
        if len(rows) > MAX_ROWS:
            raise ValidationError(f"一个台账文件最多 {MAX_ROWS} 行，请分成几个文件", field=label)
    if not rows:
        raise ValidationError("台账中除表头外没有数据行", field=label)
    ignored = [name for name, f in zip(header, fields, strict=True) if f is None and name]
    return LedgerRows(rows, ignored)


def _has(header: list[str], required: str) -> bool:
    return any(HEADER_FIELDS.get(name) == HEADER_FIELDS[required] for name in header)


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _xlsx_lines(path: Path) -> Iterator[list[Any]]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, ValueError) as error:
        raise ValidationError(
            "无法按 Excel（.xlsx）格式读取台账文件", field=f"台账文件（{path.name}）"
        ) from error
    try:  # read whole, so that the file is closed whatever happens to the rows
        lines = [list(line) for line in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()
    return iter(lines)


def _csv_lines(path: Path) -> Iterator[list[Any]]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes every byte string that reaches it
        raise ValidationError("无法识别 CSV 文件的编码", field=f"台账文件（{path.name}）")
    yield from csv.reader(io.StringIO(text, newline=""))


def write_template(path: Path) -> None:
    """An empty 台账 with the headers (and, in .xlsx, a sheet explaining each column)."""
    headers = [header for _field, header, _aliases in COLUMNS]
    try:
        with replacing(path) as temporary:
            if path.suffix.lower() == ".csv":
                _write_csv(temporary, [headers])
            else:
                _write_xlsx(temporary, headers)
    except OSError as error:
        raise StorageError(f"无法写入模板：{error.strerror or error}", field=str(path)) from error


def _write_csv(path: Path, lines: Iterable[list[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        csv.writer(file).writerows(lines)


def _write_xlsx(path: Path, headers: list[str]) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = TEMPLATE_SHEET
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(name="宋体", bold=True)
    notes = workbook.create_sheet(NOTES_SHEET)
    notes.append(["列名", "填写说明"])
    for header in headers:
        notes.append([header, NOTES.get(header, "")])
    workbook.save(path)
