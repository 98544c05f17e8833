"""Issue #18 through the CLI: list pages by default and streams with --all, ``show`` loads no
letter, spreadsheet or scheduler library, and nothing cached in a process outlives a change of
calendar data or configuration."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CliInvoke

REPO = Path(__file__).resolve().parents[2]
SAMPLE_2027 = REPO / "calendars" / "sample-2027.toml"
CASES = 120  # two full pages of 50 and one of 20


def register(cli: CliInvoke, received_on: str = "2026-11-02") -> str:
    result = cli(
        "register",
        "--applicant",
        "张三",
        "--applicant-type",
        "natural",
        "--channel",
        "email",
        "--received-on",
        received_on,
        "--description",
        "预算",
    )
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


@pytest.fixture
def many(cli: CliInvoke, home: Path) -> CliInvoke:
    """The home with CASES registered cases: one registered through the CLI, then copied in
    the database with numbers 2026-0002 … and receipts one day apart backwards."""
    register(cli)
    with sqlite3.connect(home / "casework.db") as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(cases)")]
        values = {
            "id": "i",
            "number": "printf('2026-%04d', i)",
            "seq": "i",
            "query_code": "printf('Q%07d', i)",
            "received_on": "date(received_on, '-' || i || ' days')",
        }
        select = ", ".join(values.get(column, column) for column in columns)
        db.execute(
            "WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            f"INSERT INTO cases SELECT {select} FROM n, cases WHERE cases.id = 1",
            (CASES,),
        )
        db.execute("UPDATE number_sequences SET last_value = ? WHERE kind = 'case'", (CASES,))
    return cli


def numbers(output: str) -> list[str]:
    return [line.split()[0] for line in output.splitlines() if line.startswith("2026-")]


def test_list_shows_the_first_page_and_says_where_it_stands(many: CliInvoke) -> None:
    result = many("list")
    assert result.exit_code == 0, result.output
    shown = numbers(result.output)
    # Oldest receipt first: the copies were received before the first case.
    assert shown == [f"2026-{n:04d}" for n in range(CASES, CASES - 50, -1)]
    assert "共 120 件，本页为第 1/3 页（第 1–50 件）" in result.output
    assert "--all" in result.output


def test_list_page_three_holds_the_last_twenty_and_page_four_none(many: CliInvoke) -> None:
    third = many("list", "--page", "3")
    assert numbers(third.output) == [f"2026-{n:04d}" for n in range(20, 0, -1)]
    assert "第 3/3 页（第 101–120 件）" in third.output
    fourth = many("list", "--page", "4")
    assert fourth.exit_code == 0
    assert numbers(fourth.output) == []
    assert "第 4 页没有案件：共 120 件，3 页。" in fourth.output


def test_list_all_streams_every_case_as_a_table_and_as_json(many: CliInvoke) -> None:
    table = many("list", "--all")
    assert table.exit_code == 0, table.output
    assert numbers(table.output) == [f"2026-{n:04d}" for n in range(CASES, 0, -1)]
    assert table.output.rstrip().endswith("共 120 件。")
    listed = json.loads(many("list", "--all", "--json").output)
    assert [case["number"] for case in listed] == [f"2026-{n:04d}" for n in range(CASES, 0, -1)]
    assert listed[0]["applicant"]["name"] == "张三"


def test_list_json_pages_too_and_says_so_on_standard_error(many: CliInvoke) -> None:
    result = many("list", "--json", "--page", "2")
    assert [case["number"] for case in json.loads(result.stdout)] == [
        f"2026-{n:04d}" for n in range(70, 20, -1)
    ]
    assert "第 2/3 页（第 51–100 件）" in result.stderr


def test_list_all_with_no_case_and_page_with_all_are_answered(cli: CliInvoke) -> None:
    assert "没有符合条件的案件。" in cli("list", "--all").output
    assert json.loads(cli("list", "--all", "--json").output) == []
    refused = cli("list", "--all", "--page", "2")
    assert refused.exit_code == 1
    assert "--page 与 --all 只能选一个" in refused.output


def test_show_loads_neither_docxtpl_nor_openpyxl_nor_the_scheduler(
    cli: CliInvoke, home: Path
) -> None:
    number = register(cli)
    script = (
        "import sys\n"
        "from casework.entrypoints.cli import cli\n"
        "try:\n"
        "    cli.main(args=sys.argv[1:], prog_name='casework')\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        "heavy = ('docxtpl', 'docx', 'openpyxl', 'apscheduler', 'numpy', 'sqlalchemy.dialects.postgresql')\n"
        "print('LOADED', sorted(m for m in heavy if m in sys.modules))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO), "CASEWORK_NOW": "2026-11-20"}
    done = subprocess.run(
        [sys.executable, "-c", script, "--home", str(home), "--user", "zhangsan", "show", number],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert number in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "LOADED []"


def test_a_calendar_year_loaded_in_the_same_process_changes_the_next_answer(
    cli: CliInvoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEWORK_NOW", "2026-12-18T09:00:00+08:00")
    number = register(cli, "2026-12-17")
    before = [json.loads(cli("show", number, "--json").output) for _ in range(2)]
    assert before[0]["reply_due_on"] == before[1]["reply_due_on"] == "2027-01-15"
    assert before[0]["due_provisional"] is True
    assert cli("calendar", "load", str(SAMPLE_2027)).exit_code == 0
    after = json.loads(cli("show", number, "--json").output)
    # 2027-01-01..03 rest in the sample (the 2nd and 3rd are a weekend), nothing else in
    # January: the same day, no longer provisional, and its year's data named in the steps.
    assert after["due_provisional"] is False
    assert after["reply_due_on"] == "2027-01-15"
    assert any("2027" in str(step) for step in after["derivation"])
    assert after["derivation"] != before[0]["derivation"]


def test_a_changed_correction_period_in_the_same_process_gives_the_new_deadline(
    cli: CliInvoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = register(cli), register(cli)
    asked = ("--items", "请写明文件名称", "--on", "2026-11-03")
    assert cli("request-correction", first, *asked).exit_code == 0
    monkeypatch.setenv("CASEWORK_CLOCK__CORRECTION_PERIOD_DAYS", "10")
    assert cli("request-correction", second, *asked).exit_code == 0
    ends = [
        json.loads(cli("show", n, "--json").output)["next_deadline_on"] for n in (first, second)
    ]
    assert ends[0] != ends[1]
    assert ends[1] < ends[0]
