"""The review console points each checker finding at the page of the letter it quotes
(issue 20), reading the PDF's page texts, whose lines break where the letter's do not."""

from __future__ import annotations

from casework.domain.letters.base import CheckItem
from casework.services.review_desk import locate

PAGES = [
    "政府信息公开申请答复书\n张三：\n本机关于2026年11月16日收到您提出的\n政府信息公开申请，",
    "如对本答复不服，可以在收到本答复之日起六十日内\n向示例市人民政府申请行政复议。",
]


def test_a_quoted_passage_broken_across_lines_is_found_on_its_page() -> None:
    item = CheckItem("收到申请日期", "pass", "「2026年11月16日收到您提出的政府信息公开申请」")
    assert locate(item, PAGES).page == 1


def test_a_passage_on_the_second_page_points_there() -> None:
    item = CheckItem("救济途径", "pass", "复议机关「示例市人民政府」")
    assert locate(item, PAGES).page == 2


def test_a_finding_that_quotes_nothing_or_something_absent_points_nowhere() -> None:
    assert locate(CheckItem("发文字号", "pending", "草稿尚未编号"), PAGES).page is None
    assert locate(CheckItem("标题", "fail", "缺少「延期答复告知书」"), PAGES).page is None
    assert locate(CheckItem("标题", "pass", "「政府信息公开申请答复书」"), []).page is None
