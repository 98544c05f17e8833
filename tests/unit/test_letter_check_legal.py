"""The checker on the documents of issue 13: each sample passes, and each legal defect a
reviewer would refuse to sign makes its own element fail with a Chinese reason."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from casework.domain.case.decisions import CaseDecisions, CorrectionRequest, Extension, FeeNotice
from casework.domain.case.endings import ObjectionOverride, Withdrawal
from casework.domain.case.reopening import Reopening
from casework.domain.case.storage import decisions_from_json, decisions_to_json
from casework.domain.letters.check import CheckItem, Expectation, blocking, check_letter
from casework.domain.letters.documents import LONG_REQUEST_CHARS, request_summary
from casework.domain.workflow.outcomes import Remedy
from tests.support.letter_kind_samples import kind_expectation, kind_paragraphs
from tests.support.letter_samples import (
    AGENCY,
    APPLICANT,
    CONTACT_LINE,
    DATED_ON,
    DESCRIPTION,
    ORGAN,
    RECEIVED_ON,
    chinese,
    letter,
)

SIGNATURE = [AGENCY, "（印章）", chinese(DATED_ON)]
REMEDY = (
    f"贵方如对本机关决定公开不服，可以自收到本告知书之日起60日内向{ORGAN}申请行政复议，"
    "或者自收到本告知书之日起6个月内依法向人民法院提起行政诉讼。"
)


def _expectation(kind: str, details: dict[str, str]) -> Expectation:
    base = kind_expectation("acknowledgement")
    return dataclasses.replace(base, kind=kind, number=None, final=False, details=details)


def _failed(items: list[CheckItem], element: str) -> CheckItem:
    found = [item for item in items if item.element == element and item.status == "fail"]
    assert found, f"no failed {element} in {items}"
    return found[0]


# --- Reg. art. 32: the 公开告知书 -----------------------------------------------------------


def _disclosure(old: str = "", new: str = "", **changes: object) -> list[CheckItem]:
    expected = kind_expectation("disclosure_notice", remedy=Remedy.EITHER, **changes)
    paragraphs = [*kind_paragraphs(expected)[:-3], REMEDY, *SIGNATURE]
    return check_letter(letter([p.replace(old, new) if old else p for p in paragraphs]), expected)


def test_a_disclosure_notice_with_its_decision_reasons_date_and_remedies_passes() -> None:
    assert blocking(_disclosure()) == []


def test_a_disclosure_notice_without_an_override_decision_fails() -> None:
    details = {"party": "示例建设有限公司", "public_interest": "", "provide_on": ""}
    detail = _failed(_disclosure(details=details), "公开决定").detail
    assert "不应发出公开告知书" in detail and "条例第三十二条" in detail


def test_a_disclosure_notice_dated_after_the_reply_fails() -> None:
    expected = kind_expectation("disclosure_notice")
    details = {**expected.details, "reply_issued_on": "2026-04-27"}
    assert "不得晚于答复书" in _failed(_disclosure(details=details), "告知日期").detail


def test_a_disclosure_notice_without_the_third_partys_lawsuit_period_fails() -> None:
    items = _disclosure("，或者自收到本告知书之日起6个月内依法向人民法院提起行政诉讼", "")
    assert "6个月" in _failed(items, "救济途径").detail


# --- Reg. art. 33 para. 3 and the extension's arithmetic -----------------------------------

CONSULTATION = [
    "〔签发时编号〕",
    "征求意见告知书",
    f"{APPLICANT}：",
    f"本机关于{chinese(RECEIVED_ON)}收到您提出的政府信息公开申请，申请获取“{DESCRIPTION}”。"
    "本机关已于2026年4月2日书面征求第三方的意见，答复期限至2026年4月23日届满。",
    "根据《中华人民共和国政府信息公开条例》第三十三条第三款的规定，征求意见所需时间不计算在答复期限内。",
    CONTACT_LINE,  # domain.md §5: every letter names the contact person and telephone
    *SIGNATURE,
]
CONSULTED = {"sent_on": "2026-04-02", "window_ends_on": "2026-04-23", "consulted": "第三方"}


def test_a_consultation_notice_must_say_the_time_is_not_counted() -> None:
    expected = _expectation("consultation_notice", CONSULTED)
    assert blocking(check_letter(letter(CONSULTATION), expected)) == []
    cut = [p.replace("不计算在答复期限内", "") for p in CONSULTATION]
    detail = _failed(check_letter(letter(cut), expected), "期限中止").detail
    assert "第三十三条第三款" in detail


def test_an_extension_notice_must_show_twenty_plus_extension_plus_stopped_days() -> None:
    expected = kind_expectation("extension_notice")
    details = {**expected.details, "stopped_days": "4"}
    arithmetic = "法定答复期限20个工作日，加延长的20个工作日，另加不计算在答复期限内的4个工作日，至2026年5月28日届满。"
    paragraphs = kind_paragraphs(expected)
    with_sum = [*paragraphs[:-3], arithmetic, *paragraphs[-3:]]
    checked = check_letter(letter(with_sum), dataclasses.replace(expected, details=details))
    assert blocking(checked) == []
    without = check_letter(letter(paragraphs), dataclasses.replace(expected, details=details))
    assert "另加不计算在内的4个工作日" in _failed(without, "期限计算").detail


# --- Reg. art. 30: a letter after the correction --------------------------------------------


def test_a_letter_after_the_correction_must_quote_its_date() -> None:
    expected = kind_expectation("extension_notice", correction_received_on=date(2026, 4, 8))
    detail = _failed(check_letter(letter(kind_paragraphs(expected)), expected), "补正日期").detail
    assert "2026年4月8日" in detail


# --- ARL art. 64: the 重新答复 ------------------------------------------------------------

RE_REPLY = {
    "decision_organ": ORGAN,
    "decision_number": "示府复决〔2026〕3号",
    "decision_on": "2026-06-20",
    "replaced_number": "示财信复〔2026〕12号",
    "replaced_on": "2026-04-28",
}


@pytest.mark.parametrize(
    ("removed", "element"),
    [
        ("（示府复决〔2026〕3号）", "决定书文号"),
        ("（示财信复〔2026〕12号）", "原答复书字号"),
        ("为重新答复，", "重新答复"),
    ],
)
def test_a_re_reply_names_the_decision_and_the_reply_it_replaces(
    removed: str, element: str
) -> None:
    from casework.domain.letters.base import Body
    from casework.domain.letters.notices import NOTICE_RULES

    text = (
        f"本机关曾于2026年4月28日作出政府信息公开申请答复书（示财信复〔2026〕12号）。{ORGAN}于"
        "2026年6月20日作出行政复议决定书（示府复决〔2026〕3号），责令本机关重新答复。"
        "本答复书为重新答复，取代上述答复书。"
    )
    expected = _expectation("re_reply", RE_REPLY)
    rule = NOTICE_RULES["re_reply"]
    assert blocking(rule(Body(letter([text])), expected)) == []
    assert _failed(rule(Body(letter([text.replace(removed, "")])), expected), element)


# --- seed 003: the withdrawal ---------------------------------------------------------------


def test_a_withdrawal_confirmation_records_the_date_and_how() -> None:
    details = {"withdrawn_on": "2026-04-09", "how": "书面", "reason": ""}
    body = (
        f"本机关于{chinese(RECEIVED_ON)}收到您提出的政府信息公开申请，申请获取“{DESCRIPTION}”。"
        "您于2026年4月9日以书面方式撤回该申请。本机关确认，该申请自2026年4月9日起终止办理。"
    )
    paragraphs = [
        "〔签发时编号〕",
        "撤回申请确认书",
        f"{APPLICANT}：",
        body,
        CONTACT_LINE,
        *SIGNATURE,
    ]
    expected = _expectation("withdrawal_notice", details)
    assert blocking(check_letter(letter(paragraphs), expected)) == []
    cut = [p.replace("以书面方式", "") for p in paragraphs]
    assert "书面" in _failed(check_letter(letter(cut), expected), "撤回方式").detail


# --- a long request ------------------------------------------------------------------------

LONG = (
    "2025年度示例市发展和改革委员会部门预算、部门决算、三公经费支出明细及其说明，"
    "以及2025年度全部政府采购项目的合同文本"
)


def test_a_long_request_quoted_twice_fails_and_once_with_a_summary_passes() -> None:
    assert len(LONG) > LONG_REQUEST_CHARS
    expected = kind_expectation("acknowledgement", description=LONG)
    once = [p.replace(DESCRIPTION, LONG) for p in kind_paragraphs(expected)]
    summary = f"您申请的“{request_summary(LONG)}”将依法办理。"
    assert blocking(check_letter(letter([*once[:4], summary, *once[4:]]), expected)) == []
    twice = [*once[:4], f"再次引用：{LONG}。", *once[4:]]
    detail = _failed(check_letter(letter(twice), expected), "申请内容").detail
    assert "应只完整引用一次" in detail


# --- the serialiser keeps the new facts ------------------------------------------------------


def test_the_new_decision_fields_survive_the_round_trip_through_the_json_column() -> None:
    decisions = CaseDecisions(
        corrections=(
            CorrectionRequest(
                date(2026, 4, 3),
                15,
                items="请写明年度",
                received_on=date(2026, 4, 8),
                corrected_description="2025年度部门预算",
                corrected_facts="补充了联系电话",
            ),
        ),
        fee=FeeNotice(date(2026, 4, 10), "1700", stops_clock=True),
        withdrawal=Withdrawal(date(2026, 4, 20), None, "phone", ("a/reply-1-draft.docx",)),
    ).with_reply(
        extension=Extension(10, "档案多", "wangwu", date(2026, 4, 20), stopped_days=4),
        override=ObjectionOverride(date(2026, 4, 10), "饮用水安全", date(2026, 4, 27)),
    )
    reopening = Reopening(
        date(2026, 6, 23),
        date(2026, 6, 22),
        "示例市人民政府行政复议决定（2026-06-20）",
        organ="示例市人民政府",
        decision_number="示府复决〔2026〕3号",
        decided_on=date(2026, 6, 20),
    )
    decisions = decisions.reopened(reopening, "disclose", "示发改信复〔2026〕1号")
    stored = decisions_to_json(decisions)
    assert decisions_from_json(stored) == decisions
    assert stored["withdrawal"] == {
        "withdrawn_on": "2026-04-20",
        "how": "phone",
        "voided": ["a/reply-1-draft.docx"],
    }
    with pytest.raises(TypeError, match="unknown"):
        decisions_from_json({**stored, "withdrawal": {**stored["withdrawal"], "way": "x"}})
