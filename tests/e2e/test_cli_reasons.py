"""Reg. art. 35 through the CLI: ``request-reasons`` sends the 说明理由通知, then either the
reasons are unreasonable (draft ``excessive``, 不予处理) or reasonable but the reply needs more
time (``defer``, 延迟答复告知书).  Dates are hand-counted from the 2026 calendar: received Wed
04-01, reply due 04-30; 15 working days after Fri 04-03 is Mon 04-27 (Qingming 04-04..06)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest

from casework.adapters.docx_text import read_letter
from tests.conftest import CliInvoke

NOW = "2026-06-30T10:00:00+08:00"
CONCERN = "本月已提出42件申请，内容大量重复"


@pytest.fixture
def run(cli: CliInvoke, monkeypatch: pytest.MonkeyPatch) -> CliInvoke:
    monkeypatch.setenv("CASEWORK_NOW", NOW)

    def invoke(*args: str, user: str = "zhangsan", ok: bool = True) -> Any:
        result = cli(*args, user=user)
        if ok:
            assert result.exit_code == 0, result.output + result.stderr
        return result

    return invoke


def new_case(run: CliInvoke) -> str:
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
        "2025年度部门预算",
    )
    return str(result.output.strip().splitlines()[-1])


def documents(run: CliInvoke, number: str) -> list[dict[str, Any]]:
    return list(json.loads(run("docs", number, "--json").output))


def letter_text(run: CliInvoke, number: str, document: dict[str, Any]) -> str:
    """The text of the copy ``docs --out`` writes of ``document``."""
    with tempfile.TemporaryDirectory() as out:
        copies = json.loads(run("docs", number, "--out", out, "--json").output)
        file = next(c["file"] for c in copies if c["sha256"] == document["sha256"])
        # The text as the checker reads it (the layout's word joiners removed).
        return "\n".join(read_letter(Path(file)).paragraphs)


def ask_for_reasons(run: CliInvoke, number: str) -> dict[str, Any]:
    output = run(
        "request-reasons", number, "--reason", CONCERN, "--on", "2026-04-03", "--json"
    ).output
    return dict(json.loads(output))


def test_request_reasons_sends_the_notice_with_the_period_and_the_consequence(
    run: CliInvoke,
) -> None:
    number = new_case(run)
    shown = ask_for_reasons(run, number)
    assert shown["case"]["state"] == "registered"
    assert shown["case"]["reply_due_on"] == "2026-04-30"  # the clock keeps running
    listed = documents(run, number)
    assert [(d["kind"], d["number"]) for d in listed] == [
        ("acknowledgement", "示发改信登〔2026〕1号"),
        ("reasons_request", "示发改信询〔2026〕1号"),
    ]
    text = letter_text(run, number, listed[1])
    assert "说明理由通知" in text and CONCERN in text
    assert "15个工作日内" in text and "2026年4月27日" in text
    assert "逾期不说明理由或者理由不合理的" in text and "不予处理" in text
    assert "第三十五条" in text
    assert "说明理由通知" in run("docs", number).output
    assert "全部必备要素通过" in run("check", number).output
    history = run("history", number).output
    assert "要求说明理由" in history


def test_unreasonable_reasons_lead_to_the_excessive_refusal(run: CliInvoke) -> None:
    number = new_case(run)
    ask_for_reasons(run, number)
    where = ["--on", "2026-04-20"]
    run(
        "draft",
        number,
        "--outcome",
        "excessive",
        "--facts",
        "本机关于2026年4月3日要求您说明理由，您于2026年4月15日答复称系个人研究需要",
        "--reasons",
        "所申请的42件信息内容相同，重复申请无正当理由",
        *where,
    )
    run("approve", number, *where, user="lisi")
    run("issue", number, *where, user="lisi")
    kinds = [d["kind"] for d in documents(run, number)]
    assert kinds[:2] == ["acknowledgement", "reasons_request"]
    assert kinds[-1] == "reply"
    assert "全部必备要素通过" in run("check", number).output


def test_reasonable_reasons_lead_to_a_deferral_notice_with_the_new_date(run: CliInvoke) -> None:
    number = new_case(run)
    ask_for_reasons(run, number)
    output = run(
        "defer",
        number,
        "--until",
        "2026-07-31",
        "--reasons-received-on",
        "2026-04-15",
        "--reason",
        "申请涉及十年的预算档案，需逐件检索",
        "--on",
        "2026-04-20",
        "--json",
    ).output
    assert json.loads(output)["case"]["reply_due_on"] == "2026-07-31"
    listed = documents(run, number)
    assert [(d["kind"], d["number"]) for d in listed][1:] == [
        ("reasons_request", "示发改信询〔2026〕1号"),
        ("deferral_notice", "示发改信迟〔2026〕1号"),
    ]
    text = letter_text(run, number, listed[2])
    assert "延迟答复告知书" in text and "理由合理" in text
    assert "2026年4月3日" in text and "2026年7月31日" in text and "第三十五条" in text
    assert "全部必备要素通过" in run("check", number).output


def test_a_second_request_for_reasons_is_refused_and_changes_nothing(run: CliInvoke) -> None:
    number = new_case(run)
    ask_for_reasons(run, number)
    refused = run("request-reasons", number, "--items", "再次", "--on", "2026-04-07", ok=False)
    assert refused.exit_code == 1
    assert "不能重复要求" in refused.output + refused.stderr
    assert len(documents(run, number)) == 2
