"""Issue 17, hand-offs and voiding: ``assign`` (转办/签收) changes the handler with a journal
entry, ``list --handler`` and ``todo`` show one clerk's open work by the next deadline, and
``void`` takes a registration entered by mistake out of the annual report while its journal
stays.  On SQLite and PostgreSQL.  Today is 2026-06-30."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliInvoke, write_home
from tests.e2e.test_cli_corrections import events, stored
from tests.e2e.test_cli_workflow_paths import decide, new_case, run, shown

__all__ = ["run"]  # the fixture, imported for pytest


@pytest.fixture
def home(tmp_path: Path, database_url: str) -> Path:
    """The temporary home on each engine (overrides the SQLite-only one)."""
    return write_home(tmp_path / "home", database_url)


def numbers(listed: str) -> list[str]:
    return [case["number"] for case in json.loads(listed)]


def test_a_hand_off_changes_the_handler_with_a_journal_entry(run: CliInvoke) -> None:
    number = new_case(run)
    assert shown(run, number)["handler"] == "zhangsan"
    result = run("assign", number, "--to", "lisi", "--note", "涉及财务数据")
    assert "已转办：经办人 张三 → 李四" in result.output
    assert shown(run, number)["handler"] == "lisi"
    last = events(run, number)[-1]
    assert (last["action"], last["actor"], last["state_before"], last["state_after"]) == (
        "assign",
        "zhangsan",
        "registered",
        "registered",
    )
    assert last["data"] == {
        "kind": "转办",
        "from": "zhangsan",
        "to": "lisi",
        "note": "涉及财务数据",
    }
    history = run("history", number).output
    assert "转办/签收" in history


def test_taking_a_case_over_is_recorded_as_signed_for(run: CliInvoke) -> None:
    number = new_case(run)
    run("assign", number, "--to", "wangwu", user="wangwu")
    assert events(run, number)[-1]["data"]["kind"] == "签收"
    assert shown(run, number)["handler"] == "wangwu"


@pytest.mark.parametrize(
    ("to", "rule"),
    [
        ("zhaoliu", "「zhaoliu」不是配置中的用户；可选：lisi、wangwu、zhangsan"),
        ("zhangsan", "已由「zhangsan」经办"),
        ("  ", "必须填写用户名"),
    ],
)
def test_a_refused_hand_off_names_the_rule_and_changes_nothing(
    run: CliInvoke, to: str, rule: str
) -> None:
    number = new_case(run)
    before = stored(run, number)
    refused = run("assign", number, "--to", to, ok=False)
    assert refused.exit_code == 1
    assert "--to（接办人）" in refused.output and rule in refused.output
    assert stored(run, number) == before


def test_list_by_handler_and_todo_show_one_clerks_open_work_by_the_next_deadline(
    run: CliInvoke,
) -> None:
    later = new_case(run, received_on="2026-06-29")  # reply due 2026-07-27
    sooner = new_case(run, received_on="2026-06-12")  # reply due 2026-07-13 (端午 06-19)
    mine = new_case(run, received_on="2026-06-01")  # stays with zhangsan
    correcting = new_case(run, received_on="2026-06-22")
    # The correction period (15 working days from sending, 2026-06-23) ends 2026-07-14.
    run("request-correction", correcting, "--items", "请写明文件名称", "--on", "2026-06-23")
    done = new_case(run, received_on="2026-06-02")
    for number in (later, sooner, correcting, done):
        run("assign", number, "--to", "lisi")
    decide(run, done, "2026-06-29")
    run("deliver", done, "--method", "in-person", "--on", "2026-06-29")
    run("archive", done)  # archived: no longer anyone's work
    listed = run("list", "--handler", "lisi", "--json").output
    assert sorted(numbers(listed)) == sorted([later, sooner, correcting, done])
    todo = json.loads(run("todo", "--json", user="lisi").output)
    assert [c["number"] for c in todo] == [sooner, correcting, later]
    assert [c["next_deadline_on"] for c in todo] == ["2026-07-13", "2026-07-14", "2026-07-27"]
    table = run("todo", user="lisi").output
    assert table.index(sooner) < table.index(correcting) < table.index(later)
    assert "补正期限" in table and "共 3 件。" in table
    assert numbers(run("todo", "--json").output) == [mine]
    assert numbers(run("todo", "--user", "lisi", "--json").output) == [sooner, correcting, later]
    assert "「wangwu」没有待办案件。" in run("todo", user="wangwu").output


def test_list_and_todo_refuse_an_unknown_handler(run: CliInvoke) -> None:
    for args in (("list", "--handler", "zhaoliu"), ("todo", "--user", "zhaoliu")):
        refused = run(*args, ok=False)
        assert refused.exit_code == 1 and "不是配置中的用户" in refused.output


def annual_totals(run: CliInvoke) -> dict[str, Any]:
    data = json.loads(run("report", "annual", "--year", "2026", "--json").output)
    return {row["key"]: row["total"] for row in data["table3"] if row["key"] in ("1", "3.7", "4")}


def test_a_voided_registration_is_left_out_of_the_annual_report_and_kept_in_the_journal(
    run: CliInvoke,
) -> None:
    kept = new_case(run)
    duplicate = new_case(run)
    withdrawn = new_case(run)
    run(
        "withdraw",
        withdrawn,
        "--reason",
        "申请人书面撤回",
        "--on",
        "2026-04-10",
        "--how",
        "written",
    )
    assert annual_totals(run) == {"1": 3, "3.7": 1, "4": 2}
    result = run("void", duplicate, "--reason", f"同一申请重复登记，见 {kept}")
    assert "已登记/办理中 → 已作废" in result.output
    # Withdrawn is an application concluded (三（六）3); the voided entry is no application.
    assert annual_totals(run) == {"1": 2, "3.7": 1, "4": 1}
    case = shown(run, duplicate)
    assert case["state"] == "voided" and case["next_deadline_on"] is None
    last = events(run, duplicate)[-1]
    assert (last["action"], last["data"]["reason"]) == ("void", f"同一申请重复登记，见 {kept}")
    assert [e["action"] for e in events(run, duplicate)] == ["register", "void"]
    assert duplicate not in numbers(run("todo", "--json").output)
    assert duplicate not in numbers(run("list", "--overdue", "--json").output)


@pytest.mark.parametrize(
    ("prepare", "args", "rule"),
    [
        (False, (), "必须写明作废理由"),
        (False, ("--reason", " "), "必须写明作废理由"),
        (True, ("--reason", "误登记"), "不能执行「作废登记」"),
    ],
)
def test_a_refused_void_names_the_rule_and_changes_nothing(
    run: CliInvoke, prepare: bool, args: tuple[str, ...], rule: str
) -> None:
    number = new_case(run)
    if prepare:  # a reply already signed off: the application is answered, not voided
        decide(run, number, "2026-04-20")
    before = stored(run, number)
    refused = run("void", number, *args, ok=False)
    assert refused.exit_code == 1 and rule in refused.output
    assert stored(run, number) == before


def test_a_voided_case_is_frozen(run: CliInvoke) -> None:
    number = new_case(run)
    run("void", number, "--reason", "试录入")
    for args in (("assign", number, "--to", "lisi"), ("amend", number, "--applicant", "李四",
                 "--reason", "更正")):  # fmt: skip
        refused = run(*args, ok=False)
        assert refused.exit_code == 1 and "已作废，登记内容和经办人不再变更" in refused.output
    refused = run("archive", number, ok=False)
    assert refused.exit_code == 1


def test_a_case_is_not_handed_to_a_user_of_another_agency(run: CliInvoke, home: Path) -> None:
    config = home / "config.toml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + '\n[users.zhaoliu]\nname = "赵六"\nroles = ["clerk"]\nagencies = ["tj"]\n',
        encoding="utf-8",
    )
    number = new_case(run)  # the default agency, demo
    before = stored(run, number)
    refused = run("assign", number, "--to", "zhaoliu", ok=False)
    assert refused.exit_code == 1
    assert (
        "--to（接办人）" in refused.output
        and "用户「zhaoliu」不负责机关「demo」的案件" in refused.output
    )
    assert stored(run, number) == before
