"""Issue #13: letters the checker used to pass and a 法制审核 officer would refuse to sign.

Each test starts from a sample letter that passes (tests/support/letter_samples.py), breaks it
the way the reviewer found it broken, and asserts a blocking failure with a Chinese reason.
"""

from __future__ import annotations

import dataclasses

import pytest

from casework.domain.letters.check import CheckItem, blocking, check_letter
from tests.support.letter_kind_samples import kind_expectation, kind_paragraphs
from tests.support.letter_samples import (
    ORGAN,
    SEARCH_PROCESS,
    catalogue,
    letter,
    reply_expectation,
    reply_paragraphs,
)

CATALOGUE = catalogue()


def _reply(code: str, **changes: object) -> tuple[list[str], object]:
    expected = reply_expectation(CATALOGUE.get(code), **changes)  # type: ignore[arg-type]
    return reply_paragraphs(expected), expected


def _check(paragraphs: list[str], expected: object) -> list[CheckItem]:
    return check_letter(letter(paragraphs), expected)  # type: ignore[arg-type]


def _failure(items: list[CheckItem], element: str) -> str:
    found = [item.detail for item in blocking(items) if item.element == element]
    assert found, f"no failed {element} in {blocking(items)}"
    return found[0]


def _passes(code: str = "withhold_internal") -> None:
    paragraphs, expected = _reply(code)
    assert blocking(_check(paragraphs, expected)) == []


# --- 复议前置 (ARL art. 23 para. 1 item (4), para. 2; ARL art. 34) ----------------------------

OPTIONAL_REVIEW = (
    f"如对本答复不服，可以自收到本答复之日起60日内向{ORGAN}申请行政复议；对行政复议决定不服的，"
    "可以自收到行政复议决定书之日起15日内依法向人民法院提起行政诉讼。"
)


def test_a_refusal_saying_only_that_reconsideration_may_be_applied_for_fails() -> None:
    _passes()
    paragraphs, expected = _reply("withhold_internal")
    broken = [OPTIONAL_REVIEW if p.startswith("根据《中华人民共和国行政复议法》") else p for p in paragraphs]
    detail = _failure(_check(broken, expected), "救济途径")
    assert "应当先申请行政复议" in detail and "第二十三条" in detail and "第三十四条" in detail


def test_a_partial_disclosure_withholding_under_article_16_also_states_reconsideration_first() -> None:
    paragraphs, expected = _reply("partial", ground=CATALOGUE.get("withhold_internal"))
    assert blocking(_check(paragraphs, expected)) == []
    broken = [OPTIONAL_REVIEW if p.startswith("根据《中华人民共和国行政复议法》") else p for p in paragraphs]
    assert "应当先" in _failure(_check(broken, expected), "救济途径")


def test_a_clerks_fact_offering_a_direct_lawsuit_on_a_refusal_fails() -> None:
    paragraphs, expected = _reply("withhold_internal")
    reasons = "该信息属于内部事务信息，您也可以直接向人民法院提起行政诉讼"
    expected = dataclasses.replace(expected, facts={**expected.facts, "reasons": reasons})
    paragraphs = reply_paragraphs(expected)
    assert "不得告知可以直接提起行政诉讼" in _failure(_check(paragraphs, expected), "救济途径")


# --- the reconsideration organ (ARL arts. 24–27) ---------------------------------------------


def test_free_text_naming_another_reconsideration_organ_fails() -> None:
    paragraphs, expected = _reply("not_ours")
    reasons = "该信息由省财政厅制作，您可以向示例省人民政府申请行政复议"
    expected = dataclasses.replace(expected, facts={**expected.facts, "reasons": reasons})
    detail = _failure(_check(reply_paragraphs(expected), expected), "复议机关")
    assert "示例省人民政府" in detail and ORGAN in detail


def test_a_profile_organ_naming_two_organs_fails_under_article_24() -> None:
    two = "示例市人民政府或者示例省发展和改革委员会"
    paragraphs, expected = _reply("disclose", reconsideration_organ=two)
    assert "第二十四条" in _failure(_check(paragraphs, expected), "复议机关")


# --- 2007-era law anywhere ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("added", "said"),
    [
        ("本答复依据《中华人民共和国政府信息公开条例》（国务院令第492号）作出。", "492号"),
        ("依据条例第21条，本机关决定予以公开。", "第三十六条"),
        ("依据《条例》第二十一条，本机关答复如下。", "第三十六条"),
        ("也可以在三个月内向人民法院起诉。", "6个月"),
    ],
)
def test_2007_law_in_the_letters_own_text_fails(added: str, said: str) -> None:
    paragraphs, expected = _reply("disclose")
    paragraphs.insert(5, added)
    assert said in _failure(_check(paragraphs, expected), "过时法律表述")


