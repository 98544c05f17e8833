"""Recording when the applicant received a correction or fee notice moves the applicant's
window and its lapse (Reg. art. 30; Fee, domain.md §1.6: 20 working days from the day after
receipt).

Dates counted by hand from the 2026 calendar: Qingming 04-04..06, Labour Day 05-01..05 with
the make-up Saturday 05-09.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import CliInvoke, dump
from tests.e2e.test_cli_workflow_paths import new_case, shown


@pytest.fixture
def run(cli: CliInvoke, monkeypatch: pytest.MonkeyPatch) -> CliInvoke:
    monkeypatch.setenv("CASEWORK_NOW", "2026-06-30T10:00:00+08:00")

    def invoke(*args: str, ok: bool = True) -> Any:
        result = cli(*args, user="zhangsan")
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return invoke


def test_the_correction_period_runs_from_the_day_the_applicant_received_the_notice(
    run: CliInvoke,
) -> None:
    number = new_case(run)
    run("request-correction", number, "--items", "请写明文件名称", "--on", "2026-04-03")
    # Sent Fri 04-03: 15 working days -> 04-27.
    assert shown(run, number)["next_deadline_on"] == "2026-04-27"
    run("record-notice-receipt", number, "--received-on", "2026-04-10", "--on", "2026-04-15")
    # Received Fri 04-10: 15 working days, Labour Day skipped -> Wed 05-06.
    assert shown(run, number)["next_deadline_on"] == "2026-05-06"
    # Nothing lapses on 04-28 any more; the lapse now falls on 05-07.
    assert json.loads(run("lapse", "--on", "2026-05-06", "--json").output) == []
    lapses = json.loads(run("lapse", "--on", "2026-05-07", "--json").output)
    assert [(item["case"], item["lapses_on"], item["error"]) for item in lapses] == [
        (number, "2026-05-07", None)
    ]


def test_the_payment_window_runs_from_the_day_after_the_applicant_received_the_fee_notice(
    run: CliInvoke,
) -> None:
    number = new_case(run, received_on="2026-04-13")
    run("notify-fee", number, "--method", "per-page", "--pages", "150", "--on", "2026-04-17")
    # Sent Fri 04-17: 20 working days (make-up Sat 05-09 counts) -> Tue 05-19.
    assert shown(run, number)["next_deadline_on"] == "2026-05-19"
    run("record-notice-receipt", number, "--received-on", "2026-04-22")
    # Received Wed 04-22 -> Fri 05-22.
    assert shown(run, number)["next_deadline_on"] == "2026-05-22"
    history = json.loads(run("history", number, "--json").output)["events"]
    assert history[-1]["action"] == "record-notice-receipt"
    assert history[-1]["data"]["notice_received_on"] == "2026-04-22"


def test_a_receipt_before_the_notice_was_sent_is_refused_and_nothing_changes(
    run: CliInvoke, home: Any
) -> None:
    number = new_case(run)
    run("request-correction", number, "--items", "请写明文件名称", "--on", "2026-04-03")
    before = dump(home)
    result = run("record-notice-receipt", number, "--received-on", "2026-04-02", ok=False)
    assert result.exit_code == 1
    assert "--received-on（申请人收到通知日期）：不能早于发出通知的日期 2026-04-03" in result.output
    later = ["--received-on", "2026-04-10", "--on", "2026-04-08"]
    result = run("record-notice-receipt", number, *later, ok=False)
    assert "不能晚于登记日期 2026-04-08" in result.output
    assert dump(home) == before


def test_recording_a_notice_receipt_needs_a_pending_notice(run: CliInvoke) -> None:
    number = new_case(run)
    result = run("record-notice-receipt", number, "--received-on", "2026-04-03", ok=False)
    assert result.exit_code == 1
    assert "记录通知送达" in result.output
