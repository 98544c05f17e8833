"""Checker holes a reviewer found: each wrong letter below used to pass and must now fail.

Third-party silence is not consent (Reg. art. 32; only another agency's is, art. 34); the
correction notice must say the REPLY period starts afresh on the correction (art. 30); the fee
notice must put 次日起 and 20 working days in its payment sentence (Fee art. 6); a
reconsideration-first reply may mention a lawsuit only after the reconsideration decision (ARL
art. 23; ALL art. 45); an extension names the head who agreed (Reg. art. 33 para. 2).
"""

from __future__ import annotations

import dataclasses

import pytest

from casework.domain.letters.check import CheckItem, blocking, check_letter
from tests.support.letter_kind_samples import KIND_SAMPLES, kind_expectation, kind_paragraphs
from tests.support.letter_samples import catalogue, letter, reply_expectation, reply_paragraphs

CATALOGUE = catalogue()


def _kind(kind: str, old: str, new: str) -> list[CheckItem]:
    expected = kind_expectation(kind)
    paragraphs = kind_paragraphs(expected)
    assert blocking(check_letter(letter(paragraphs), expected)) == []
    assert any(old in p for p in paragraphs), f"{old!r} is not in the {kind} sample"
    return check_letter(letter([p.replace(old, new) for p in paragraphs]), expected)


def _failed(items: list[CheckItem], element: str) -> CheckItem:
    found = [item for item in items if item.element == element and item.status == "fail"]
    assert found, f"no failed {element} in {items}"
    return found[0]


THIRD_PARTY_DECIDES = "逾期未提出意见的，本机关将依照条例第三十二条的规定决定是否公开。"


@pytest.mark.parametrize(
    "wrong",
    [
        "逾期未提出意见的，视为同意公开。",
        "逾期未提出意见的，本机关不再等待。",
        THIRD_PARTY_DECIDES + "逾期未提出意见的，视为同意公开。",
    ],
)
def test_a_third_party_letter_may_not_treat_silence_as_consent(wrong: str) -> None:
    items = _kind("third_party_consultation", THIRD_PARTY_DECIDES, wrong)
    assert "条例第三十二条" in _failed(items, "逾期后果").detail


def test_the_template_wording_of_the_agency_deciding_passes() -> None:
    wording = "逾期未提出意见的，由本机关依照条例的规定决定是否公开。"
    assert blocking(_kind("third_party_consultation", THIRD_PARTY_DECIDES, wording)) == []


def test_an_agency_letter_must_say_that_silence_counts_as_consent() -> None:
    items = _kind(
        "agency_consultation",
        "逾期未提出意见的视为同意公开。",
        "逾期未提出意见的，由本机关依法决定是否公开。",
    )
    assert "条例第三十四条" in _failed(items, "逾期后果").detail


def test_a_correction_period_start_is_not_the_fresh_start_of_the_reply_period() -> None:
    items = _kind(
        "correction_notice",
        "答复期限自本机关收到补正后的申请之日起计算。",
        "补正期限自您收到本补正告知书之日起计算。",
    )
    assert "条例第三十条" in _failed(items, "答复期限起算").detail


@pytest.mark.parametrize(
    "wrong",
    [
        "请自收到本通知之日起20个工作日内缴纳。",  # 次日起 missing
        "请尽快缴纳。本机关已在20个工作日内完成核算。",  # 20 working days elsewhere
        "请自收到本通知次日起30个工作日内缴纳。",
    ],
)
def test_a_fee_notice_states_payment_within_20_working_days_from_the_day_after_receipt(
    wrong: str,
) -> None:
    items = _kind("fee_notice", "请自收到本通知次日起20个工作日内缴纳。", wrong)
    assert "第六条" in _failed(items, "缴费期限").detail


def test_an_extension_agreed_by_nobody_named_fails_when_the_approver_is_recorded() -> None:
    assert KIND_SAMPLES["extension_notice"][1]["approved_by"] == "赵六"
    items = _kind("extension_notice", "经政府信息公开工作机构负责人赵六同意", "经研究同意")
    assert "赵六" in _failed(items, "审批").detail


