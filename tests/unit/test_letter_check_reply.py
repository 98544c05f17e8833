"""The checker on reply and termination letters: every outcome, and one defect at a time.

Each sample letter follows LETTER_API.md (tests/support/letter_samples.py renders the catalogue
paragraph with Jinja2).  A mutation breaks exactly one element — the remedy removed, the wrong
remedy variant, a wrong article, a missing search process, a malformed 字号, 2007-era law — and
the checker must report that element as failed, naming what it expected.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from casework.domain.letters.check import CheckItem, Expectation, blocking, check_letter
from casework.domain.workflow.catalogue import OutcomeCatalogue
from casework.domain.workflow.outcomes import Outcome, Remedy
from tests.support.letter_samples import (
    CORRECTED_ON,
    GROUND,
    ORGAN,
    REPLY_NUMBER,
    SEARCH_PROCESS,
    catalogue,
    chinese,
    letter,
    remedy_paragraph,
    reply_expectation,
    reply_paragraphs,
)

CATALOGUE = catalogue()


def _sample(code: str, **changes: object) -> tuple[list[str], Expectation]:
    outcome = CATALOGUE.get(code)
    ground = CATALOGUE.get(GROUND) if outcome.follows_ground else None
    expected = reply_expectation(outcome, ground, **changes)
    return reply_paragraphs(expected), expected


def _check(paragraphs: list[str], expected: Expectation, seal: bool = False) -> list[CheckItem]:
    return check_letter(letter(paragraphs, seal), expected)


def _item(items: list[CheckItem], element: str, status: str = "fail") -> CheckItem:
    found = [item for item in items if item.element == element and item.status == status]
    assert found, f"no {status} item {element} in {items}"
    return found[0]


def _replace(paragraphs: list[str], old: str, new: str) -> list[str]:
    assert any(old in p for p in paragraphs), f"{old!r} is not in the sample letter"
    return [p.replace(old, new) for p in paragraphs]


@pytest.mark.parametrize("code", CATALOGUE.codes)
def test_a_letter_following_the_conventions_passes_for_every_outcome(code: str) -> None:
    paragraphs, expected = _sample(code)
    items = _check(paragraphs, expected)
    assert blocking(items) == []
    elements = {item.element for item in items}
    assert {"发文字号", "标题", "申请人", "决定与法律依据", "救济途径", "机关名称"} <= elements
    assert {"印章位置", "成文日期", "日期格式", "过时法律表述"} <= elements


def test_a_reply_checks_every_element_domain_md_5_lists_for_a_not_held_answer() -> None:
    paragraphs, expected = _sample("not_held", correction_received_on=CORRECTED_ON)
    paragraphs = _replace(
        paragraphs, "收到您提出的", f"收到您提出的申请，{chinese(CORRECTED_ON)}收到补正；"
    )
    items = _check(paragraphs, expected)
    assert [item.element for item in items] == [
        "发文字号", "标题", "申请人", "收到申请日期", "补正日期", "申请内容", "事实与检索过程",
        "决定与法律依据", "便民答复", "检索过程要素", "复议机关", "救济途径", "机关名称", "印章位置",
        "成文日期", "联系人", "联系电话", "占位文字", "条例名称", "日期格式", "过时法律表述",
    ]  # fmt: skip
    assert blocking(items) == []


def test_a_draft_shows_its_number_as_pending_and_is_not_blocked() -> None:
    paragraphs, expected = _sample("disclose", final=False, number=None)
    items = _check(paragraphs, expected)
    assert paragraphs[0] == "〔签发时编号〕"
    number = _item(items, "发文字号", "pending")
    assert "签发时分配" in number.detail
    assert blocking(items) == []


def test_a_final_letter_still_carrying_the_draft_placeholder_fails() -> None:
    paragraphs, expected = _sample("disclose")
    paragraphs[0] = "〔签发时编号〕"
    assert REPLY_NUMBER in _item(_check(paragraphs, expected), "发文字号").detail


def test_blocking_keeps_the_failures_and_drops_warnings_and_pending() -> None:
    items = [
        CheckItem("发文字号", "pending", "草稿"),
        CheckItem("便民答复", "warning", "宜增加"),
        CheckItem("救济途径", "fail", "缺少"),
        CheckItem("标题", "pass", "ok"),
    ]
    assert blocking(items) == [CheckItem("救济途径", "fail", "缺少")]


Mutation = Callable[[list[str], Expectation], tuple[list[str], Expectation]]


def _drop(text: str) -> Mutation:
    """Remove every paragraph containing ``text``."""

    def mutate(paragraphs: list[str], expected: Expectation) -> tuple[list[str], Expectation]:
        kept = [p for p in paragraphs if text not in p]
        assert len(kept) < len(paragraphs)
        return kept, expected

    return mutate


def _swap(old: str, new: str) -> Mutation:
    def mutate(paragraphs: list[str], expected: Expectation) -> tuple[list[str], Expectation]:
        return _replace(paragraphs, old, new), expected

    return mutate


def _number(new: str) -> Mutation:
    return _swap(REPLY_NUMBER, new)


def _remedy(variant: Remedy, organ: str = ORGAN, court: str | None = None) -> Mutation:
    def mutate(paragraphs: list[str], expected: Expectation) -> tuple[list[str], Expectation]:
        assert expected.remedy is not None
        index = paragraphs.index(remedy_paragraph(expected.remedy))
        changed = list(paragraphs)
        changed[index] = remedy_paragraph(variant, organ, court)
        return changed, expected

    return mutate


def _expect(**changes: object) -> Mutation:
    """The record says something else than the letter (e.g. a configured court)."""

    def mutate(paragraphs: list[str], expected: Expectation) -> tuple[list[str], Expectation]:
        return paragraphs, dataclasses.replace(expected, **changes)  # type: ignore[arg-type]

    return mutate


def _add(paragraph: str) -> Mutation:
    def mutate(paragraphs: list[str], expected: Expectation) -> tuple[list[str], Expectation]:
        return [*paragraphs[:-4], paragraph, *paragraphs[-4:]], expected

    return mutate


# (case id, outcome, mutation, failed element, words the detail must contain)
MUTATIONS: list[tuple[str, str, Mutation, str, str]] = [
    ("remedy removed", "disclose", _drop("申请行政复议"), "救济途径", "缺少救济途径"),
    ("remedy removed on a refusal", "withhold_internal", _drop("申请行政复议"), "救济途径", "一年"),
    ("direct lawsuit offered on a refusal", "withhold_internal", _remedy(Remedy.EITHER), "救济途径", "不得告知可以直接提起行政诉讼"),
    ("direct lawsuit offered on a partial refusal", "partial", _remedy(Remedy.EITHER), "救济途径", "复议前置"),
    ("reconsideration first where a lawsuit is open", "not_held", _remedy(Remedy.RECONSIDERATION_FIRST), "救济途径", "6个月"),
    ("wrong reconsideration organ", "not_held", _remedy(Remedy.EITHER, organ="示例市财政局"), "救济途径", ORGAN),
    ("default court phrase where a court is configured", "disclose", _expect(court="示例铁路运输法院"), "救济途径", "向示例铁路运输法院提起行政诉讼"),
    ("60-day period missing", "disclose", _swap("60日内", ""), "救济途径", "60日"),
    ("wrong article item", "not_held", _swap("第三十六条第（四）项", "第三十六条第（五）项"), "决定与法律依据", "第三十六条第（五）项"),
    ("basis of the withheld part missing", "partial", _swap("、第十六条第一款", ""), "决定与法律依据", "第十六条第一款"),
    ("decision sentence removed", "withhold_process", _swap("本机关决定不予公开", "特此告知"), "决定与法律依据", "本机关决定不予公开"),
    ("search process missing", "not_held", _swap(SEARCH_PROCESS, "相关科室"), "事实与检索过程", "检索过程"),
    ("reasons missing on a refusal", "withhold_security", _swap("理由的示例内容0", "依法"), "理由", "理由"),
    ("access route missing", "disclose", _swap("获取或办理的方式、途径和时间的示例内容0", "另行通知"), "须写明事项", "获取或办理的方式"),
    ("prohibiting law missing", "withhold_prohibited", _swap("禁止公开的法律、行政法规的示例内容0", "有关规定"), "须写明事项", "禁止公开的法律"),
    ("given convenience dropped", "not_held", _drop("为方便您"), "便民答复", "便民答复"),
    ("number with 第", "disclose", _number("示财信复〔2026〕第12号"), "发文字号", "第"),
    ("number with a leading zero", "disclose", _number("示财信复〔2026〕012号"), "发文字号", "前导零"),
    ("number in 【】", "disclose", _number("示财信复【2026】12号"), "发文字号", "六角括号"),
    ("number in []", "disclose", _number("示财信复[2026]12号"), "发文字号", "六角括号"),
    ("number in （）", "disclose", _number("示财信复（2026）12号"), "发文字号", "六角括号"),
    ("number of another agency", "disclose", _number("示统信复〔2026〕12号"), "发文字号", "示财信复"),
    ("number other than the one allocated", "disclose", _number("示财信复〔2026〕13号"), "发文字号", REPLY_NUMBER),
    ("number removed", "disclose", _drop(REPLY_NUMBER), "发文字号", "未找到"),
    ("title changed", "disclose", _swap("政府信息公开申请答复书", "答复书"), "标题", "政府信息公开申请答复书"),
    ("applicant renamed", "disclose", _swap("王五 & 李四<联合>：", "王五："), "申请人", "实为「王五：」"),
    ("receipt date missing", "disclose", _swap("于2026年4月1日收到", "收到"), "收到申请日期", "2026年4月1日"),
    ("request missing", "not_held", _swap("2025年度示例市财政专项资金分配明细", "有关信息"), "申请内容", "2025年度"),
    ("date with a leading zero", "disclose", _swap("于2026年4月1日", "于2026年04月01日"), "日期格式", "2026年04月"),
    ("ISO date", "disclose", _swap("于2026年4月1日", "于2026-04-01"), "日期格式", "2026-04-01"),
    ("letter date missing", "disclose", _drop("2026年4月28日"), "成文日期", "2026年4月28日"),
    ("agency name missing", "disclose", _drop("示例市财政局"), "机关名称", "示例市财政局"),
    ("seal marker missing", "disclose", _drop("（印章）"), "印章位置", "（印章）"),
    ("seal image expected", "disclose", _expect(expects_seal_image=True), "印章位置", "图片"),
    ("15 working days to reply", "disclose", _add("本机关应当在收到申请之日起15个工作日内予以答复。"), "过时法律表述", "20个工作日"),
    ("十五个工作日 to reply", "disclose", _add("本机关于十五个工作日内答复。"), "过时法律表述", "2007年"),
    ("2007 extension cap of 15 working days", "disclose", _add("延长答复的期限最长不得超过15个工作日。"), "过时法律表述", "2007年"),
    ("3个月内 lawsuit", "disclose", _add("也可以在3个月内向人民法院提起行政诉讼。"), "过时法律表述", "6个月"),
    ("三个月 lawsuit", "withhold_internal", _add("对复议决定不服的，三个月内起诉。"), "过时法律表述", "6个月"),
    ("2007 article as reply type", "not_held", _swap("第三十六条第（四）项", "第二十一条第（三）项"), "过时法律表述", "第二十一条第（三）项"),
    ("article beyond the regulation", "disclose", _add("依据条例第五十八条。"), "过时法律表述", "五十六条"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("code", "mutate", "element", "words"),
    [pytest.param(code, m, e, w, id=name) for name, code, m, e, w in MUTATIONS],
)
def test_each_broken_element_is_caught_and_blocks_approval(
    code: str, mutate: Mutation, element: str, words: str
) -> None:
    paragraphs, expected = _sample(code)
    assert blocking(_check(paragraphs, expected)) == []
    broken, expected = mutate(paragraphs, expected)
    items = _check(broken, expected)
    failed = _item(items, element)
    assert words in failed.detail
    assert failed in blocking(items)


def test_a_wrong_article_names_what_was_expected_and_what_was_found() -> None:
    paragraphs, expected = _sample("not_held")
    broken = _replace(paragraphs, "第三十六条第（四）项", "第三十六条第（五）项")
    detail = _item(_check(broken, expected), "决定与法律依据").detail
    assert "《中华人民共和国政府信息公开条例》第三十六条第（四）项" in detail
    assert "文中引用的条例条款：第三十六条第（五）项" in detail


def test_a_missing_convenience_reply_is_a_warning_that_does_not_block() -> None:
    outcome = CATALOGUE.get("needs_compilation")
    expected = reply_expectation(outcome)
    facts = {k: v for k, v in expected.facts.items() if k != "convenience"}
    expected = dataclasses.replace(expected, facts=facts)
    items = _check(reply_paragraphs(expected), expected)
    warning = _item(items, "便民答复", "warning")
    assert "宜增加便民答复" in warning.detail
    assert blocking(items) == []


def test_a_partial_disclosure_may_print_the_basis_of_the_withheld_part_in_full() -> None:
    """The basis is found; the full title printed twice is the short-title defect (domain.md
    §5: 《条例》 introduced once after the full title), and only that."""
    paragraphs, expected = _sample("partial")
    separate = "《中华人民共和国政府信息公开条例》第三十七条和《中华人民共和国政府信息公开条例》第十六条第一款"
    broken = _replace(
        paragraphs, "《中华人民共和国政府信息公开条例》第三十七条、第十六条第一款", separate
    )
    failures = blocking(_check(broken, expected))
    assert [item.element for item in failures] == ["条例名称"]
    assert "以下简称《条例》" in failures[0].detail


def test_a_partial_disclosure_without_a_ground_fails_with_the_catalogue_rule() -> None:
    paragraphs, expected = _sample("partial")
    items = _check(paragraphs, dataclasses.replace(expected, ground=None))
    assert "第三十七条" in _item(items, "决定与法律依据").detail


def test_a_configured_court_passes_when_the_letter_names_it() -> None:
    paragraphs, expected = _sample("withhold_internal", court="示例铁路运输法院")
    assert "向示例铁路运输法院提起行政诉讼" in "".join(paragraphs)
    assert blocking(_check(paragraphs, expected)) == []


def test_a_follows_ground_remedy_is_resolved_through_the_ground() -> None:
    paragraphs, expected = _sample("partial")
    expected = dataclasses.replace(expected, remedy=Remedy.FOLLOWS_GROUND)
    assert _item(_check(paragraphs, expected), "救济途径", "pass").detail.startswith("复议前置")


def test_a_seal_image_satisfies_the_seal_position_when_configured() -> None:
    paragraphs, expected = _sample("disclose", expects_seal_image=True)
    items = _check([p for p in paragraphs if p != "（印章）"], expected, seal=True)
    assert _item(items, "印章位置", "pass").detail == "已加盖电子印章（图片）"


def test_the_seal_marker_must_stand_between_agency_and_date() -> None:
    paragraphs, expected = _sample("disclose")
    moved = [p for p in paragraphs if p != "（印章）"]
    moved.insert(2, "（印章）")
    assert "之间" in _item(_check(moved, expected), "印章位置").detail


def test_a_missing_required_fact_in_the_record_fails_naming_the_option() -> None:
    paragraphs, expected = _sample("not_held")
    expected = dataclasses.replace(expected, facts={})
    assert "案件未填写检索过程" in _item(_check(paragraphs, expected), "事实与检索过程").detail


def test_a_termination_letter_states_the_lapsed_notice_and_its_end() -> None:
    paragraphs, expected = _sample("correction_lapsed")
    assert expected.kind == "termination"
    assert blocking(_check(paragraphs, expected)) == []
    broken = _replace(paragraphs, "2026年4月24日", "近日")
    assert "2026年4月24日" in _item(_check(broken, expected), "期限届满日").detail


def test_whitespace_and_line_breaks_inside_the_text_do_not_matter() -> None:
    paragraphs, expected = _sample("not_held")
    spaced = [p.replace("检索过程的示例", "检索过程的\n示例 ") for p in paragraphs]
    assert blocking(_check(spaced, expected)) == []


def _outcomes(catalogue: OutcomeCatalogue, remedy: Remedy) -> list[Outcome]:
    return [o for o in catalogue.outcomes if o.remedy is remedy]


def test_every_reconsideration_first_outcome_refuses_a_direct_lawsuit() -> None:
    for outcome in _outcomes(CATALOGUE, Remedy.RECONSIDERATION_FIRST):
        paragraphs, expected = _sample(outcome.code)
        broken, _ = _remedy(Remedy.EITHER)(paragraphs, expected)
        assert "复议前置" in _item(_check(broken, expected), "救济途径").detail, outcome.code
