"""``casework alerts``, ``casework alerts sweep`` and ``casework scheduler`` through CliRunner on
a temporary home (CASEWORK_NOW = Fri 20 Nov 2026, 09:30)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import CliInvoke, dump


def register(cli: CliInvoke, received_on: str, name: str = "张三") -> str:
    result = cli(
        "register", "--applicant", name, "--applicant-type", "natural", "--channel",
        "in-person", "--received-on", received_on, "--description", "2025年度部门预算",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


def test_alerts_lists_what_is_due_without_sending(cli: CliInvoke, home: Path) -> None:
    overdue = register(cli, "2026-10-20")  # reply due Tue 17 Nov
    today = register(cli, "2026-10-23")  # reply due Fri 20 Nov
    before = dump(home)
    result = cli("alerts", "--json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)
    assert [(a["case"], a["kind"], a["level"], a["due_on"]) for a in listed] == [
        (overdue, "reply", "overdue", "2026-11-17"),
        (today, "reply", "due_today", "2026-11-20"),
    ]
    assert set(listed[0]) == {"case", "agency", "kind", "level", "due_on", "message"}
    assert "逾期 3 个工作日" in listed[0]["message"]
    assert dump(home) == before
    table = cli("alerts")
    assert "已逾期" in table.output and "今日到期" in table.output
    assert "共 2 项提醒（2026-11-20）" in table.output


def test_alerts_on_another_day_and_for_one_agency(cli: CliInvoke) -> None:
    register(cli, "2026-10-23")
    earlier = json.loads(cli("alerts", "--on", "2026-11-16", "--json").output)
    assert [(a["level"], a["due_on"]) for a in earlier] == [("due_soon", "2026-11-20")]
    assert json.loads(cli("alerts", "--agency", "tj", "--json").output) == []
    unknown = cli("alerts", "--agency", "nope")
    assert unknown.exit_code == 1 and "机关代码「nope」未配置" in unknown.output


def test_a_sweep_sends_once_and_a_re_run_skips_everything(cli: CliInvoke) -> None:
    number = register(cli, "2026-10-23")
    first = cli("alerts", "sweep")
    assert first.exit_code == 0, first.output
    assert "[提醒] → zhangsan：政府信息公开期限提醒（1 项）" in first.output
    assert f"案件 {number}：今天（2026-11-20）是答复期限的最后一日" in first.output
    assert "2026-11-20 扫描完成：发送 2，跳过 0，失败 0，逾期处理 0" in first.output
    again = cli("alerts", "sweep", "--json")
    assert again.exit_code == 0
    assert json.loads(again.stdout) == {
        "sent": 0, "skipped": 2, "failed": 0, "lapsed": 0, "uncertain": 0, "held": False,
    }  # fmt: skip


def test_a_dry_run_counts_lists_what_it_would_send_and_changes_nothing(
    cli: CliInvoke, home: Path
) -> None:
    number = register(cli, "2026-10-23")
    before = dump(home)
    result = cli("alerts", "sweep", "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    # Issue 21: not only counts, but each delivery the sweep would make.
    planned = found.pop("would_send")
    assert [(d["case"], d["kind"], d["level"], d["recipient"], d["channel"]) for d in planned] == [
        (number, "reply", "due_today", "zhangsan", "log"),  # the handler's own case
        (None, "digest", "notice", "wangwu", "log"),  # the head's daily digest of the agency
    ]
    assert found == {
        "sent": 2, "skipped": 0, "failed": 0, "lapsed": 0, "uncertain": 0, "held": False,
    }  # fmt: skip
    assert dump(home) == before
    text = cli("alerts", "sweep", "--dry-run")
    assert "演练（未发送、未记录）：将发送 2" in text.output


def test_a_sweep_dated_in_the_future_is_refused_in_chinese(cli: CliInvoke, home: Path) -> None:
    register(cli, "2026-10-23")
    before = dump(home)
    result = cli("alerts", "sweep", "--on", "2026-11-23")
    assert result.exit_code == 1
    assert "--on（扫描日期）：不能晚于今天（2026-11-20）" in result.output
    assert dump(home) == before


def test_a_sweep_applies_a_lapse_on_its_own_date(cli: CliInvoke) -> None:
    number = register(cli, "2026-10-26")
    corrected = cli("request-correction", number, "--items", "请写明文号", "--on", "2026-10-27")
    assert corrected.exit_code == 0, corrected.output  # the period ends Tue 17 Nov
    swept = cli("alerts", "sweep", "--json")
    assert json.loads(swept.stdout)["lapsed"] == 1
    history = cli("history", number, "--json")
    entries = json.loads(history.output)["events"]
    lapse = [e for e in entries if e["action"] == "lapse-correction"]
    assert len(lapse) == 1 and lapse[0]["effective_on"] == "2026-11-18"
    assert lapse[0]["actor"] == "系统（定时扫描）"


def test_the_scheduler_group_explains_itself(cli: CliInvoke) -> None:
    result = cli("scheduler", "--help")
    assert result.exit_code == 0 and "run" in result.output and "示例：" in result.output


def hold_lease(home: Path, holder: str) -> None:
    """Another sweeper takes the lease at 09:25 for ten minutes (CASEWORK_NOW is 09:30)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from casework.bootstrap import bootstrap
    from casework.services.sweep import LEASE_NAME

    app = bootstrap(home, user="zhangsan")
    at = datetime(2026, 11, 20, 9, 25, tzinfo=ZoneInfo("Asia/Shanghai"))
    with app.uow() as uow:
        assert uow.alerts.acquire_lease(LEASE_NAME, holder, at, 600)
        uow.commit()
    app.close()


def test_a_sweep_held_by_another_process_says_so_and_exits_with_status_3(
    cli: CliInvoke, home: Path
) -> None:
    register(cli, "2026-10-23")
    hold_lease(home, "other-host:42")
    held = cli("alerts", "sweep", "--json")
    assert held.exit_code == 3
    assert json.loads(held.stdout) == {
        "sent": 0, "skipped": 0, "failed": 0, "lapsed": 0, "uncertain": 0, "held": True,
        "held_by": "other-host:42", "held_until": "2026-11-20T09:35:00+08:00",
    }  # fmt: skip
    text = cli("alerts", "sweep")
    assert text.exit_code == 3
    assert "扫描租约由「other-host:42」持有（未到期，至 2026-11-20 09:35:00 到期），本次未扫描" in (
        text.output
    )
    assert "--force-release" in text.output


def test_force_release_frees_a_dead_sweepers_lease_and_says_whose_it_was(
    cli: CliInvoke, home: Path
) -> None:
    register(cli, "2026-10-23")
    hold_lease(home, "crashed-host:7")
    result = cli("alerts", "sweep", "--force-release", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["sent"] == 2
    assert "已强制释放扫描租约：原持有者「crashed-host:7」" in result.stderr
    assert "（尚未到期）" in result.stderr
    again = cli("alerts", "sweep", "--force-release")
    assert again.exit_code == 0
    # Our own sweep released its lease when it finished: nothing was holding it.
    assert "原持有者「" in again.stderr and "（已过期）" in again.stderr
