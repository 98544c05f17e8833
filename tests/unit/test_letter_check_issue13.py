"""Issue #13: letters the checker used to pass and a 法制审核 officer would refuse to sign.

Each test starts from a sample letter that passes (tests/support/letter_samples.py), breaks it
the way the reviewer found it broken, and asserts a blocking failure with a Chinese reason.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from casework.domain.letters.check import CheckItem, Expectation, blocking, check_letter
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


def _reply(code: str, **changes: Any) -> tuple[list[str], Expectation]:
    expected = reply_expectation(CATALOGUE.get(code), **changes)
    return reply_paragraphs(expected), expected


def _check(paragraphs: list[str], expected: Expectation) -> list[CheckItem]:
    return check_letter(letter(paragraphs), expected)


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
    broken = [
        OPTIONAL_REVIEW if p.startswith("根据《中华人民共和国行政复议法》") else p
        for p in paragraphs
    ]
    detail = _failure(_check(broken, expected), "救济途径")
    assert "应当先申请行政复议" in detail and "第二十三条" in detail and "第三十四条" in detail


def test_a_partial_disclosure_withholding_under_article_16_also_states_reconsideration_first() -> (
    None
):
    paragraphs, expected = _reply("partial", ground=CATALOGUE.get("withhold_internal"))
    assert blocking(_check(paragraphs, expected)) == []
    broken = [
        OPTIONAL_REVIEW if p.startswith("根据《中华人民共和国行政复议法》") else p
        for p in paragraphs
    ]
    assert "应当先" in _failure(_check(broken, expected), "救济途径")


def test_a_clerks_fact_offering_a_direct_lawsuit_on_a_refusal_fails() -> None:
    paragraphs, expected = _reply("withhold_internal")
    reasons = "该信息属于内部事务信息，您也可以直接向人民法院提起行政诉讼"
    expected = dataclasses.replace(expected, facts={**expected.facts, "reasons": reasons})
    paragraphs = reply_paragraphs(expected)
    assert "不得告知可以直接提起行政诉讼" in _failure(_check(paragraphs, expected), "救济途径")


# --- the reconsideration organ (ARL arts. 24–27) ---------------------------------------------


def test_free_text_naming_another_reconsideration_organ_fails() -> None:
    _paragraphs, expected = _reply("not_ours")
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
    _paragraphs, expected = _reply("disclose")
    access = "本机关将于15个工作日内答复后通过电子邮件发送"
    expected = dataclasses.replace(expected, facts={**expected.facts, "access": access})
    assert "20个工作日" in _failure(_check(reply_paragraphs(expected), expected), "过时法律表述")


# --- placeholders --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "placeholder",
    ["XXX", "×××", "待补充", "【】", "（地址：……）", "（）", "（地址：）", "***"],
)
def test_a_placeholder_left_in_the_letter_fails(placeholder: str) -> None:
    paragraphs, expected = _reply("disclose")
    paragraphs.insert(5, f"具体办理地点为{placeholder}。")
    assert placeholder in _failure(_check(paragraphs, expected), "占位文字")


@pytest.mark.parametrize(
    "text", ["电子邮箱：xxgk@example.gov.cn。", "申请人身份证号码110105********002X。"]
)
def test_an_e_mail_address_or_a_masked_identity_number_is_no_placeholder(text: str) -> None:
    paragraphs, expected = _reply("disclose")
    paragraphs.insert(5, text)
    assert blocking(_check(paragraphs, expected)) == []


# --- a URL is not a date (already_public) ---------------------------------------------------


def test_a_url_with_a_dated_path_in_a_fact_is_not_a_malformed_date() -> None:
    _paragraphs, expected = _reply("already_public")
    place = (
        "2026年3月1日在本机关门户网站公开，网址为https://www.example.gov.cn/2026/03/01/art_12.html"
    )
    expected = dataclasses.replace(expected, facts={**expected.facts, "published_at": place})
    assert blocking(_check(reply_paragraphs(expected), expected)) == []


def test_a_malformed_date_outside_a_url_still_fails() -> None:
    _paragraphs, expected = _reply("already_public")
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


@pytest.mark.parametrize(
    ("field", "element"), [("contact_person", "联系人"), ("phone", "联系电话")]
)
def test_a_letter_without_the_offices_contact_fails(field: str, element: str) -> None:
    paragraphs, expected = _reply("disclose")
    changes: dict[str, Any] = {field: "不存在的值"}
    other = dataclasses.replace(expected, **changes)
    assert "未写明" in _failure(_check(paragraphs, other), element)
    changes[field] = ""
    unset = dataclasses.replace(expected, **changes)
    assert "机关信息未配置" in _failure(_check(paragraphs, unset), element)


# --- the 公开告知书 (Reg. art. 32) ------------------------------------------------------------


def _notice(**details: str) -> list[CheckItem]:
    expected = kind_expectation("disclosure_notice")
    expected = dataclasses.replace(expected, details={**expected.details, **details})
    return check_letter(letter(kind_paragraphs(expected)), expected)


@pytest.mark.parametrize(
    ("outcome", "ground"),
    [("withhold_third_party", ""), ("partial", "withhold_third_party"), ("withhold_internal", "")],
)
def test_a_disclosure_notice_beside_a_reply_that_withholds_fails(outcome: str, ground: str) -> None:
    assert blocking(_notice()) == []
    items = _notice(reply_outcome=outcome, reply_ground=ground)
    assert "条例第三十二条" in _failure(items, "公开告知书的前提")


def test_a_disclosure_notice_without_public_interest_reasons_fails() -> None:
    detail = _failure(_notice(public_interest="", reasons=""), "公开理由")
    assert "公共利益" in detail and "条例第三十二条" in detail


# --- the repeat reply and the register (Reg. art. 36 item 6) ---------------------------------


@pytest.mark.parametrize(
    ("register", "said"),
    [
        ({"earlier_status": "missing", "earlier_reference": "2026-0999"}, "登记簿中没有"),
        (
            {
                "earlier_status": "other_applicant",
                "earlier_reference": "2026-0003",
                "earlier_applicant": "赵七",
            },
            "不是本案申请人",
        ),
        ({"earlier_status": "not_replied", "earlier_reference": "2026-0003"}, "尚未答复"),
    ],
)
def test_a_repeat_citing_a_case_the_register_does_not_bear_out_fails(
    register: dict[str, str], said: str
) -> None:
    paragraphs, expected = _reply("repeat")
    assert blocking(_check(paragraphs, expected)) == []
    expected = dataclasses.replace(expected, details=register)
    assert said in _failure(_check(paragraphs, expected), "此前的答复")


def test_a_repeat_printing_another_number_than_the_registers_fails() -> None:
    paragraphs, expected = _reply("repeat")
    expected = dataclasses.replace(
        expected, details={**expected.details, "earlier_reply_number": "示财信复〔2026〕9号"}
    )
    assert "示财信复〔2026〕9号" in _failure(_check(paragraphs, expected), "此前的答复")


# --- the correction notice (Reg. arts. 29–30) ------------------------------------------------


def _correction(paragraphs: list[str] | None = None) -> list[CheckItem]:
    expected = kind_expectation("correction_notice")
    return check_letter(letter(paragraphs or kind_paragraphs(expected)), expected)


def test_a_multi_line_item_counts_as_one_item() -> None:
    items = _correction()
    assert [i.detail for i in items if i.element == "补正事项"] == ["2项，逐项编号"]


def test_an_extra_numbered_item_is_counted_against_the_record() -> None:
    paragraphs = kind_paragraphs(kind_expectation("correction_notice"))
    paragraphs.insert(6, "3.请另行提供委托书")
    assert "应为2项" in _failure(_correction(paragraphs), "补正事项")


def test_items_printed_without_numbers_fail() -> None:
    paragraphs = [
        p.removeprefix("1.").removeprefix("2.")
        for p in kind_paragraphs(kind_expectation("correction_notice"))
    ]
    assert "未写明或未编号" in _failure(_correction(paragraphs), "补正事项")


# --- the third-party consultation letter (Reg. art. 32) ---------------------------------------


def test_a_third_party_letter_without_the_concern_or_the_last_day_fails() -> None:
    expected = kind_expectation("third_party_consultation")
    paragraphs = kind_paragraphs(expected)
    concern = expected.details["concern"]
    vague = [p.replace(concern, "可能涉及贵方的商业秘密、个人隐私等") for p in paragraphs]
    assert concern[:10] in _failure(
        check_letter(letter(vague), expected), "涉及第三方的内容及可能造成的损害"
    )
    undated = [p.replace("（最后一日为2026年4月29日）", "") for p in paragraphs]
    assert "2026年4月29日" in _failure(check_letter(letter(undated), expected), "答复截止日期")


@pytest.mark.parametrize("code", ["7XXX2KPQ", "XXX2KPQ5", "2KPQ5XXX"])
def test_a_query_code_holding_xxx_is_no_placeholder(code: str) -> None:
    # The query code's alphabet has X (services.context): about one code in 5,000 holds
    # XXX, and its acknowledgement must not be refused as unfinished.
    expected = kind_expectation("acknowledgement")
    expected = dataclasses.replace(expected, details={**expected.details, "query_code": code})
    paragraphs = [p.replace("K7M2Q9", code) for p in kind_paragraphs(expected)]
    assert blocking(_check(paragraphs, expected)) == []
    # The same letters typed by a clerk are still a placeholder.
    paragraphs.insert(3, "具体办理地点为XXX。")
    assert "XXX" in _failure(_check(paragraphs, expected), "占位文字")
