"""Issue 21, a clerk's day without friction: labels beside codes, one word per idea, honest
countdowns, several agencies, delivery by post and electronic delivery, output for programs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CliInvoke, write_home
from tests.e2e.test_cli_workflow_paths import decide, new_case, run, shown

__all__ = ["run"]  # the fixture, imported for pytest


def test_the_main_help_lists_every_command_description_whole(run: CliInvoke) -> None:
    text = run("--help").output
    assert "…" not in text and "..." not in text.split("命令", 1)[1]
    assert "另行确定答复期限并发出延迟答复告" in text  # defer, wrapped but whole
    assert "答复期限继续计算。" in text  # request-reasons' first sentence ends


def test_show_prints_the_outcome_label_beside_its_code(run: CliInvoke) -> None:
    number = new_case(run)
    decide(run, number, "2026-04-20")
    lines = run("show", number).output.splitlines()
    assert next(line for line in lines if line.startswith("办理结果")).endswith(
        "予以公开（disclose）"
    )


def test_a_case_awaiting_correction_says_what_it_awaits_and_since_when(run: CliInvoke) -> None:
    number = new_case(run)
    run("request-correction", number, "--items", "请写明文件名称", "--on", "2026-04-03")
    text = run("show", number).output
    clock = next(line for line in text.splitlines() if line.startswith("答复期限"))
    assert "等待申请人补正" in clock and "自 2026-04-03 起" in clock
    assert "收到补正之日起重新计算" in clock
    assert "0 个工作日" not in clock


def test_a_case_awaiting_payment_says_the_amount_awaited_and_since_when(run: CliInvoke) -> None:
    number = new_case(run)
    run("notify-fee", number, "--method", "per-page", "--pages", "150", "--on", "2026-04-08")
    lines = run("show", number).output.splitlines()
    clock = next(line for line in lines if line.startswith("答复期限"))
    assert "等待申请人缴纳信息处理费" in clock and "自 2026-04-08 起" in clock
    assert "恢复计算后尚余" in clock


def test_return_takes_reason_like_every_other_command_and_keeps_comment_as_alias(
    run: CliInvoke,
) -> None:
    number = new_case(run)
    facts = ["--outcome", "disclose", "--facts", "可以公开", "--access", "电子文档"]
    run("draft", number, *facts, "--on", "2026-04-20")
    run("return", number, "--reason", "检索过程不完整", "--on", "2026-04-21", user="lisi")
    run("draft", number, *facts, "--on", "2026-04-22")
    run("return", number, "--comment", "理由不充分", "--on", "2026-04-23", user="lisi")
    events = json.loads(run("history", number, "--json").output)["events"]
    assert [e["data"]["comment"] for e in events if e["action"] == "return"] == [
        "检索过程不完整",
        "理由不充分",
    ]
    assert "旧写法 --comment" in run("return", "--help").output


def test_a_courier_number_is_refused_for_delivery_by_post(run: CliInvoke) -> None:
    number = new_case(run)
    decide(run, number, "2026-04-20")
    refused = run("deliver", number, "--method", "post", "--tracking", "SF1234567890123", ok=False)
    assert refused.exit_code == 1
    assert "--tracking（邮件单号）" in refused.output and "顺丰速运的快递单号" in refused.output
    assert shown(run, number)["state"] == "replied"


def test_the_signature_is_recorded_after_a_delivery_by_post(run: CliInvoke) -> None:
    number = new_case(run)
    decide(run, number, "2026-04-20")
    posted = run(
        "deliver", number, "--method", "post", "--tracking", "EA123456789CN", "--on", "2026-04-21"
    )
    assert "record-signed-for" in posted.output
    early = run("record-signed-for", number, "--signed-on", "2026-04-20", ok=False)
    assert "签收日期不能早于交付或交邮日期 2026-04-21" in early.output
    run("record-signed-for", number, "--signed-on", "2026-04-24", "--on", "2026-04-27")
    events = json.loads(run("history", number, "--json").output)["events"]
    assert events[-1]["action"] == "record-signed-for"
    # The record is dated weeks before this test's today, so the journal also flags it as
    # recorded late (backdated_working_days); the delivery dates are what this test is about.
    recorded = {k: v for k, v in events[-1]["data"].items() if k != "backdated_working_days"}
    assert recorded == {"signed_on": "2026-04-24", "made_on": "2026-04-21"}
    assert events[-1]["data"]["backdated_working_days"] > 10
    assert shown(run, number)["state"] == "delivered"


def test_electronic_delivery_records_the_consent_and_the_address_used(run: CliInvoke) -> None:
    number = new_case(run)
    decide(run, number, "2026-04-20")
    missing = run("deliver", number, "--method", "electronic", "--address", "a@b.cn", ok=False)
    assert "--consent（申请人同意）" in missing.output
    run(
        "deliver",
        number,
        "--method",
        "electronic",
        "--consent",
        "申请表勾选同意电子送达",
        "--address",
        "zhang@example.cn",
        "--on",
        "2026-04-21",
    )
    data = json.loads(run("history", number, "--json").output)["events"][-1]["data"]
    assert (data["consent"], data["address"]) == ("申请表勾选同意电子送达", "zhang@example.cn")


def test_workflow_show_json_lists_states_and_transitions_with_labels(run: CliInvoke) -> None:
    flow = json.loads(run("workflow", "show", "--json").output)
    assert flow["name"] == "disclosure" and flow["initial"] == "registered"
    assert {"name": "awaiting_fee", "label": "待缴费", "open": True, "final": False} in flow[
        "states"
    ]
    assert {
        "trigger": "record-signed-for",
        "label": "记录签收",
        "source": "delivered",
        "dest": "delivered",
        "conditions": [],
    } in flow["transitions"]


def test_with_several_agencies_the_default_number_format_carries_the_agency_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from casework.entrypoints.cli import cli as root_command

    home = write_home(tmp_path / "home")
    config = home / "config.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('case_number_format = "{year}-{seq:04d}"', ""), "utf-8")
    monkeypatch.setenv("CASEWORK_NOW", "2026-11-20T09:30:00+08:00")
    args = ["--home", str(home), "--user", "zhangsan", "register", "--applicant", "张三"]
    args += ["--applicant-type", "natural", "--channel", "in-person"]
    args += ["--received-on", "2026-11-02", "--description", "2025年度部门预算"]
    first = CliRunner().invoke(root_command, args)
    other = CliRunner().invoke(root_command, [*args, "--agency", "tj"])
    assert first.output.strip().splitlines()[-1] == "demo-2026-0001"
    assert other.output.strip().splitlines()[-1] == "tj-2026-0001"


def complete(home: Path, words: str) -> list[str]:
    """What bash completion offers for the last word of ``words`` (click's protocol)."""
    from click.testing import CliRunner

    from casework.entrypoints.cli import cli as root_command

    line = f"casework --home {home} {words}"
    env = {
        "_CASEWORK_COMPLETE": "bash_complete",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(line.split()) - (0 if line.endswith(" ") else 1)),
    }
    result = CliRunner().invoke(root_command, [], env=env, prog_name="casework")
    assert result.exit_code == 0, result.output
    return [item.split(",", 1)[1] for item in result.output.splitlines() if item]


