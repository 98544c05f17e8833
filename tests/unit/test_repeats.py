"""Reg. art. 36 item 6: when two requests of one applicant are "substantially the same"
(casework.domain.case.search): normalised bigram similarity of at least 0.8 and the same
numbers.  Both sides of the threshold, written by hand."""

from __future__ import annotations

import pytest

from casework.domain.case.search import (
    REPEAT_THRESHOLD,
    CaseSearch,
    normalise_request,
    request_numbers,
    request_similarity,
    search_text,
    substantially_same,
)

SAME = [
    ("2025年度部门预算及说明", "请公开2025年度部门预算及其说明"),
    ("某路段绿化养护合同", "申请公开某路段绿化养护的合同"),
    ("示政发〔2024〕12号文件", "示政发[2024]12号文件。"),
    ("ABC小区拆迁补偿方案", "abc 小区拆迁补偿方案"),
    ("２０２５年度部门预算", "2025年度部门预算"),  # full-width digits fold (NFKC)
]
DIFFERENT = [
    ("2025年度部门预算及说明", "2024年度部门预算及说明"),  # another year: another number
    ("示政发〔2024〕12号文件", "示政发〔2024〕13号文件"),
    ("某路段绿化养护合同", "某路段绿化养护验收报告"),  # 0.67: another document
    ("2025年度部门预算", "2025年度部门决算及三公经费"),
    ("某小区规划许可证", "某小区拆迁补偿方案"),
]


@pytest.mark.parametrize(("first", "second"), SAME)
def test_requests_that_ask_for_the_same_information_are_substantially_the_same(
    first: str, second: str
) -> None:
    assert request_similarity(first, second) >= REPEAT_THRESHOLD
    assert substantially_same(first, second)
    assert substantially_same(second, first)


@pytest.mark.parametrize(("first", "second"), DIFFERENT)
def test_requests_for_other_information_are_not(first: str, second: str) -> None:
    assert not substantially_same(first, second)
    assert not substantially_same(second, first)


def test_the_similarity_is_the_dice_coefficient_of_the_normalised_bigrams() -> None:
    # 「绿化养护合同」 and 「绿化养护验收」: bigrams 绿化 化养 养护 护合 合同 / 绿化 化养 养护 护验 验收;
    # three in common out of five and five: 2·3 / 10.
    assert request_similarity("绿化养护合同", "绿化养护验收") == pytest.approx(0.6)
    assert request_similarity("", "") == 0.0
    assert request_similarity("预算", "预算") == 1.0


def test_normalising_drops_the_frame_of_a_request_and_keeps_its_numbers() -> None:
    assert normalise_request("请依申请公开：2025年度的部门预算！") == "2025年度部门预算"
    assert request_numbers("示政发〔2024〕012号，2025年") == frozenset({"2024", "12", "2025"})


def test_the_search_text_has_name_description_reply_number_and_facts_never_the_identity() -> None:
    text = search_text("张三", "2025年度部门预算", "示发改信复〔2026〕1号", {"access": "电子文档"})
    assert text.splitlines() == ["张三", "2025年度部门预算", "示发改信复〔2026〕1号", "电子文档"]
    assert search_text("张三", "预算", None, {"reasons": "  "}) == "张三\n预算"


def test_terms_below_a_trigram_are_told_apart_from_indexed_ones() -> None:
    query = CaseSearch(terms=("预算", "绿化养护", "X"))
    assert query.indexed_terms == ("绿化养护",)
    assert query.short_terms == ("预算", "X")
    assert CaseSearch().is_empty and not CaseSearch(applicant="张三").is_empty