def test_15_working_days_stated_as_the_reply_period_in_a_clerks_fact_fails() -> None:
    paragraphs, expected = _reply("disclose")
    access = "本机关将于15个工作日内答复后通过电子邮件发送"
    expected = dataclasses.replace(expected, facts={**expected.facts, "access": access})
    assert "20个工作日" in _failure(_check(reply_paragraphs(expected), expected), "过时法律表述")


# --- placeholders --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "placeholder",
    ["XXX", "×××", "待补充", "【】", "（地址：……）", "（）"],
)
def test_a_placeholder_left_in_the_letter_fails(placeholder: str) -> None:
    paragraphs, expected = _reply("disclose")
    paragraphs.insert(5, f"具体办理地点为{placeholder}。")
    assert placeholder in _failure(_check(paragraphs, expected), "占位文字")


def test_an_e_mail_address_with_two_xs_is_no_placeholder() -> None:
    paragraphs, expected = _reply("disclose")
    paragraphs.insert(5, "电子邮箱：xxgk@example.gov.cn。")
    assert blocking(_check(paragraphs, expected)) == []


# --- a URL is not a date (already_public) ---------------------------------------------------


def test_a_url_with_a_dated_path_in_a_fact_is_not_a_malformed_date() -> None:
    paragraphs, expected = _reply("already_public")
    place = "2026年3月1日在本机关门户网站公开，网址为https://www.example.gov.cn/2026/03/01/art_12.html"
    expected = dataclasses.replace(expected, facts={**expected.facts, "published_at": place})
    assert blocking(_check(reply_paragraphs(expected), expected)) == []


def test_a_malformed_date_outside_a_url_still_fails() -> None:
    paragraphs, expected = _reply("already_public")
    place = "2026-03-01在本机关门户网站公开，网址为https://www.example.gov.cn/2026/03/01/a.html"
    expected = dataclasses.replace(expected, facts={**expected.facts, "published_at": place})
    assert "2026-03-01" in _failure(_check(reply_paragraphs(expected), expected), "日期格式")


# --- the search process (Reg. art. 36(四); seed 003) ----------------------------------------


@pytest.mark.parametrize(
    ("process", "missing"),
    [
        ("已检索", "检索范围"),
        ("经检索，未找到", "检索关键词"),
        ("检索了公文管理系统，未找到", "检索关键词"),
    ],
)
def test_a_search_process_that_says_nothing_fails(process: str, missing: str) -> None:
    _, expected = _reply("not_held")
    expected = dataclasses.replace(expected, facts={**expected.facts, "search_process": process})
    assert missing in _failure(_check(reply_paragraphs(expected), expected), "检索过程要素")


def test_a_search_process_with_where_what_and_keywords_passes() -> None:
    paragraphs, expected = _reply("not_held")
    assert SEARCH_PROCESS in "".join(paragraphs)
    assert blocking(_check(paragraphs, expected)) == []


# --- the short title, the form of address, the contact (domain.md §5) -----------------------


def test_the_short_title_used_before_the_full_title_introduces_it_fails() -> None:
    paragraphs, expected = _reply("disclose")
    paragraphs.insert(4, "本机关依照《条例》的规定办理。")
    assert "以下简称《条例》" in _failure(_check(paragraphs, expected), "条例名称")


def test_the_short_title_introduced_once_after_the_full_title_passes() -> None:
    expected = kind_expectation("reasons_request")
    paragraphs = [
        p.replace(
            "《中华人民共和国政府信息公开条例》第三十五条",
            "《中华人民共和国政府信息公开条例》（以下简称《条例》）第三十五条",
            1,
        )
        for p in kind_paragraphs(expected)
    ]
    paragraphs.insert(5, "逾期的，本机关依照《条例》第三十五条告知不予处理。")
    assert blocking(check_letter(letter(paragraphs), expected)) == []


def test_an_organisation_addressed_as_nin_fails() -> None:
    paragraphs, expected = _reply("disclose", addressed_as="你单位")
    assert any("你单位申请获取" in p for p in paragraphs)
    assert blocking(_check(paragraphs, expected)) == []
    broken = [p.replace("你单位", "您") for p in paragraphs]
    assert "应称「你单位」" in _failure(_check(broken, expected), "称谓")


@pytest.mark.parametrize(("field", "element"), [("contact_person", "联系人"), ("phone", "联系电话")])
def test_a_letter_without_the_offices_contact_fails(field: str, element: str) -> None:
    paragraphs, expected = _reply("disclose")
    other = dataclasses.replace(expected, **{field: "不存在的值"})  # type: ignore[arg-type]
    assert "未写明" in _failure(_check(paragraphs, other), element)
    unset = dataclasses.replace(expected, **{field: ""})  # type: ignore[arg-type]
    assert "机关信息未配置" in _failure(_check(paragraphs, unset), element)
