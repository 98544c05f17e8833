"""The legal defects of issue 13 through the CLI, each built from its scenario: the 公开告知书
only after an explicit override (Reg. art. 32), the corrected request quoted (art. 30), the
重新答复 naming its decision (ARL art. 64), the applicant told the clock stops (art. 33 para.
3), a withdrawal ending in writing (seed 003), and a long request quoted once."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import CliInvoke

NOW = "2026-06-30T10:00:00+08:00"
LONG_REQUEST = (
    "2025年度示例市发展和改革委员会部门预算、部门决算、三公经费支出明细及其说明，"
    "以及2025年度全部政府采购项目的合同文本和验收报告"
)


@pytest.fixture
def run(cli: CliInvoke, monkeypatch: pytest.MonkeyPatch) -> CliInvoke:
    monkeypatch.setenv("CASEWORK_NOW", NOW)

    def invoke(*args: str, user: str = "zhangsan", ok: bool = True) -> Any:
        result = cli(*args, user=user)
        if ok:
            assert result.exit_code == 0, result.output + result.stderr
        return result

    return invoke


def new_case(run: CliInvoke, description: str = "2025年度部门预算及说明") -> str:
    result = run(
        "register",
        "--applicant",
        "张三",
        "--applicant-type",
        "natural",
        "--channel",
        "in-person",
        "--received-on",
        "2026-04-01",
        "--description",
        description,
    )
    return str(result.output.strip().splitlines()[-1])


def documents(run: CliInvoke, number: str) -> list[dict[str, Any]]:
    return list(json.loads(run("docs", number, "--json").output))


def letter(run: CliInvoke, number: str, kind: str) -> str:
    """The text of the case's last letter of ``kind``, read back from the .docx."""
    from tests.support.letter_copies import last_letter

    return "".join(last_letter(run, number, kind))


def all_pass(run: CliInvoke, number: str) -> None:
    items = json.loads(run("check", number, "--json").output)
    failed = [(i["document"], i["element"], i["detail"]) for i in items if i["status"] == "fail"]
    assert failed == []


def objected(run: CliInvoke, number: str) -> None:
    run(
        "consult",
        number,
        *("--party", "某公司", "--party-kind", "third-party"),
        *("--concern", "合同附件中该公司的报价涉及其商业秘密", "--on", "2026-04-02"),
    )
    run("record-opinion", number, "--party", "某公司", "--opinion", "object", "--on", "2026-04-08")


def answer(run: CliInvoke, number: str, *draft: str, on: str = "2026-04-10") -> None:
    run("draft", number, *draft, "--on", on)
    run("approve", number, "--on", on, user="lisi")
    run("issue", number, "--on", on, user="lisi")  # 签发 by a reviewer (issue 15)


# --- 1. Reg. art. 32: the 公开告知书 only after the explicit override -----------------------


@pytest.mark.parametrize(
    "outcome",
    [
        (
            "--outcome",
            "withhold_third_party",
            "--interest",
            "trade-secret",
            "--facts",
            "第三方书面回复不同意公开",
        ),
        (
            "--outcome",
            "partial",
            "--ground",
            "withhold_third_party",
            "--interest",
            "trade-secret",
            "--withheld-part",
            "报价单",
            "--facts",
            "第三方书面回复不同意公开",
        ),
    ],
    ids=["withhold_third_party", "partial"],
)
def test_a_reply_withholding_the_objectors_part_sends_no_disclosure_notice(
    run: CliInvoke, outcome: tuple[str, ...]
) -> None:
    number = new_case(run)
    objected(run, number)
    extra = ("--access", "随本答复书提供") if "partial" in outcome else ()
    answer(run, number, *outcome, *extra, "--reasons", "报价单属于该公司的商业秘密")
    kinds = [d["kind"] for d in documents(run, number)]
    assert "reply" in kinds and "disclosure_notice" not in kinds
    all_pass(run, number)


