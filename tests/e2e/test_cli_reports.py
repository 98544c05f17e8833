"""The report commands through the CLI on a temporary home: annual report (text, JSON, files),
remedies with a reopening, the register, the statistics and the candidates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from casework.entrypoints.cli.output import display_width
from tests.conftest import CliInvoke, dump

NOW = "2026-11-20T09:30:00+08:00"


@pytest.fixture
def run(cli: CliInvoke, monkeypatch: pytest.MonkeyPatch) -> CliInvoke:
    monkeypatch.setenv("CASEWORK_NOW", NOW)

    def invoke(*args: str, user: str = "zhangsan", ok: bool = True) -> Any:
        result = cli(*args, user=user)
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return invoke


def new_case(run: CliInvoke, kind: str, received_on: str, description: str) -> str:
    result = run(
        "register",
        "--applicant",
        f"{kind}申请人",
        "--applicant-type",
        kind,
        "--channel",
        "in-person",
        "--received-on",
        received_on,
        "--description",
        description,
    )
    return str(result.output.strip().splitlines()[-1])


def answer(run: CliInvoke, number: str, on: str) -> None:
    run("draft", number, "--outcome", "disclose", "--access", "随答复提供", "--on", on)
    run("approve", number, "--on", on, user="lisi")
    run("issue", number, "--on", on, user="lisi")


@pytest.fixture
def cases(run: CliInvoke) -> list[str]:
    first = new_case(run, "natural", "2026-04-01", "2025年度部门预算")
    second = new_case(run, "enterprise", "2026-04-02", "申请公开2025年度部门预算")
    new_case(run, "legal-service", "2026-11-02", "某路段拆迁补偿方案")
    answer(run, first, "2026-04-13")
    return [first, second]


def test_the_annual_report_prints_both_tables_aligned_with_the_verbatim_labels(
    run: CliInvoke, cases: list[str]
) -> None:
    output = run("report", "annual", "--year", "2026").output
    lines = output.splitlines()
    numbered = [line for line in lines if line.lstrip().startswith(("一、", "二、", "四、结转"))]
    assert len({display_width(line) for line in numbered}) == 1  # the 总计 column lines up
    assert "    3.危及“三安全一稳定”" in output
    assert "  （二）部分公开（区分处理的，只计这一情形，不计其他情形）" in output
    assert "四、政府信息公开行政复议、行政诉讼情况" in output
    row = next(line for line in lines if line.startswith("一、本年新收"))
    assert row.split()[1:] == ["1", "1", "0", "0", "1", "0", "3"]


def test_the_json_has_the_documented_shape(run: CliInvoke, cases: list[str]) -> None:
    data = json.loads(run("report", "annual", "--year", "2026", "--json").output)
    assert set(data) == {"year", "agency", "table3", "table4"}
    assert (data["year"], data["agency"]) == (2026, "demo")
    columns = {"natural", "enterprise", "research", "public_interest", "legal_service", "other_org"}
    assert set(data["table3"][0]) == {"key", "label", "total", *columns}
    assert [row["total"] for row in data["table3"] if row["key"] in ("1", "3.1", "3.7", "4")] == [
        3,
        1,
        1,
        2,
    ]
    assert set(data["table4"]) == {
        "reconsideration",
        "litigation_direct",
        "litigation_after_reconsideration",
    }
    assert set(data["table4"]["reconsideration"]) == {
        "upheld",
        "corrected",
        "other",
        "pending",
        "total",
    }


def test_the_files_are_written_where_asked(
    run: CliInvoke, cases: list[str], tmp_path: Path
) -> None:
    xlsx, docx = tmp_path / "表.xlsx", tmp_path / "表.docx"
    output = run(
        "report", "annual", "--year", "2026", "--xlsx", str(xlsx), "--docx", str(docx)
    ).output
    assert f"已保存：{xlsx}" in output and docx.exists()
    assert load_workbook(xlsx)["表三"]["D5"].value == 1


def test_agency_and_all_agencies_together_are_refused(run: CliInvoke, cases: list[str]) -> None:
    result = run("report", "annual", "--agency", "demo", "--all-agencies", ok=False)
    assert result.exit_code == 1
    assert "--all-agencies（全部机关）：--agency 与 --all-agencies 不能同时使用" in result.stderr


def test_a_remedy_is_recorded_updated_listed_and_can_reopen_the_case(
    run: CliInvoke, cases: list[str]
) -> None:
    number = cases[0]
    where = ["--kind", "reconsideration", "--filed-on", "2026-05-06"]
    run("remedy", number, *where, "--organ", "示例市人民政府")
    output = run(
        "remedy",
        number,
        *where,
        "--result",
        "corrected",
        "--decided-on",
        "2026-06-20",
        "--reopen",
        "--decision-number",
        "示府复决〔2026〕3号",
        "--reply-days",
        "15",
        "--on",
        "2026-06-23",
    ).output
    assert "已重新办理（重新答复），答复期限：2026-07-13" in output
    listed = json.loads(run("remedy", number, "--json").output)["remedies"]
    assert [(r["result"], r["reopened_on"]) for r in listed] == [("corrected", "2026-06-23")]
    shown = json.loads(run("show", number, "--json").output)
    assert (shown["state"], shown["reply_due_on"]) == ("registered", "2026-07-13")
    table4 = json.loads(run("report", "annual", "--year", "2026", "--json").output)["table4"]
    assert table4["reconsideration"]["corrected"] == 1
    result_row = json.loads(run("report", "annual", "--year", "2026", "--json").output)["table3"]
    assert next(r for r in result_row if r["key"] == "3.1")["natural"] == 1  # still counted


def test_a_bad_remedy_changes_nothing(run: CliInvoke, cases: list[str], home: Path) -> None:
    before = dump(home)
    result = run(
        "remedy",
        cases[0],
        "--kind",
        "litigation",
        "--filed-on",
        "2026-05-06",
        "--result",
        "upheld",
        ok=False,
    )
    assert result.exit_code == 1
    assert "--decided-on（决定或裁判日期）：已有结果的须填写" in result.stderr
    assert dump(home) == before


def test_the_register_statistics_and_candidates(
    run: CliInvoke, cases: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "台账.xlsx"
    output = run("export", "--from", "2026-01-01", "--to", "2026-12-31", "--xlsx", str(path)).output
    assert "3 件申请" in output
    assert load_workbook(path)["台账"]["A3"].value == cases[0]
    stats = json.loads(run("stats", "--year", "2026", "--json").output)
    assert (stats["cases"], stats["on_time"], stats["median_days"]) == (1, 1, 7.0)
    assert "按期答复率          100.0%（1/1）" in run("stats", "--year", "2026").output
    found = json.loads(run("candidates", "--json").output)
    assert [(g["applicants"], g["cases"]) for g in found] == [(2, cases)]


def test_export_writes_the_register_as_csv_beside_xlsx(
    run: CliInvoke, cases: list[str], tmp_path: Path
) -> None:
    import csv

    from casework.domain.report.statistics import LEDGER_COLUMNS

    path = tmp_path / "台账.csv"
    output = run("export", "--from", "2026-01-01", "--to", "2026-12-31", "--csv", str(path)).output
    assert f"3 件申请：{path}" in output
    assert path.read_bytes().startswith("\ufeff".encode())  # Excel reads the Chinese as UTF-8
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [header for _key, header in LEDGER_COLUMNS]
    assert [row[0] for row in rows[1:3]] == cases and len(rows) == 4
    missing = run("export", "--from", "2026-01-01", "--to", "2026-12-31", ok=False)
    assert missing.exit_code == 1 and "--xlsx 或 --csv" in missing.output