def test_an_extension_naming_the_login_instead_of_the_person_fails() -> None:
    items = _kind("extension_notice", "负责人赵六同意", "负责人zhaoliu同意")
    assert "赵六" in _failed(items, "审批").detail


def _reconsideration_first(extra: str) -> list[CheckItem]:
    expected = reply_expectation(CATALOGUE.get("withhold_security"))
    paragraphs = reply_paragraphs(expected)
    assert blocking(check_letter(letter(paragraphs), expected)) == []
    index = next(i for i, p in enumerate(paragraphs) if "行政复议决定书" in p)
    paragraphs.insert(index + 1, extra)
    return check_letter(letter(paragraphs), expected)


@pytest.mark.parametrize(
    "extra",
    ["您也可以依法向人民法院提起行政诉讼。", "您也可以向人民法院起诉。"],
)
def test_a_reconsideration_first_reply_may_not_offer_a_lawsuit_besides_the_decision_clause(
    extra: str,
) -> None:
    items = _reconsideration_first(extra)
    assert "复议前置" in _failed(items, "救济途径").detail


def test_a_clerk_fact_quoting_a_lawsuit_is_not_a_remedy_offered() -> None:
    reasons = "该信息系另一行政诉讼案件的证据材料，公开将危及社会稳定"
    outcome = CATALOGUE.get("withhold_security")
    expected = reply_expectation(outcome)
    expected = dataclasses.replace(expected, facts={**expected.facts, "reasons": reasons})
    paragraphs = reply_paragraphs(expected)
    assert any(reasons in p for p in paragraphs)
    assert blocking(check_letter(letter(paragraphs), expected)) == []


PROACTIVE = (
    "依照《中华人民共和国政府信息公开条例》第二十三条的规定于2026年3月1日在本机关门户网站主动公开"
)


def _reply_with(code: str, **facts: str) -> tuple[list[str], list[CheckItem]]:
    expected = reply_expectation(CATALOGUE.get(code))
    expected = dataclasses.replace(expected, facts={**expected.facts, **facts})
    paragraphs = reply_paragraphs(expected)
    return paragraphs, check_letter(letter(paragraphs), expected)


def test_articles_21_to_24_of_the_2019_text_cited_for_proactive_disclosure_are_current_law() -> (
    None
):
    paragraphs, items = _reply_with("already_public", published_at=PROACTIVE)
    assert any(PROACTIVE in p for p in paragraphs)
    assert blocking(items) == []


def test_a_2007_article_grounding_a_decision_is_still_flagged() -> None:
    expected = reply_expectation(CATALOGUE.get("disclose"))
    paragraphs = [
        *reply_paragraphs(expected),
        "依据《中华人民共和国政府信息公开条例》第二十二条，本机关决定予以公开。",
    ]
    failed = _failed(check_letter(letter(paragraphs), expected), "过时法律表述")
    assert "第二十二条" in failed.detail and "第三十七条" in failed.detail


def test_15_working_days_inside_a_quoted_clerk_fact_is_not_the_agencys_reply_period() -> None:
    process = "申请人来电要求本机关在15个工作日内书面答复，经办人以“专项资金”为关键词检索了收文登记簿中的来文记录"
    paragraphs, items = _reply_with("not_held", search_process=process)
    assert any(process in p for p in paragraphs)
    assert blocking(items) == []


def test_15_working_days_said_by_someone_else_is_not_the_agencys_reply_period() -> None:
    expected = kind_expectation("acknowledgement")
    paragraphs = kind_paragraphs(expected)
    paragraphs.insert(4, "您在申请表中要求15个工作日内书面答复。")
    assert blocking(check_letter(letter(paragraphs), expected)) == []


@pytest.mark.parametrize(
    "wording",
    ["本机关将在收到申请后15个工作日内答复您。", "答复期限为十五个工作日。"],
)
def test_the_agency_promising_15_working_days_is_still_2007_law(wording: str) -> None:
    expected = kind_expectation("acknowledgement")
    paragraphs = [*kind_paragraphs(expected)]
    paragraphs.insert(4, wording)
    failed = _failed(check_letter(letter(paragraphs), expected), "过时法律表述")
    assert "20个工作日" in failed.detail