def test_shell_completion_offers_commands_options_case_numbers_and_outcome_codes(
    run: CliInvoke, home: Path
) -> None:
    number = new_case(run)
    new_case(run, received_on="2026-04-02")
    assert "record-signed-for" in complete(home, "record-")
    assert "--all-agencies" in complete(home, "list --all")
    assert complete(home, "show 2026-000") == [number, "2026-0002"]
    assert complete(home, "deliver 2026-0002") == ["2026-0002"]
    assert complete(home, f"draft {number} --outcome not_h") == ["not_held"]
    assert "withhold_third_party" in complete(home, f"draft {number} --outcome ")


def test_completion_of_case_numbers_in_a_home_without_data_offers_nothing(tmp_path: Path) -> None:
    assert complete(tmp_path / "nowhere", "show 20") == []
    assert not (tmp_path / "nowhere").exists()


def test_an_unknown_outcome_is_refused_listing_each_code_with_its_label(run: CliInvoke) -> None:
    number = new_case(run)
    refused = run("draft", number, "--outcome", "refuse", "--on", "2026-04-20", ok=False)
    assert refused.exit_code == 1
    assert "--outcome（办理结果）" in refused.output
    assert "not_held（无法提供：经检索不存在）" in refused.output
    assert "disclose（予以公开）" in refused.output


def test_a_stopped_clock_with_no_days_left_is_never_told_as_zero_days() -> None:
    from datetime import date

    from casework.domain.case.decisions import CaseDecisions, FeeNotice
    from casework.domain.case.waiting import awaited_text

    fee = FeeNotice(notified_on=date(2026, 4, 30), amount="100")
    text = awaited_text(CaseDecisions(fee=fee), days_left=0)
    assert text == "计时中止：等待申请人缴纳信息处理费 100 元，自 2026-04-30 起；恢复计算后即须答复"


def test_a_payment_records_amount_receipt_and_method_and_a_different_amount_is_refused(
    run: CliInvoke,
) -> None:
    number = new_case(run)
    run("notify-fee", number, "--method", "per-page", "--pages", "150", "--on", "2026-04-08")
    notified = shown(run, number)
    assert notified["state"] == "awaiting_fee"
    payment = ["--receipt", "0012345", "--paid-by", "bank-transfer", "--on", "2026-04-10"]
    wrong = run("record-payment", number, "--amount", "80", *payment, ok=False)
    assert wrong.exit_code == 1
    assert "--amount（缴费金额）" in wrong.output and "与收费通知书的金额" in wrong.output
    assert shown(run, number)["state"] == "awaiting_fee"
    events = json.loads(run("history", number, "--json").output)["events"]
    amount = next(e["data"]["amount"] for e in events if e["action"] == "notify-fee")
    paid = run("record-payment", number, "--amount", amount, *payment)
    assert "票据号码 0012345" in paid.output
    data = json.loads(run("history", number, "--json").output)["events"][-1]["data"]
    assert (data["paid_amount"], data["receipt_number"], data["paid_by"]) == (
        amount,
        "0012345",
        "bank-transfer",
    )
    assert shown(run, number)["state"] == "registered"


def test_a_late_registration_warns_the_clerk_with_both_dates(run: CliInvoke) -> None:
    result = run(
        "register", "--applicant", "张三", "--applicant-type", "natural", "--channel",
        "in-person", "--received-on", "2026-06-22", "--description", "2025年度部门预算",
    )  # fmt: skip
    assert result.stdout.strip().splitlines()[-1] == "2026-0001"
    assert "本申请 2026-06-22 收到，2026-06-30 才登记（晚 8 天）" in result.stderr
    assert "答复期限仍自收到申请之日 2026-06-22 起算（条例第三十一条）" in result.stderr
    today = run(
        "register", "--applicant", "李四", "--applicant-type", "natural", "--channel",
        "in-person", "--received-on", "2026-06-30", "--description", "2025年度部门预算",
    )  # fmt: skip
    assert "才登记" not in today.stderr
