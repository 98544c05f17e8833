"""Cases walked through every path of the machine by the CLI, with the reply due dates of
domain.md §2 written by hand from the 2026 calendar (Qingming 04-04..06, Labour Day
05-01..05 with the make-up Saturday 05-09), never from the code under test."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliInvoke, dump

NOW = "2026-06-30T10:00:00+08:00"


@pytest.fixture
def run(cli: CliInvoke, monkeypatch: pytest.MonkeyPatch) -> CliInvoke:
    monkeypatch.setenv("CASEWORK_NOW", NOW)

    def invoke(*args: str, user: str = "zhangsan", ok: bool = True) -> Any:
        result = cli(*args, user=user)
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return invoke


def new_case(run: CliInvoke, received_on: str = "2026-04-01", **extra: str) -> str:
    args = [
        "register",
        "--applicant",
        "张三",
        "--applicant-type",
        "natural",
        "--id-type",
        "resident-id",
        "--id-number",
        "11010519491231002X",
        "--channel",
        "in-person",
        "--received-on",
        received_on,
        "--description",
        "2025年度部门预算",
    ]
    for key, value in extra.items():
        args += [f"--{key.replace('_', '-')}", value]
    return str(run(*args).output.strip().splitlines()[-1])


def shown(run: CliInvoke, number: str) -> dict[str, Any]:
    return dict(json.loads(run("show", number, "--json").output))


def decide(run: CliInvoke, number: str, on: str, agency: str = "demo") -> None:
    where = ["--agency", agency, "--on", on]
    run(
        "draft",
        number,
        "--outcome",
        "disclose",
        "--facts",
        "经审查，所申请信息可以公开",
        "--access",
        "随本答复书提供电子文档",
        *where,
    )
    run("approve", number, *where, user="lisi")
    run("issue", number, *where, user="lisi")


def actions_of(run: CliInvoke, number: str) -> list[str]:
    return [e["action"] for e in json.loads(run("history", number, "--json").output)["events"]]


def test_a_plain_reply_runs_from_registration_to_archive(run: CliInvoke) -> None:
    number = new_case(run)
    assert shown(run, number)["reply_due_on"] == "2026-04-30"
    run(
        "draft",
        number,
        "--outcome",
        "not_held",
        "--facts",
        "经检索，本机关未制作该信息",
        "--search-process",
        "检索了本机关2025年收文、发文登记簿，关键词“预算”",
        "--on",
        "2026-04-20",
    )
    run("approve", number, "--on", "2026-04-21", user="lisi")
    issued = json.loads(run("issue", number, "--on", "2026-04-28", "--json", user="lisi").output)
    assert issued["case"]["reply_number"] == "示发改信复〔2026〕1号"
    delivered = run(
        "deliver", number, "--method", "post", "--tracking", "EMS1234567890CN", "--on", "2026-04-28"
    )
    assert "按期答复：是" in delivered.output
    run("archive", number, "--on", "2026-04-30")
    case = shown(run, number)
    assert (case["state"], case["outcome"], case["allowed_actions"]) == (
        "archived",
        "not_held",
        ["reopen"],
    )
    assert actions_of(run, number) == [
        "register",
        "draft",
        "approve",
        "issue",
        "deliver",
        "archive",
    ]


def test_a_correction_restarts_the_reply_clock(run: CliInvoke) -> None:
    number = new_case(run)
    run("request-correction", number, "--items", "请写明所需文件的名称或文号", "--on", "2026-04-03")
    during = shown(run, number)
    assert (during["state"], during["reply_due_on"], during["clock_status"]) == (
        "correcting",
        None,
        "stopped",
    )
    assert (during["next_deadline_kind"], during["next_deadline_on"]) == (
        "correction_period",
        "2026-04-27",
    )  # 15 working days after 04-03
    run("receive-correction", number, "--other", "补充了联系电话", "--on", "2026-04-15")
    after = shown(run, number)
    # Counting afresh from 04-15: 04-16..05-15, with 05-01..05 off and Saturday 05-09 worked.
    assert (after["state"], after["reply_due_on"]) == ("registered", "2026-05-15")
    decide(run, number, "2026-05-14")
    assert shown(run, number)["state"] == "replied"


def test_an_uncorrected_application_lapses_on_its_true_date(run: CliInvoke) -> None:
    number = new_case(run)
    run("request-correction", number, "--items", "请补充身份证明", "--on", "2026-04-03")
    lapsed = json.loads(run("lapse", "--on", "2026-06-30", "--json").output)
    assert lapsed == [
        {
            "case": number,
            "agency": "demo",
            "kind": "correction",
            "lapses_on": "2026-04-28",
            "party": None,
            "error": None,
        }
    ]
    case = shown(run, number)
    assert (case["state"], case["outcome"]) == ("reviewing", "correction_lapsed")
    event = json.loads(run("history", number, "--json").output)["events"][-1]
    assert (event["action"], event["effective_on"]) == ("lapse-correction", "2026-04-28")
    assert json.loads(run("lapse", "--json").output) == []  # nothing twice
    run("approve", number, "--on", "2026-04-29", user="lisi")  # a written notice still goes out
    run("issue", number, "--on", "2026-04-29", user="lisi")
    assert shown(run, number)["state"] == "replied"


def test_a_consultation_stops_the_clock_and_an_objection_is_recorded(run: CliInvoke) -> None:
    number = new_case(run)
    run(
        "consult",
        number,
        "--party",
        "某某科技有限公司",
        "--party-kind",
        "third-party",
        "--concern",
        "涉及该单位的经营数据，公开可能损害其商业秘密",
        "--on",
        "2026-04-08",
    )
    during = shown(run, number)
    assert (during["state"], during["clock_status"], during["reply_due_on"]) == (
        "consulting",
        "stopped",
        None,
    )
    run(
        "record-opinion",
        number,
        "--party",
        "某某科技有限公司",
        "--opinion",
        "object",
        "--on",
        "2026-04-20",
    )
    after = shown(run, number)
    # Stopped 04-09..04-20: 8 working days not counted; 04-30 + 8 → 05-14 (issue 3's example).
    assert (after["state"], after["reply_due_on"]) == ("registered", "2026-05-14")
    assert any("不计入 8 个工作日" in step["text"] for step in after["derivation"])
    run(
        "draft",
        number,
        "--outcome",
        "withhold_third_party",
        "--interest",
        "trade-secret",
        "--facts",
        "第三方书面不同意公开",
        "--reasons",
        "涉及商业秘密，不公开不会对公共利益造成重大影响",
        "--on",
        "2026-05-12",
    )
    run("approve", number, "--on", "2026-05-12", user="lisi")
    run("issue", number, "--on", "2026-05-13", user="lisi")


def test_an_unanswered_agency_consultation_closes_as_consent(run: CliInvoke) -> None:
    number = new_case(run)
    run(
        "consult", number, "--party", "示例市财政局", "--party-kind", "agency", "--on", "2026-04-08"
    )
    outcome = json.loads(run("lapse", "--on", "2026-06-30", "--json").output)
    assert [(o["kind"], o["lapses_on"]) for o in outcome] == [("consultation", "2026-04-30")]
    case = shown(run, number)
    # The window runs 15 working days after 04-08, to 04-29; stopped 04-09..04-29 = 15 working
    # days; 04-30 + 15 → 05-25 (05-06,07,08, Sat 05-09, 05-11..15, 05-18..22, 05-25).
    assert (case["state"], case["reply_due_on"]) == ("registered", "2026-05-25")
    event = json.loads(run("history", number, "--json").output)["events"][-1]
    assert event["action"] == "close-consultation" and event["data"]["deemed_consent"] is True


def test_an_extension_adds_twenty_working_days_once(run: CliInvoke) -> None:
    number = new_case(run)
    due = shown(run, number)["reply_due_on"]
    # Reg. art. 33 para. 2: the clerk asks, the head grants under their own identity.
    asked = run("extend", number, "--days", "20", "--reason", "需调取档案", "--on", "2026-04-28")
    assert "待政府信息公开工作机构负责人执行 approve-extension" in asked.output
    assert shown(run, number)["reply_due_on"] == due
    run("approve-extension", number, "--on", "2026-04-28", user="wangwu")
    assert shown(run, number)["reply_due_on"] == "2026-06-01"
    history = json.loads(run("history", number, "--json").output)["events"]
    granted = history[-1]
    assert (granted["action"], granted["actor"]) == ("approve-extension", "wangwu")
    assert (granted["data"]["approved_by"], granted["data"]["requested_by"]) == (
        "wangwu",
        "zhangsan",
    )
    again = run(
        "extend",
        number,
        "--days",
        "5",
        "--reason",
        "再延",
        "--on",
        "2026-04-29",
        user="wangwu",
        ok=False,
    )
    assert again.exit_code == 1 and "只能延长一次" in again.output


def test_a_clerk_cannot_grant_an_extension_in_the_heads_name(run: CliInvoke) -> None:
    number = new_case(run)
    on = ("--on", "2026-04-20")
    named = run(
        "extend", number, "--days", "5", "--reason", "x", "--approved-by", "wangwu", *on, ok=False
    )
    assert named.exit_code == 1 and "不能代填「wangwu」" in named.output
    run("extend", number, "--days", "5", "--reason", "x", *on)
    refused = run("approve-extension", number, *on, ok=False)
    assert refused.exit_code == 1 and "须由政府信息公开工作机构负责人办理" in refused.output
    assert shown(run, number)["reply_due_on"] == "2026-04-30"  # 20 working days, unextended


def test_an_extension_after_the_due_date_is_refused(run: CliInvoke) -> None:
    number = new_case(run)
    late = run(
        "extend",
        number,
        "--days",
        "10",
        "--reason",
        "x",
        "--on",
        "2026-05-06",
        user="wangwu",
        ok=False,
    )
    assert late.exit_code == 1 and "不能执行「延期答复」" in late.output


def test_a_paid_fee_stops_the_clock_until_payment(run: CliInvoke) -> None:
    number = new_case(run)
    notified = run(
        "notify-fee", number, "--method", "per-page", "--pages", "150", "--on", "2026-04-10"
    )
    assert "1700" in notified.output
    assert shown(run, number)["state"] == "awaiting_fee"
    run("record-payment", number, "--on", "2026-04-17")
    # Stopped 04-11..04-17: 5 working days; 04-30 + 5 → 05-11.
    assert shown(run, number)["reply_due_on"] == "2026-05-11"


def test_an_unpaid_fee_lapses_after_twenty_working_days(run: CliInvoke) -> None:
    number = new_case(run)
    run("notify-fee", number, "--method", "per-page", "--pages", "31", "--on", "2026-04-10")
    # Pay within 20 working days after receipt of the notice (sent date here): by 05-12.
    assert json.loads(run("lapse", "--on", "2026-05-12", "--json").output) == []
    outcome = json.loads(run("lapse", "--on", "2026-05-13", "--json").output)
    assert [(o["kind"], o["lapses_on"]) for o in outcome] == [("fee", "2026-05-13")]
    case = shown(run, number)
    assert (case["state"], case["outcome"]) == ("reviewing", "fee_lapsed")


def test_a_withdrawal_concludes_as_other_and_can_be_archived(run: CliInvoke) -> None:
    number = new_case(run)
    run("withdraw", number, "--how", "written", "--reason", "申请人书面撤回", "--on", "2026-04-09")
    case = shown(run, number)
    assert (case["state"], case["outcome"], case["clock_status"]) == ("withdrawn", "other", "ended")
    run("archive", number, "--on", "2026-04-10")
    refused = run("request-correction", number, "--items", "x", ok=False)
    assert refused.exit_code == 1 and "已归档" in refused.output


@pytest.mark.parametrize(
    ("args", "user", "message"),
    [
        (["approve"], "lisi", "不能执行「审签」"),
        (["issue"], "lisi", "不能执行「签发答复」"),
        (["request-correction", "--items", "x", "--on", "2026-04-14"], "zhangsan", "7个工作日"),
        (["extend", "--days", "21", "--reason", "x"], "zhangsan", "不得超过20个工作日"),
        (
            ["extend", "--days", "5", "--reason", "x", "--approved-by", "wangwu"],
            "zhangsan",
            "不能代填",
        ),
        (["approve-extension"], "wangwu", "没有待批准的延期申请"),
        (["draft", "--outcome", "not_held", "--facts", "无"], "zhangsan", "检索过程"),
        (["draft", "--outcome", "nonsense"], "zhangsan", "未知的办理结果"),
        (["notify-fee", "--method", "per-page", "--pages", "30"], "zhangsan", "不收费"),
        (
            ["consult", "--party", "x", "--party-kind", "agency", "--on", "2026-03-01"],
            "zhangsan",
            "不能早于收到申请之日",
        ),
        (["receive-correction"], "zhangsan", "不能执行「收到补正」"),
        (["approve"], "mallory", "未在配置的用户中登记"),
    ],
)
def test_a_refused_action_changes_nothing(
    run: CliInvoke, home: Path, args: list[str], user: str, message: str
) -> None:
    number = new_case(run)
    before = dump(home)
    result = run(args[0], number, *args[1:], user=user, ok=False)
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert dump(home) == before


def test_the_drafter_cannot_approve_their_own_draft(run: CliInvoke, home: Path) -> None:
    number = new_case(run)
    run(
        "draft",
        number,
        "--outcome",
        "disclose",
        "--facts",
        "可以公开",
        "--access",
        "电子邮件发送",
        "--on",
        "2026-04-20",
        user="lisi",
    )
    before = dump(home)
    own = run("approve", number, user="lisi", ok=False)
    assert own.exit_code == 1 and "拟稿人" in own.output
    assert dump(home) == before
    run("approve", number, user="wangwu")


def test_reply_numbers_run_per_agency_and_year(run: CliInvoke) -> None:
    first, second = new_case(run), new_case(run)
    other = new_case(run, agency="tj")
    decide(run, first, "2026-04-20")
    decide(run, second, "2026-04-21")
    decide(run, other, "2026-04-20", agency="tj")
    numbers = [
        json.loads(run("show", n, "--agency", "demo", "--json").output)["reply_number"]
        for n in (first, second)
    ]
    assert numbers == ["示发改信复〔2026〕1号", "示发改信复〔2026〕2号"]
    tj = json.loads(run("show", other, "--agency", "tj", "--json").output)
    assert tj["reply_number"] == "示统信复〔2026〕1号"


def test_workflow_show_prints_the_machine_and_mermaid(run: CliInvoke) -> None:
    table = run("workflow", "show").output
    assert "补正告知" in table and "request-correction" in table
    mermaid = run("workflow", "show", "--mermaid").output
    assert mermaid.startswith("stateDiagram-v2")
    assert "registered" in mermaid and "archived" in mermaid