def test_an_override_withholding_the_objectors_part_is_refused_and_nothing_stored(
    run: CliInvoke,
) -> None:
    number = new_case(run)
    objected(run, number)
    before = documents(run, number)
    refused = run(
        "draft",
        number,
        "--outcome",
        "withhold_third_party",
        "--interest",
        "trade-secret",
        "--facts",
        "第三方不同意",
        "--reasons",
        "商业秘密",
        "--override-objection",
        "--public-interest",
        "公共利益",
        "--provide-on",
        "2026-04-20",
        "--on",
        "2026-04-10",
        ok=False,
    )
    assert refused.exit_code == 1
    assert "不发公开告知书" in refused.stderr and "条例第三十二条" in refused.stderr
    assert documents(run, number) == before
    assert json.loads(run("show", number, "--json").output)["state"] == "registered"


@pytest.mark.parametrize(
    ("options", "field"),
    [
        (("--override-objection", "--provide-on", "2026-04-20"), "--public-interest"),
        (("--override-objection", "--public-interest", "饮用水安全"), "--provide-on"),
        (("--public-interest", "饮用水安全"), "--override-objection"),
        ((), "--override-objection"),  # disclosing over the objection is never inferred
    ],
    ids=["no-reasons", "no-date", "reasons-without-decision", "inferred"],
)
def test_disclosing_over_an_objection_needs_the_explicit_decision_with_its_reasons(
    run: CliInvoke, options: tuple[str, ...], field: str
) -> None:
    number = new_case(run)
    objected(run, number)
    journal = run("history", number, "--json").output
    refused = run(
        "draft",
        number,
        "--outcome",
        "disclose",
        "--access",
        "随本答复书提供",
        *options,
        "--on",
        "2026-04-10",
        ok=False,
    )
    assert refused.exit_code == 1
    assert field in refused.stderr and "条例第三十二条" in refused.stderr
    assert run("history", number, "--json").output == journal


def test_the_disclosure_notice_says_what_why_when_and_the_third_partys_remedies(
    run: CliInvoke,
) -> None:
    number = new_case(run)
    objected(run, number)
    answer(
        run,
        number,
        "--outcome",
        "disclose",
        "--access",
        "随本答复书提供",
        "--override-objection",
        "--public-interest",
        "该项目涉及周边居民的饮用水安全",
        "--provide-on",
        "2026-04-27",
    )
    text = letter(run, number, "disclosure_notice")
    assert "理由是：该项目涉及周边居民的饮用水安全" in text
    assert "决定公开的内容：上述申请的政府信息“2025年度部门预算及说明”" in text
    assert "本机关将于2026年4月27日向申请人提供" in text
    assert "自收到本告知书之日起60日内向示例市人民政府申请行政复议" in text
    assert "自收到本告知书之日起6个月内" in text
    assert text.split("（联系人")[0].endswith(
        "2026年4月10日"
    )  # dated with the reply, never after it
    all_pass(run, number)


def test_a_provide_date_already_past_at_issue_is_refused(run: CliInvoke) -> None:
    number = new_case(run)
    objected(run, number)
    override = ("--override-objection", "--public-interest", "饮用水安全")
    run("draft", number, "--outcome", "disclose", "--access", "随本答复书提供", *override,
        "--provide-on", "2026-04-12", "--on", "2026-04-10")  # fmt: skip
    run("approve", number, "--on", "2026-04-10", user="lisi")
    refused = run("issue", number, "--on", "2026-04-13", ok=False, user="lisi")
    assert refused.exit_code == 1 and "提供信息日期" in refused.stderr
    assert "disclosure_notice" not in [d["kind"] for d in documents(run, number)]


# --- 3. Reg. art. 30: the corrected request ----------------------------------------------


