"""Issue #13 through the CLI: what a clerk types, the letter that comes out, and its check.

Each test plays a scenario of the issue on a temporary home: a correction asked in several
``--items``; a correction for a missing identity proof (Reg. art. 29 para. 2); an ``other``
outcome without and with its basis; an organisation addressed as 你单位; a third party
consulted with the concern and the last day; a refusal naming the concrete interest; a repeat
citing the register; the reconsideration-first remedy.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import CliInvoke

NOW = "2026-06-30T10:00:00+08:00"
SEARCH = "在公文管理系统中以“预算”“决算”为关键词检索了2025年以来的收文、发文记录"


@pytest.fixture
def run(cli: CliInvoke, monkeypatch: pytest.MonkeyPatch) -> CliInvoke:
    monkeypatch.setenv("CASEWORK_NOW", NOW)

    def invoke(*args: str, user: str = "zhangsan", ok: bool = True) -> Any:
        result = cli(*args, user=user)
        if ok:
            assert result.exit_code == 0, result.output + result.stderr
        return result

    return invoke


def new_case(
    run: CliInvoke, applicant: str = "张三", kind: str = "natural", received: str = "2026-04-01"
) -> str:
    result = run(
        "register",
        "--applicant",
        applicant,
        "--applicant-type",
        kind,
        "--channel",
        "in-person",
        "--received-on",
        received,
        "--description",
        "2025年度部门预算",
    )
    return str(result.output.strip().splitlines()[-1])


def letter(run: CliInvoke, number: str, kind: str) -> tuple[str, list[str]]:
    from tests.support.letter_copies import last_letter

    paragraphs = last_letter(run, number, kind)
    return "".join(paragraphs), paragraphs


def checked(run: CliInvoke, number: str) -> list[dict[str, str]]:
    return list(json.loads(run("check", number, "--json", ok=False).output))


def failures(run: CliInvoke, number: str) -> list[dict[str, str]]:
    return [i for i in checked(run, number) if i["status"] == "fail"]


def test_every_item_of_a_repeated_items_option_is_kept_numbered_and_dated(run: CliInvoke) -> None:
    number = new_case(run)
    run(
        "request-correction",
        number,
        "--items",
        "请写明所需文件的名称",
        "--items",
        "请写明文件的制发年份\n或者文号",
        "--missing",
        "identity",
        "--on",
        "2026-04-03",
    )
    text, paragraphs = letter(run, number, "correction_notice")
    numbered = [p for p in paragraphs if p[:2] in ("1.", "2.", "3.")]
    assert len(numbered) == 3
    assert (
        numbered[0].startswith("1.请提供申请人的身份证明")
        and "第二十九条第二款第（一）项" in numbered[0]
    )
    assert numbered[1] == "2.请写明所需文件的名称（《条例》第三十条）"
    assert numbered[2].startswith("3.请写明文件的制发年份")
    assert "指导和释明" in text and "第二十九条第二款、第三十条" in text
    # Reg. art. 30: 15 working days after 2026-04-03 (Qingming 4-4..4-6) is 2026-04-27.
    assert "最后一日为2026年4月27日" in text
    assert failures(run, number) == []
    shown = json.loads(run("show", number, "--json").output)
    assert shown["state"] == "correcting"


def test_a_correction_without_any_item_is_refused_and_nothing_is_written(run: CliInvoke) -> None:
    number = new_case(run)
    refused = run("request-correction", number, "--on", "2026-04-03", ok=False)
    assert refused.exit_code == 1 and "须一次性列明全部需要补正的事项" in refused.stderr
    kinds = [d["kind"] for d in json.loads(run("docs", number, "--json").output)]
    assert kinds == ["acknowledgement"]


def test_outcome_other_needs_a_basis_and_prints_it(run: CliInvoke) -> None:
    number = new_case(run)
    common = ("draft", number, "--outcome", "other", "--facts", "申请人要求查阅的是本机关的档案")
    refused = run(*common, "--reasons", "请依档案查阅程序办理", "--on", "2026-04-20", ok=False)
    assert refused.exit_code == 1 and "法律依据（--basis）" in refused.stderr
    basis = "《中华人民共和国档案法》第二十八条"
    run(*common, "--reasons", "请依档案查阅程序办理", "--basis", basis, "--on", "2026-04-20")
    text, _ = letter(run, number, "reply")
    assert f"根据{basis}的规定" in text
    run("approve", number, "--on", "2026-04-21", user="lisi")


def test_an_organisation_is_addressed_as_ni_danwei_never_nin(run: CliInvoke) -> None:
    number = new_case(run, applicant="示例科技有限公司", kind="enterprise")
    run("draft", number, "--outcome", "not_held", "--search-process", SEARCH, "--on", "2026-04-20")
    text, _ = letter(run, number, "reply")
    assert "您" not in text and "你单位申请获取" in text
    ack, _ = letter(run, number, "acknowledgement")
    assert "您" not in ack and "收到你单位提出的" in ack
    assert failures(run, number) == []


def test_every_letter_carries_the_contact_person_and_telephone(run: CliInvoke) -> None:
    number = new_case(run)
    run("request-correction", number, "--items", "请写明文件名称", "--on", "2026-04-03")
    for kind in ("acknowledgement", "correction_notice"):
        text, _ = letter(run, number, kind)
        assert "联系人：王明；联系电话：010-12345678" in text, kind


def test_a_third_party_letter_states_the_concern_and_the_last_day_to_answer(
    run: CliInvoke,
) -> None:
    number = new_case(run)
    consult = ("consult", number, "--party", "某公司", "--party-kind", "third-party")
    refused = run(*consult, "--on", "2026-04-02", ok=False)
    assert refused.exit_code == 1 and "--concern" in refused.stderr
    concern = "第3页所列该公司的投标报价，公开可能泄露其商业秘密"
    run(*consult, "--concern", concern, "--on", "2026-04-02")
    text, _ = letter(run, number, "third_party_consultation")
    assert concern in text
    # Reg. art. 32: 15 working days after 2026-04-02 (Qingming 4-4..4-6) is 2026-04-24.
    assert "最后一日为2026年4月24日" in text
    assert failures(run, number) == []


def test_a_third_party_refusal_names_the_concrete_interest(run: CliInvoke) -> None:
    number = new_case(run)
    run(
        "consult",
        number,
        "--party",
        "李四",
        "--party-kind",
        "third-party",
        "--concern",
        "表中所列李四的家庭住址和收入，公开会侵害其个人隐私",
        "--on",
        "2026-04-02",
    )
    run("record-opinion", number, "--party", "李四", "--opinion", "object", "--on", "2026-04-08")
    draft = ("draft", number, "--outcome", "withhold_third_party", "--facts", "李四书面不同意公开")
    vague = run(*draft, "--interest", "商业秘密、个人隐私等", "--reasons", "涉及隐私", ok=False)
    assert vague.exit_code == 1 and "未指明具体权益" in vague.stderr
    run(
        *draft,
        "--interest",
        "privacy",
        "--reasons",
        "公开会侵害李四的个人隐私",
        "--on",
        "2026-04-09",
    )
    text, _ = letter(run, number, "reply")
    assert "涉及第三方的个人隐私" in text and "商业秘密、个人隐私等" not in text
    # ARL art. 23: reconsideration first, stated as required, with both routes to court.
    assert "应当先自收到本答复之日起60日内向示例市人民政府申请行政复议" in text
    assert "行政复议法》第二十三条第一款第（四）项、第二款和第三十四条" in text
    run("approve", number, "--on", "2026-04-09", user="lisi")


def _answered(run: CliInvoke, applicant: str, received: str) -> str:
    number = new_case(run, applicant=applicant, received=received)
    run("draft", number, "--outcome", "not_held", "--search-process", SEARCH, "--on", "2026-04-20")
    run("approve", number, "--on", "2026-04-21", user="lisi")
    run("issue", number, "--on", "2026-04-22", user="lisi")
    return number


def test_a_repeat_cites_the_registers_earlier_reply_of_the_same_applicant(run: CliInvoke) -> None:
    earlier = _answered(run, "张三", "2026-04-01")
    stranger = _answered(run, "李四", "2026-04-02")
    number = new_case(run, received="2026-05-06")
    repeat = ("draft", number, "--outcome", "repeat", "--on", "2026-05-08", "--earlier-case")
    missing = run(*repeat, "2026-0999", ok=False)
    assert missing.exit_code == 1 and "登记簿中没有案件「2026-0999」" in missing.stderr
    other = run(*repeat, stranger, ok=False)
    assert other.exit_code == 1 and "不是本案申请人" in other.stderr
    run(*repeat, earlier)
    text, _ = letter(run, number, "reply")
    assert f"（登记编号：{earlier}）" in text
    assert "本机关已于2026年4月22日以示发改信复〔2026〕1号作出答复" in text
    items = checked(run, number)
    earlier_item = next(i for i in items if i["element"] == "此前的答复")
    assert earlier_item["status"] == "pass"
    run("approve", number, "--on", "2026-05-08", user="lisi")
