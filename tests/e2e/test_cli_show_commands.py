"""`show` lists only what a clerk can type now, each with its command (issue 14): the lapses
and the end of a consultation window happen on their dates (`casework lapse`, the sweep), and a
reopening is recorded with the remedy that orders it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import CliInvoke
from tests.e2e.test_cli_workflow_paths import new_case


@pytest.fixture
def run(cli: CliInvoke, monkeypatch: pytest.MonkeyPatch) -> CliInvoke:
    monkeypatch.setenv("CASEWORK_NOW", "2026-04-20T10:00:00+08:00")

    def invoke(*args: str, user: str = "zhangsan") -> Any:
        result = cli(*args, user=user)
        assert result.exit_code == 0, result.output
        return result

    return invoke


def test_a_consulting_case_offers_the_opinion_but_not_the_windows_end(run: CliInvoke) -> None:
    number = new_case(run)
    run(
        "consult",
        number,
        "--party",
        "某公司",
        "--party-kind",
        "third-party",
        "--concern",
        "涉及该单位的经营数据，公开可能损害其商业秘密",
        "--on",
        "2026-04-08",
    )
    shown = json.loads(run("show", number, "--json").stdout)
    assert "close-consultation" in shown["allowed_actions"]  # the workflow's own list
    commands = {item["action"]: item["command"] for item in shown["allowed_commands"]}
    assert commands["record-opinion"] == f"casework record-opinion {number}"
    assert "close-consultation" not in commands
    text = run("show", number).stdout
    assert f"记录意见（casework record-opinion {number}）" in text
    assert "close-consultation" not in text and "征求意见期满" not in text


def test_a_correcting_case_does_not_offer_its_lapse(run: CliInvoke) -> None:
    number = new_case(run)
    run("request-correction", number, "--items", "请写明文件名称", "--on", "2026-04-03")
    shown = json.loads(run("show", number, "--json").stdout)
    assert "lapse-correction" in shown["allowed_actions"]
    assert "lapse-correction" not in {item["action"] for item in shown["allowed_commands"]}
    assert "lapse-correction" not in run("show", number).stdout


def test_a_replied_case_offers_the_reopening_as_the_remedy_command(run: CliInvoke) -> None:
    number = new_case(run)
    run(
        "draft", number, "--outcome", "not_held", "--on", "2026-04-10",
        "--facts", "经检索，本机关未制作该信息",
        "--search-process", "检索了本机关2025年收文、发文登记簿，关键词“预算”",
    )  # fmt: skip
    run("approve", number, "--on", "2026-04-13", user="lisi")
    run("issue", number, "--on", "2026-04-14", user="lisi")
    text = run("show", number).stdout
    assert f"重新答复（casework remedy {number} … --reopen）" in text
    assert "（reopen）" not in text
