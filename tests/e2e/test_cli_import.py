"""Issue 17, migration from an Excel 台账: ``casework import`` on the 1,000-row sample
(tests/data/ledger/示例台账.xlsx, with 35 bad rows listed in expected_refusals.json), all or
nothing by default, ``--partial``, ``--dry-run``, the template, CSV in GB18030, and the annual
report of the imported years counted independently from the file.  On SQLite and PostgreSQL.
Today is 2026-06-30."""

from __future__ import annotations

import csv
import json
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.conftest import CliInvoke, write_home
from tests.e2e.test_cli_workflow_paths import run

__all__ = ["run"]  # the fixture, imported for pytest

LEDGER = Path(__file__).parents[1] / "data" / "ledger"
SAMPLE = LEDGER / "示例台账.xlsx"
EXPECTED = {
    int(k): v for k, v in json.loads((LEDGER / "expected_refusals.json").read_text()).items()
}
TYPES = {"自然人": "natural", "商业企业": "enterprise", "科研机构": "research",
         "社会公益组织": "public_interest", "法律服务机构": "legal_service", "其他": "other_org"}  # fmt: skip
# domain.md §1.7, written by hand: the report row of each outcome the sample uses.
ROWS = {
    "予以公开": "3.1", "已主动公开": "3.1", "部分公开": "3.2", "不予公开：国家秘密": "3.3.1",
    "不予公开：保护第三方合法权益": "3.3.4", "不予公开：四类过程性信息": "3.3.6",
    "不予公开：行政执法案卷": "3.3.7", "无法提供：经检索不存在": "3.4.1",
    "无法提供：非本机关负责公开": "3.4.1", "无法提供：需另行制作": "3.4.2",
    "不予处理：信访举报投诉类": "3.5.1", "不予处理：重复申请": "3.5.2", "其他：逾期不补正": "3.6.1",
}  # fmt: skip


@pytest.fixture
def home(tmp_path: Path, database_url: str) -> Path:
    """The temporary home on each engine (overrides the SQLite-only one)."""
    return write_home(tmp_path / "home", database_url)


def imported(run: CliInvoke, *args: str, ok: bool = True) -> Any:
    result = run("import", *args, "--json", ok=ok)
    return json.loads(result.output)


def _day(value: object) -> date | None:
    return value.date() if isinstance(value, datetime) else None


def good_rows() -> list[dict[str, Any]]:
    """The sample's rows that are not bad, read with openpyxl, not with casework."""
    workbook = load_workbook(SAMPLE, read_only=True)
    try:
        lines = list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()
    header = list(lines[0])
    rows = [dict(zip(header, line, strict=True)) for line in lines[1:]]
    return [
        {"type": TYPES[row["申请人类型"]], "received": _day(row["收到日期"]),
         "outcome": row["办理结果"], "replied": _day(row["答复日期"])}
        for number, row in enumerate(rows, start=2) if number not in EXPECTED
    ]  # fmt: skip