def test_letters_after_a_correction_quote_the_corrected_request_and_its_date(
    run: CliInvoke,
) -> None:
    number = new_case(run, "预算")
    run("request-correction", number, "--items", "请写明所需预算的年度和部门", "--on", "2026-04-03")
    refused = run("receive-correction", number, "--on", "2026-04-08", ok=False)
    assert refused.exit_code == 1 and "--description" in refused.stderr
    assert json.loads(run("show", number, "--json").output)["state"] == "correcting"
    run("receive-correction", number, "--description", "2025年度本委部门预算及说明",
        "--other", "补充了联系电话", "--on", "2026-04-08")  # fmt: skip
    run("extend", number, "--days", "10", "--reason", "需调阅档案",
        "--on", "2026-04-20", user="wangwu")  # the head grants it (issue 15)  # fmt: skip
    answer(
        run,
        number,
        "--outcome",
        "not_held",
        "--search-process",
        "检索了档案系统中的文件，关键词“停车场”",
        on="2026-04-22",
    )
    for kind in ("extension_notice", "reply"):
        text = letter(run, number, kind)
        assert "您于2026年4月8日补正了申请（补正事项：补充了联系电话）" in text
        assert "补正后申请获取“2025年度本委部门预算及说明”" in text
    assert "申请获取“预算”" in letter(run, number, "acknowledgement")  # before the correction
    all_pass(run, number)


# --- 4. ARL art. 64: the 重新答复 ----------------------------------------------------------


def test_a_reply_after_reopening_is_a_re_reply_naming_the_decision_and_the_replaced_reply(
    run: CliInvoke,
) -> None:
    number = new_case(run)
    answer(run, number, "--outcome", "not_held", "--search-process", "检索了收文登记簿中的文件，关键词“停车场”",
           on="2026-04-22")  # fmt: skip
    where = ["--kind", "reconsideration", "--filed-on", "2026-05-06", "--organ", "示例市人民政府"]
    decided = [
        "--result",
        "corrected",
        "--decided-on",
        "2026-06-20",
        "--reopen",
        "--on",
        "2026-06-23",
    ]
    refused = run("remedy", number, *where, *decided, ok=False)
    assert refused.exit_code == 1 and "--decision-number" in refused.stderr
    run("remedy", number, *where, *decided, "--decision-number", "示府复决〔2026〕3号")
    answer(run, number, "--outcome", "not_held", "--search-process", "重新检索了档案室全部案卷中的文件，关键词“停车场”",
           on="2026-06-26")  # fmt: skip
    listed = [(d["kind"], d["number"]) for d in documents(run, number)]
    assert ("reply", "示发改信复〔2026〕1号") in listed
    assert ("re_reply", "示发改信复〔2026〕2号") in listed
    text = letter(run, number, "re_reply")
    assert "政府信息公开申请重新答复书" in text
    assert "本机关曾于2026年4月22日作出政府信息公开申请答复书（示发改信复〔2026〕1号）" in text
    assert "示例市人民政府于2026年6月20日作出行政复议决定书（示府复决〔2026〕3号）" in text
    assert "本答复书为重新答复" in text
    all_pass(run, number)


# --- 5. Reg. art. 33 para. 3: the applicant told the clock stops -------------------------


