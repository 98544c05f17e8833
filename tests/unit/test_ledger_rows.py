"""The rules a 台账 row must pass to become a case (casework.domain.application.ledger):
register's rules, and those of a finished case (a result has a reply number and date, not
before the receipt nor after today; delivery method and date together, not before the reply;
no reply number twice)."""

from __future__ import annotations

from datetime import date

import pytest

from casework.domain.application.ledger import (
    HistoricalCase,
    duplicate_numbers,
    read_row,
)

TODAY = date(2026, 6, 30)
BASE = {
    "received_on": "2025-03-03", "applicant": "张三", "applicant_type": "自然人",
    "channel": "当面提交", "description": "2024年度部门预算",
}  # fmt: skip
ANSWERED = {**BASE, "outcome": "予以公开", "reply_number": "示发改信复〔2025〕1号",
            "replied_on": "2025-03-20"}  # fmt: skip


def code(text: str) -> str | None:
    return {"予以公开": "disclose", "disclose": "disclose"}.get(text)


def test_an_open_and_an_answered_row_pass_with_labels_turned_into_codes() -> None:
    still_open = read_row(2, BASE, TODAY, code)
    assert isinstance(still_open, HistoricalCase) and still_open.outcome is None
    assert still_open.application.applicant_type.value == "natural"
    answered = read_row(
        3, {**ANSWERED, "delivery_method": "邮寄", "delivered_on": "2025-03-21"}, TODAY, code
    )
    assert isinstance(answered, HistoricalCase)
    assert (answered.outcome, answered.delivery_method, answered.delivered_on) == (
        "disclose", "post", date(2025, 3, 21),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "column", "words"),
    [
        ({"applicant": ""}, "申请人", "必须填写"),
        ({"received_on": "2025/3/3"}, "收到申请日期", "不是有效日期"),
        ({"received_on": "2019-05-14"}, "收到申请日期", "2007年《条例》"),
        ({"channel": "微信"}, "申请渠道", "当面提交、邮寄"),
        ({"outcome": "不予公开"}, "办理结果", "不在办理结果目录中"),
        ({"reply_number": ""}, "答复文号", "必须填写答复文号"),
        ({"replied_on": ""}, "答复日期", "必须填写答复日期"),
        ({"replied_on": "2025-03-02"}, "答复日期", "不能早于收到申请日期"),
        ({"replied_on": "2026-07-01"}, "答复日期", "不能晚于今天"),
        ({"outcome": ""}, "办理结果", "必须填写办理结果"),
        ({"delivery_method": "邮寄"}, "送达日期", "同时填写"),
        ({"delivery_method": "快递", "delivered_on": "2025-03-21"}, "送达方式", "不是可选值"),
        ({"delivery_method": "邮寄", "delivered_on": "2025-03-19"}, "送达日期", "不能早于答复日期"),
    ],
)
def test_a_row_breaking_a_rule_is_refused_naming_row_column_and_rule(
    changes: dict[str, str], column: str, words: str
) -> None:
    refusals = read_row(7, {**ANSWERED, **changes}, TODAY, code)
    assert isinstance(refusals, list)
    assert any(r.row == 7 and r.column == column and words in r.rule for r in refusals), refusals


def test_an_unreadable_date_is_refused_once_for_its_format() -> None:
    refusals = read_row(4, {**BASE, "received_on": "三月三日"}, TODAY, code)
    assert isinstance(refusals, list)
    assert [(r.column, "不是有效日期" in r.rule) for r in refusals] == [("收到申请日期", True)]


def test_a_reply_number_used_by_an_earlier_row_is_refused_on_the_later_one() -> None:
    refusals = duplicate_numbers([(2, "A〔2025〕1号"), (3, "A〔2025〕2号"), (9, "A〔2025〕1号")])
    assert [(r.row, r.column) for r in refusals] == [(9, "答复文号")]
    assert "第 2 行" in refusals[0].rule
