"""Issue 17, corrections: ``amend`` corrects the registration with a reason and keeps each fact
before and after; a moved receipt date recomputes every clock and says so; identity numbers
stay validated; letters already issued are not rewritten.  On SQLite and PostgreSQL.

Dates by hand from the 2026 calendar (Qingming 04-04..06, Labour Day 05-01..05, make-up
working Saturday 05-09); today is 2026-06-30."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliInvoke, write_home
from tests.e2e.test_cli_workflow_paths import decide, new_case, run, shown

__all__ = ["run"]  # the fixture, imported for pytest


@pytest.fixture
def home(tmp_path: Path, database_url: str) -> Path:
    """The temporary home on each engine (overrides the SQLite-only one)."""
    return write_home(tmp_path / "home", database_url)


def events(run: CliInvoke, number: str) -> list[dict[str, Any]]:
    return list(json.loads(run("history", number, "--json").output)["events"])


def stored(run: CliInvoke, number: str) -> tuple[Any, ...]:
    """What a refusal must leave exactly as it was: the case, its journal, its letters."""
    documents = json.loads(run("docs", number, "--json").output)
    return shown(run, number), events(run, number), documents


def test_amend_corrects_the_applicant_and_the_journal_keeps_before_and_after(
    run: CliInvoke,
) -> None:
    number = new_case(run, contact="13800000000")
    result = run(
        "amend", number, "--applicant", "张三丰", "--contact", "13900000000",
        "--reason", "登记时姓名和电话录入错误",
    )  # fmt: skip
    assert "张三 " in result.output and "张三丰" in result.output and "更正前" in result.output
    assert "已出具的文书未改写" in result.output
    case = shown(run, number)
    assert (case["applicant"]["name"], case["applicant"]["contact"]) == ("张三丰", "13900000000")
    last = events(run, number)[-1]
    assert last["action"] == "amend" and last["effective_on"] == "2026-06-30"
    assert last["data"]["reason"] == "登记时姓名和电话录入错误"
    assert last["data"]["changes"] == {
        "applicant": {"before": "张三", "after": "张三丰"},
        "contact": {"before": "13800000000", "after": "13900000000"},
    }
    assert "dates" not in last["data"]  # the receipt did not move: no clock moved


def test_letters_already_issued_are_not_rewritten_by_an_amendment(run: CliInvoke) -> None:
    from tests.support.letter_copies import letter_paragraphs

    number = new_case(run)
    before = json.loads(run("docs", number, "--json").output)
    run("amend", number, "--applicant", "张三丰", "--reason", "姓名录入错误")
    after = json.loads(run("docs", number, "--json").output)
    assert after == before  # same letters, same checksums: nothing re-rendered
    text = "".join(letter_paragraphs(run, number, after[0]))
    assert "张三：" in text and "张三丰" not in text


def test_a_moved_receipt_date_recomputes_every_clock_and_says_so(run: CliInvoke) -> None:
    number = new_case(run, received_on="2026-04-08")
    assert shown(run, number)["reply_due_on"] == "2026-05-09"
    result = run("amend", number, "--received-on", "2026-04-07", "--reason", "签收日期录入错误")
    assert (
        "收到申请之日已改动，全部期限已重新计算：答复期限 2026-05-09 → 2026-05-08" in result.output
    )
    case = shown(run, number)
    assert (case["received_on"], case["reply_due_on"]) == ("2026-04-07", "2026-05-08")
    assert case["receipt"]["received_on"] == "2026-04-07"
    dates = events(run, number)[-1]["data"]["dates"]
    assert (dates["before"]["reply_due_on"], dates["after"]["reply_due_on"]) == (
        "2026-05-09",
        "2026-05-08",
    )


def test_a_moved_receipt_that_moves_no_deadline_is_recomputed_and_said_so(
    run: CliInvoke,
) -> None:
    number = new_case(run, received_on="2026-04-08")
    run("request-correction", number, "--items", "请写明文件名称", "--on", "2026-04-09")
    run(
        "receive-correction",
        number,
        "--on",
        "2026-04-13",
        "--description",
        "2025年度区级部门预算公开目录",
    )
    # Reg. art. 30: the reply period runs afresh from the correction, 20 after 2026-04-13.
    assert shown(run, number)["reply_due_on"] == "2026-05-13"
    result = run("amend", number, "--received-on", "2026-04-07", "--reason", "签收日期录入错误")
    assert "收到申请之日已改动，全部期限已重新计算：均无变化。" in result.output
    assert shown(run, number)["reply_due_on"] == "2026-05-13"
    assert "dates" not in events(run, number)[-1]["data"]


def test_identity_numbers_stay_validated_and_print_masked_in_the_journal(run: CliInvoke) -> None:
    number = new_case(run)
    before = stored(run, number)
    wrong = run("amend", number, "--id-number", "110105194912310021", "--reason", "x", ok=False)
    assert wrong.exit_code == 1
    assert "--id-number（证件号码）" in wrong.output and "校验位" in wrong.output
    assert stored(run, number) == before
    run("amend", number, "--id-number", "110105194912310038", "--reason", "证件号码录入错误")
    change = events(run, number)[-1]["data"]["changes"]["id_number"]
    assert change == {"before": "1101**********002X", "after": "1101**********0038"}
    assert shown(run, number)["applicant"]["id_number"] == "110105194912310038"


@pytest.mark.parametrize(
    ("args", "field", "rule"),
    [
        (("--applicant", "张三丰"), "--reason（更正理由）", "必须写明更正理由"),
        (("--reason", "无"), "更正内容", "至少指定一项要更正的登记内容"),
        (("--applicant", "张三", "--reason", "无"), "更正内容", "与现有登记相同"),
        (("--received-on", "2025-12-31", "--reason", "无"), "--received-on", "不能改到另一年度"),
        (
            ("--received-on", "2026-04-03", "--reason", "无"),
            "--received-on",
            "不能晚于本案第一项办理",
        ),
        (("--received-on", "2026-07-01", "--reason", "无"), "--received-on", "晚于今天"),
    ],
)
def test_a_refused_amendment_names_the_field_and_changes_nothing(
    run: CliInvoke, args: tuple[str, ...], field: str, rule: str
) -> None:
    number = new_case(run)  # received 2026-04-01
    run("extend", number, "--days", "5", "--reason", "需调阅档案", "--approved-by", "wangwu",
        "--on", "2026-04-02", user="wangwu")  # fmt: skip
    before = stored(run, number)
    refused = run("amend", number, *args, ok=False)
    assert refused.exit_code == 1
    assert field in refused.output and rule in refused.output
    assert stored(run, number) == before


def test_an_archived_case_is_no_longer_amended(run: CliInvoke) -> None:
    number = new_case(run)
    decide(run, number, "2026-04-20")
    run("deliver", number, "--method", "in-person", "--on", "2026-04-21")
    run("archive", number)
    refused = run("amend", number, "--applicant", "张三丰", "--reason", "更正", ok=False)
    assert refused.exit_code == 1 and "已归档，登记内容和经办人不再变更" in refused.output
