"""An action dated far in the past is the clerk's legal date to give, but it is pointed out in
Chinese and flagged in the journal (issue 14: backdating).  Dates from the 2026 calendar:
today is Tue 30 June; Dragon Boat Festival 06-19..21."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import CliInvoke
from tests.e2e.test_cli_workflow_paths import new_case


@pytest.fixture
def run(cli: CliInvoke, monkeypatch: pytest.MonkeyPatch) -> CliInvoke:
    monkeypatch.setenv("CASEWORK_NOW", "2026-06-30T10:00:00+08:00")

    def invoke(*args: str) -> Any:
        result = cli(*args, user="zhangsan")
        assert result.exit_code == 0, result.output
        return result

    return invoke


PARTY = (
    "--party",
    "某科技有限公司",
    "--party-kind",
    "third-party",
    "--concern",
    "涉及该单位的经营数据，公开可能损害其商业秘密",
)


def _journal(run: CliInvoke, number: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = json.loads(run("history", number, "--json").stdout)["events"]
    return events


def test_an_action_dated_more_than_ten_working_days_back_is_flagged_and_pointed_out(
    run: CliInvoke,
) -> None:
    number = new_case(run, received_on="2026-06-01")
    # 06-12 to 06-30: 11 working days (06-15..18, 06-22..26, 06-29, 06-30).
    result = run("consult", number, *PARTY, "--on", "2026-06-12")
    assert (
        "提示：生效日期 2026-06-12 早于今天 11 个工作日，已在办理日志中标记为补录" in result.stderr
    )
    assert "提示" not in result.stdout
    last = _journal(run, number)[-1]
    assert (last["action"], last["data"]["backdated_working_days"]) == ("consult", 11)
    assert "征求意见（补录）" in run("history", number).stdout


def test_an_action_dated_within_ten_working_days_is_not_flagged(run: CliInvoke) -> None:
    number = new_case(run, received_on="2026-06-01")
    # 06-15 to 06-30: 10 working days.
    result = run("consult", number, *PARTY, "--on", "2026-06-15")
    assert "补录" not in result.stderr
    assert "backdated_working_days" not in _journal(run, number)[-1]["data"]
    assert "补录" not in run("history", number).stdout


def test_in_json_the_flag_is_in_the_journal_entry_and_nothing_is_printed_besides(
    run: CliInvoke,
) -> None:
    number = new_case(run, received_on="2026-06-01")
    result = run("consult", number, *PARTY, "--on", "2026-06-02", "--json")
    assert result.stderr == ""
    assert json.loads(result.stdout)["event"]["data"]["backdated_working_days"] == 19