def expected_table(year: int) -> dict[str, Counter[str]]:
    """Table 三 of ``year`` by the definitions of domain.md §4, counted from the file."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    table: dict[str, Counter[str]] = {
        key: Counter() for key in ("1", "2", "3.7", "4", *ROWS.values())
    }
    for row in good_rows():
        received, replied, kind = row["received"], row["replied"], row["type"]
        if first <= received <= last:
            table["1"][kind] += 1
        if received < first and (replied is None or replied >= first):
            table["2"][kind] += 1
        if replied is not None and first <= replied <= last:
            table[ROWS[row["outcome"]]][kind] += 1
            table["3.7"][kind] += 1
        if received <= last and (replied is None or replied > last):
            table["4"][kind] += 1
    return table


def test_the_sample_is_refused_whole_by_default_naming_every_bad_row(run: CliInvoke) -> None:
    for args in ((), ("--dry-run",)):
        report = imported(run, str(SAMPLE), *args, ok=False)
        assert (report["rows"], report["refused_rows"], report["imported"]) == (1000, 35, 0)
        assert report["written"] is False
        refused: dict[int, set[str]] = {}
        for item in report["refused"]:
            refused.setdefault(item["row"], set()).add(item["column"])
        assert set(refused) == set(EXPECTED)
        for row, column in EXPECTED.items():
            assert column in refused[row], (row, refused[row])
        assert report["ignored_headers"] == ["序号", "备注"]
    assert json.loads(run("search", "公开", "--json").output) == []  # nothing was written


def test_the_rows_that_pass_are_imported_and_counted_in_the_report_of_their_years(
    run: CliInvoke,
) -> None:
    report = imported(run, str(SAMPLE), "--partial")
    assert (report["imported"], report["refused_rows"]) == (965, 35)
    assert sum(report["by_year"].values()) == 965
    # Finished cases arrive 已归档: the alerts concern only the rows still open (2026).
    alerts = json.loads(run("alerts", "--json").output)
    still_open = {
        c["number"]
        for c in json.loads(run("list", "--state", "registered", "--all", "--json").stdout)
    }
    assert alerts and {a["case"] for a in alerts} <= still_open
    for year in (2023, 2024, 2025):
        data = json.loads(run("report", "annual", "--year", str(year), "--json").output)
        cells = {row["key"]: row for row in data["table3"]}
        for key, counts in expected_table(year).items():
            for column in TYPES.values():
                assert cells[key][column] == counts[column], (year, key, column)
            assert cells[key]["total"] == sum(counts.values()), (year, key)
    assert report["numbers"][0] == "2023-0001"


def _csv(path: Path, lines: list[list[str]], encoding: str = "gb18030") -> Path:
    with path.open("w", encoding=encoding, newline="") as file:
        csv.writer(file).writerows(lines)
    return path


HEADER = ["收到申请日期", "申请人", "申请人类型", "证件类型", "证件号码", "申请渠道", "申请内容",
          "办理结果", "答复文号", "答复日期", "送达方式", "送达日期", "原台账编号"]  # fmt: skip
CLEAN = [
    ["2025-03-03", "张三", "自然人", "居民身份证", "11010519491231002X", "当面提交",
     "2024年度部门预算及说明", "予以公开", "示发改信复〔2025〕31号", "2025-03-20", "邮寄",
     "2025-03-21", "台账-2025-007"],
    ["2025-12-22", "示例科技有限公司", "商业企业", "", "", "网上申请", "滨江路绿化养护合同",
     "部分公开", "示发改信复〔2026〕2号", "2026-01-09", "", "", ""],
    ["2026-06-01", "李四", "自然人", "", "", "邮寄", "北环路改造工程招标文件", "", "", "", "",
     "", ""],
]  # fmt: skip


def test_a_clean_csv_is_imported_whole_with_its_reply_delivery_and_journal(
    run: CliInvoke, tmp_path: Path
) -> None:
    ledger = _csv(tmp_path / "台账.csv", [HEADER, *CLEAN])
    text = run("import", str(ledger)).output
    assert "已导入 3 件（2025 年 2 件，2026 年 1 件）" in text
    first = json.loads(run("show", "2025-0001", "--json").output)
    assert (first["state"], first["outcome"], first["reply_number"]) == (
        "archived", "disclose", "示发改信复〔2025〕31号",
    )  # fmt: skip
    assert first["receipt"]["ledger_number"] == "台账-2025-007"
    assert json.loads(run("show", "2025-0002", "--json").output)["outcome"] == "partial"
    still_open = json.loads(run("show", "2026-0001", "--json").output)
    # 20 working days after Mon 06-01, the Dragon Boat holiday Fri 06-19 not counted.
    assert (still_open["state"], still_open["reply_due_on"]) == ("registered", "2026-06-30")
    events = json.loads(run("history", "2025-0001", "--json").output)["events"]
    assert [e["action"] for e in events] == ["import"]
    assert events[0]["data"]["row"] == 2 and len(events[0]["data"]["sha256"]) == 64
    assert "11010519491231002X" not in json.dumps(events[0]["data"])
    assert [c["number"] for c in json.loads(run("search", "绿化养护", "--json").output)] == [
        "2025-0002"
    ]
    # The sequence goes on after the imported numbers.
    registered = run(
        "register", "--applicant", "王五", "--applicant-type", "natural", "--channel",
        "in-person", "--received-on", "2026-06-29", "--description", "会议纪要",
    )  # fmt: skip
    assert registered.output.strip().splitlines()[-1] == "2026-0002"
    # 2025's report: two new, one result (the other replied in 2026), one carried out.
    table = {r["key"]: r["total"] for r in json.loads(
        run("report", "annual", "--year", "2025", "--json").output)["table3"]}  # fmt: skip
    assert (table["1"], table["3.1"], table["3.2"], table["4"]) == (2, 1, 0, 1)
    # Each imported journal entry is the sealed first link of its case's hash chain.
    verified = run("verify", "--all")
    assert verified.exit_code == 0 and "完好，未发现不符" in verified.output, verified.output


def test_the_template_has_every_header_and_imports_as_an_empty_file(
    run: CliInvoke, tmp_path: Path
) -> None:
    xlsx, plain = tmp_path / "模板.xlsx", tmp_path / "模板.csv"
    run("import", "--template", str(xlsx))
    run("import", "--template", str(plain))
    workbook = load_workbook(xlsx)
    headers = [cell.value for cell in workbook.worksheets[0][1]]
    assert headers[:3] == ["原台账编号", "收到申请日期", "申请人"] and "送达日期" in headers
    assert workbook.sheetnames == ["台账", "填写说明"]
    assert plain.read_text(encoding="utf-8-sig").strip().split(",") == headers
    result = run("import", str(plain), ok=False)
    assert result.exit_code == 1 and "没有数据行" in result.output


@pytest.mark.parametrize(
    ("name", "lines", "message"),
    [
        ("台账.txt", [HEADER], "应以 .xlsx 或 .csv 结尾"),
        ("台账.csv", [["申请人", "申请内容"], ["张三", "预算"]], "缺少必需的列：收到申请日期"),
        ("台账.xlsx", [HEADER], "无法按 Excel"),
    ],
)
def test_a_file_that_cannot_be_a_ledger_is_refused_in_chinese(
    run: CliInvoke, tmp_path: Path, name: str, lines: list[list[str]], message: str
) -> None:
    path = _csv(tmp_path / name, lines, "utf-8")
    result = run("import", str(path), ok=False)
    assert result.exit_code == 1
    assert message in result.output


def test_template_and_file_together_or_neither_are_usage_errors(
    run: CliInvoke, tmp_path: Path
) -> None:
    assert run("import", ok=False).exit_code == 1
    both = run("import", str(SAMPLE), "--template", str(tmp_path / "t.xlsx"), ok=False)
    assert both.exit_code == 1 and "--template" in both.output


def test_a_ledger_imported_twice_is_refused_the_second_time(run: CliInvoke, tmp_path: Path) -> None:
    ledger = _csv(tmp_path / "台账.csv", [HEADER, *CLEAN])
    run("import", str(ledger))
    again = imported(run, str(ledger), ok=False)
    assert [(r["row"], r["column"]) for r in again["refused"]] == [(2, "答复文号"), (3, "答复文号")]
    assert "已是登记簿中案件的答复文号" in again["refused"][0]["rule"]
    assert again["written"] is False
    assert len(json.loads(run("search", "--applicant", "李四", "--json").output)) == 1
