"""The command line end to end through CliRunner on a temporary home."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest

from casework.entrypoints.cli import cli as root_command
from tests.conftest import CliInvoke, dump

ZHANG = [
    "register",
    "--applicant",
    "张三",
    "--applicant-type",
    "natural",
    "--id-type",
    "resident-id",
    "--id-number",
    "11010519491231002X",
    "--contact",
    "13800000000",
    "--channel",
    "in-person",
    "--received-on",
    "2026-04-01",
    "--description",
    "2025年度部门预算",
    "--form",
    "electronic",
    "--delivery",
    "email",
]


def test_register_prints_the_new_case_number_as_the_last_line(cli: CliInvoke) -> None:
    result = cli(*ZHANG)
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == "2026-0001"
    assert "已登记：张三" in result.output


def test_register_json_prints_the_whole_case(cli: CliInvoke) -> None:
    result = cli(*ZHANG, "--json")
    assert result.exit_code == 0, result.output
    case = json.loads(result.output)
    assert case["number"] == "2026-0001"
    assert case["applicant"] == {
        "name": "张三",
        "type": "natural",
        "type_label": "自然人",
        "id_type": "resident-id",
        "id_number": "11010519491231002X",
        "contact": "13800000000",
        "address": "",
    }
    assert case["receipt"]["channel"] == "in-person"


def test_show_json_has_the_contract_keys_and_the_whole_identity(cli: CliInvoke) -> None:
    cli(*ZHANG)
    result = cli("show", "2026-0001", "--json")
    assert result.exit_code == 0, result.output
    case = json.loads(result.output)
    for key in (
        "number",
        "agency",
        "state",
        "applicant",
        "channel",
        "received_on",
        "reply_due_on",
        "outcome",
        "reply_number",
        "allowed_actions",
        "derivation",
    ):
        assert key in case
    assert (case["agency"], case["state"], case["channel"]) == ("demo", "registered", "in-person")
    assert case["applicant"]["name"] == "张三"
    assert case["applicant"]["type"] == "natural"
    assert case["applicant"]["id_number"] == "11010519491231002X"
    assert case["received_on"] == "2026-04-01"


def test_show_finds_a_case_by_its_query_code(cli: CliInvoke) -> None:
    code = json.loads(cli(*ZHANG, "--json").output)["query_code"]
    result = cli("show", code.lower())
    assert result.exit_code == 0, result.output
    assert "2026-0001" in result.output


def test_list_masks_identity_numbers(cli: CliInvoke) -> None:
    cli(*ZHANG)
    listed = json.loads(cli("list", "--json").output)
    assert [case["applicant"]["id_number"] for case in listed] == ["1101**********002X"]
    text = cli("list").output
    assert "11010519491231002X" not in text and "张三" in text


def test_history_lists_the_registration_with_masked_identity(cli: CliInvoke) -> None:
    cli(*ZHANG)
    result = cli("history", "2026-0001", "--json")
    events = json.loads(result.output)["events"]
    assert [(e["action"], e["actor"], e["state_after"]) for e in events] == [
        ("register", "zhangsan", "registered")
    ]
    assert events[0]["effective_on"] == "2026-04-01"
    assert events[0]["recorded_at"].endswith("+08:00")
    assert events[0]["data"]["applicant"]["id_number"] == "1101**********002X"
    assert "登记" in cli("history", "2026-0001").output


def test_list_filters_by_state_and_agency(cli: CliInvoke) -> None:
    cli(*ZHANG)
    cli(*ZHANG, "--agency", "tj")
    # Issue 21: list shows the default agency's cases unless --all-agencies.
    assert len(json.loads(cli("list", "--all-agencies", "--json").output)) == 2
    assert [c["agency"] for c in json.loads(cli("list", "--json").output)] == ["demo"]
    only_tj = json.loads(cli("list", "--agency", "tj", "--json").output)
    assert [(c["agency"], c["number"]) for c in only_tj] == [("tj", "2026-0001")]
    assert json.loads(cli("list", "--state", "archived", "--json").output) == []


def test_a_number_shared_by_two_agencies_means_the_default_agencys_case(cli: CliInvoke) -> None:
    # Issue 21: the bare number resolves by the default agency first (it was ambiguous before).
    cli(*ZHANG)
    cli(*ZHANG, "--agency", "tj")
    shown = json.loads(cli("show", "2026-0001", "--json").output)
    assert shown["agency"] == "demo"
    assert json.loads(cli("show", "2026-0001", "--agency", "tj", "--json").output)["agency"] == "tj"
    assert cli("history", "2026-0001").exit_code == 0


def test_a_number_shared_by_two_agencies_other_than_the_default_needs_the_agency(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from tests.conftest import write_home

    third = (
        '[agencies.jt]\nname = "示例市交通局"\ndoc_code = "示交"\nkind = "department"\n'
        'reconsideration_organ = "示例市人民政府"\n'
    )
    home = write_home(tmp_path / "home", extra=third)
    monkeypatch.setenv("CASEWORK_NOW", "2026-11-20T09:30:00+08:00")

    def run(*args: str) -> click.testing.Result:
        return CliRunner().invoke(root_command, ["--home", str(home), "--user", "zhangsan", *args])

    run(*ZHANG, "--agency", "tj")
    run(*ZHANG, "--agency", "jt")
    result = run("show", "2026-0001")
    assert result.exit_code == 1
    assert "在多个机关下都存在（jt、tj），请用 --agency 指明机关" in result.output
    assert run("show", "2026-0001", "--agency", "jt").exit_code == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (["--id-number", "110105194912310021"], "--id-number（证件号码）"),
        (["--received-on", "2030-01-01"], "--received-on（收到申请日期）"),
        (["--received-on", "2019-05-14"], "--received-on（收到申请日期）"),
        (["--description", ""], "--description（所需信息描述）"),
        (["--agency", "nope"], "--agency（机关）"),
    ],
)
def test_a_refused_registration_changes_nothing(
    cli: CliInvoke, home: Path, change: list[str], field: str
) -> None:
    cli(*ZHANG)
    before = dump(home)
    args = list(ZHANG)
    index = args.index(change[0]) if change[0] in args else len(args)
    args[index : index + 2] = change
    result = cli(*args)
    assert result.exit_code == 1
    assert f"错误：{field}" in result.output
    assert dump(home) == before
    # The refused attempt consumed no number: the next one follows on.
    assert cli(*ZHANG).output.strip().splitlines()[-1] == "2026-0002"


def test_a_malformed_date_option_is_explained_in_chinese(cli: CliInvoke) -> None:
    result = cli(*ZHANG[:-2], "--received-on", "2026/04/01")
    assert result.exit_code == 1
    assert "不是有效日期" in result.output and "YYYY-MM-DD" in result.output


def test_register_file_reports_each_application(cli: CliInvoke, tmp_path: Path) -> None:
    batch = tmp_path / "batch.json"
    batch.write_text(
        json.dumps(
            [
                {
                    "applicant": "李四",
                    "applicant-type": "natural",
                    "channel": "post",
                    "received-on": "2026-04-03",
                    "description": "停车收费成本监审报告",
                },
                {
                    "applicant": "赵六",
                    "applicant_type": "natural",
                    "channel": "in-person",
                    "received_on": "2026-13-01",
                    "description": "x",
                },
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    refused = cli("register", "--file", str(batch))
    assert refused.exit_code == 1
    assert "第 2 条的「received_on」不是有效日期" in refused.output
    assert json.loads(cli("list", "--json").output) == []  # a malformed file registers nothing

    batch.write_text(
        json.dumps(
            {
                "applications": [
                    {
                        "applicant": "李四",
                        "applicant-type": "natural",
                        "channel": "post",
                        "received-on": "2026-04-03",
                        "description": "停车收费成本监审报告",
                    },
                    {
                        "applicant": "",
                        "applicant-type": "natural",
                        "channel": "post",
                        "received-on": "2026-04-03",
                        "description": "x",
                    },
                ]
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    result = cli("register", "--file", str(batch), "--json")
    assert result.exit_code == 1
    outcome = json.loads(result.output)
    assert outcome[0]["number"] == "2026-0001" and outcome[0]["error"] is None
    assert outcome[1]["number"] is None and "必须填写" in outcome[1]["error"]


def test_register_file_reads_toml(cli: CliInvoke) -> None:
    demo = Path(__file__).resolve().parents[2] / "demo" / "applications.toml"
    result = cli("register", "--file", str(demo))
    assert result.exit_code == 1  # the third entry has a wrong check digit
    assert "共 3 份：登记 2 份，失败 1 份。" in result.output
    assert len(json.loads(cli("list", "--json").output)) == 2


def test_a_home_without_config_asks_for_init(tmp_path: Path) -> None:
    from click.testing import CliRunner

    result = CliRunner().invoke(root_command, ["--home", str(tmp_path / "empty"), "list"])
    assert result.exit_code == 1
    assert "casework init" in result.output


def test_init_writes_the_example_config_and_migrates(tmp_path: Path) -> None:
    from click.testing import CliRunner

    home = tmp_path / "fresh"
    result = CliRunner().invoke(root_command, ["--home", str(home), "init"])
    assert result.exit_code == 0, result.output
    assert (home / "config.toml").is_file() and (home / "casework.db").is_file()
    again = CliRunner().invoke(root_command, ["--home", str(home), "init"])
    assert again.exit_code == 0 and "已写入示例配置" not in again.output


def test_a_typo_in_config_is_named(cli: CliInvoke, home: Path) -> None:
    config = home / "config.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + "\ncase_numbr_format = 'x'\n", encoding="utf-8"
    )
    result = cli("list")
    assert result.exit_code == 1
    assert "case_numbr_format" in result.output and "未知的设置项" in result.output


def test_environment_variables_override_the_config_file(
    cli: CliInvoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEWORK_CASE_NUMBER_FORMAT", "{agency}-{year}-{seq:05d}")
    result = cli(*ZHANG)
    assert result.output.strip().splitlines()[-1] == "demo-2026-00001"


def all_commands() -> list[list[str]]:
    paths: list[list[str]] = [[]]
    ctx = click.Context(root_command)
    for name in root_command.list_commands(ctx):  # the root loads its commands lazily
        command = root_command.get_command(ctx, name)
        paths.append([name])
        if isinstance(command, click.Group):
            paths.extend([name, sub] for sub in command.commands)
    return paths


@pytest.mark.parametrize("path", all_commands(), ids=lambda p: " ".join(p) or "casework")
def test_every_help_is_chinese_with_an_example(path: list[str]) -> None:
    from click.testing import CliRunner

    result = CliRunner().invoke(root_command, [*path, "--help"])
    assert result.exit_code == 0
    assert result.output.startswith("用法：")
    assert "示例：" in result.output
    assert "Show this message" not in result.output and "Options" not in result.output