def test_the_applicant_is_told_the_consultation_stops_the_clock_and_the_extension_adds_it_up(
    run: CliInvoke,
) -> None:
    number = new_case(run)
    run(
        "consult", number, "--party", "示例市财政局", "--party-kind", "agency", "--on", "2026-04-02"
    )
    notice = [d for d in documents(run, number) if d["kind"] == "consultation_notice"]
    assert [d["number"] for d in notice] == ["示发改信知〔2026〕1号"]
    text = letter(run, number, "consultation_notice")
    assert (
        "本机关已于2026年4月2日依照《中华人民共和国政府信息公开条例》（以下简称《条例》）第三十四条"
        in text
    )
    assert "第三十三条第三款的规定，征求意见所需时间不计算在答复期限内" in text
    run("record-opinion", number, "--party", "示例市财政局", "--opinion", "agree",
        "--on", "2026-04-09")  # fmt: skip
    run("extend", number, "--days", "10", "--reason", "需调阅档案",
        "--on", "2026-04-20", user="wangwu")  # the head grants it (issue 15)  # fmt: skip
    shown = json.loads(run("show", number, "--json").output)
    due = shown["reply_due_on"]
    year, month, day = (int(part) for part in due.split("-"))
    text = letter(run, number, "extension_notice")
    # Stopped from the day after the letter through the answer: 04-03, 04-07, 04-08, 04-09
    # (Qingming 04-04 to 04-06 off): 4 working days not counted.
    assert (
        "答复期限自2026年4月1日起计算：法定答复期限20个工作日，加延长的10个工作日，另加依照"
        "《条例》第三十三条第三款等规定不计算在答复期限内的4个工作日，"
        f"至{year}年{month}月{day}日届满"
    ) in text
    all_pass(run, number)


def test_the_fee_notice_tells_the_applicant_the_clock_stops_until_payment(run: CliInvoke) -> None:
    number = new_case(run)
    run("notify-fee", number, "--method", "per-page", "--pages", "150", "--on", "2026-04-03")
    text = letter(run, number, "fee_notice")
    assert "至您缴纳信息处理费之日止的期间，不计算在答复期限内" in text
    # The sentence carries its law, the fee measures' art. 6 (国办函〔2020〕109号, named with
    # its number in the notice's first paragraph, which also cites Reg. art. 42); the
    # Regulation's full title is printed once (domain.md §5).
    assert (
        "依照《政府信息公开信息处理费管理办法》第六条的规定，"
        "自本通知书发出之日的次日起至您缴纳信息处理费之日止"
    ) in text
    assert text.count("《中华人民共和国政府信息公开条例》") == 1
    all_pass(run, number)


# --- 6. Seed 003: a withdrawal ends in writing -------------------------------------------


def test_a_withdrawal_is_confirmed_in_writing_and_voids_the_draft(run: CliInvoke) -> None:
    number = new_case(run)
    run("draft", number, "--outcome", "not_held", "--search-process", "检索了档案系统中的文件，关键词“停车场”",
        "--on", "2026-04-08")  # fmt: skip
    refused = run("withdraw", number, "--on", "2026-04-09", ok=False)
    assert refused.exit_code == 1 and "--how" in refused.stderr
    run("withdraw", number, "--how", "phone", "--reason", "已另行获取", "--on", "2026-04-09")
    listed = documents(run, number)
    draft = next(d for d in listed if d["kind"] == "reply")
    assert draft["voided"] is True and draft["number"] is None
    confirmation = next(d for d in listed if d["kind"] == "withdrawal_notice")
    assert (confirmation["number"], confirmation["voided"]) == ("示发改信撤〔2026〕1号", False)
    text = letter(run, number, "withdrawal_notice")
    assert "您于2026年4月9日以电话（已记录在案）方式撤回该申请，理由是：已另行获取" in text
    assert "自2026年4月9日起终止办理" in text
    table = run("docs", number).output
    assert "已作废" in table
    items = json.loads(run("check", number, "--json").output)
    assert {i["document"] for i in items} == {"acknowledgement", "withdrawal_notice"}
    all_pass(run, number)


# --- a long request is quoted once --------------------------------------------------------


def test_a_long_request_is_quoted_in_full_once_and_summarised_after(run: CliInvoke) -> None:
    number = new_case(run, LONG_REQUEST)
    answer(
        run,
        number,
        "--outcome",
        "not_held",
        "--search-process",
        "检索了档案系统中的文件，关键词“停车场”",
    )
    text = letter(run, number, "reply")
    assert text.count(LONG_REQUEST) == 1
    assert f"您申请获取的“{LONG_REQUEST[:20]}……”" in text
    all_pass(run, number)
