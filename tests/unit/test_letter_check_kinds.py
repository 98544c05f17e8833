"""The checker on the other letters of a case (domain.md §5) and on the rules all letters share.

Every kind's sample letter (tests/support/letter_samples.py) passes; removing one printed
value or statutory statement makes exactly that element fail.  The 15 working days of a
consultation (Reg. arts. 32, 34) and of a correction period are lawful and must not be taken
for the 2007 reply period.
"""

from __future__ import annotations

import dataclasses

import pytest

from casework.domain.letters.base import chinese_integer, regulation_citations
from casework.domain.letters.check import CheckItem, Expectation, blocking, check_letter
from tests.support.letter_kind_samples import KIND_SAMPLES, kind_expectation, kind_paragraphs
from tests.support.letter_samples import letter


def _check(kind: str, old: str = "", new: str = "", **changes: object) -> list[CheckItem]:
    expected: Expectation = kind_expectation(kind, **changes)
    paragraphs = kind_paragraphs(expected)
    if old:
        assert any(old in p for p in paragraphs), f"{old!r} is not in the {kind} sample"
        paragraphs = [p.replace(old, new) for p in paragraphs]
    return check_letter(letter(paragraphs), expected)


def _failed(items: list[CheckItem], element: str) -> CheckItem:
    found = [item for item in items if item.element == element and item.status == "fail"]
    assert found, f"no failed {element} in {items}"
    return found[0]


KIND_ELEMENTS = {
    "acknowledgement": {"案件编号", "查询码", "收到日期的确定方式", "答复期限", "收到申请日期", "申请内容"},
    "correction_notice": {"补正事项", "补正期限", "答复期限起算", "逾期后果", "收到申请日期"},
    "extension_notice": {"延期理由", "延长后的答复期限", "延长天数", "审批", "收到申请日期"},
    "third_party_consultation": {"收件方", "申请内容", "答复期限", "逾期后果"},
    "agency_consultation": {"收件方", "申请内容", "答复期限", "逾期后果"},
    "disclosure_notice": {"收件方", "申请内容", "公共利益理由", "决定公开的内容", "提供信息日期"},
    "fee_notice": {"收费依据", "计收方式", "计费数量", "计算过程", "收费金额", "缴费期限", "逾期后果"},
    "reasons_request": {
        "要求说明理由的事由", "说明理由期限", "说明理由截止日期", "逾期后果", "法律依据", "收到申请日期"
    },
    "deferral_notice": {
        "要求说明理由日期", "理由审查结论", "延迟答复原因", "延迟答复期限", "法律依据", "收到申请日期"
    },
    "delivery_record": {"受送达人", "送达文书字号", "送达方式", "送达日期", "邮件单号", "送达机关", "签收"},
}  # fmt: skip


@pytest.mark.parametrize("kind", list(KIND_SAMPLES))
def test_every_kind_of_letter_following_the_conventions_passes(kind: str) -> None:
    items = _check(kind)
    assert blocking(items) == []
    assert KIND_ELEMENTS[kind] <= {item.element for item in items}


# (kind, printed text to remove, failed element, words of the detail)
REMOVALS = [
    ("acknowledgement", "SC-2026-0042", "案件编号", "SC-2026-0042"),
    ("acknowledgement", "K7M2Q9", "查询码", "K7M2Q9"),
    ("acknowledgement", "（当面提交，以提交之日为收到申请之日）", "收到日期的确定方式", "当面提交"),
    ("acknowledgement", "20个工作日内", "答复期限", "20个工作日"),
    ("acknowledgement", "于2026年4月1日收到", "收到申请日期", "2026年4月1日"),
    ("correction_notice", "2.请写明所需信息的文件名称", "补正事项", "逐项编号告知全部2项"),
    ("correction_notice", "指导和释明", "指导和释明", "条例第三十条"),
    ("correction_notice", "第二十九条第二款", "补正依据", "第二十九条第二款"),
    ("correction_notice", "（最后一日为2026年4月24日）", "补正截止日期", "2026年4月24日"),
    ("correction_notice", "15个工作日内补正", "补正期限", "15个工作日"),
    (
        "correction_notice",
        "答复期限自本机关收到补正后的申请之日起计算。",
        "答复期限起算",
        "条例第三十条",
    ),
    ("correction_notice", "视为放弃申请", "逾期后果", "条例第三十条"),
    ("extension_notice", "需调阅核对", "延期理由", "需调阅核对"),
    ("extension_notice", "2026年5月28日", "延长后的答复期限", "2026年5月28日"),
    ("extension_notice", "延长20个工作日", "延长天数", "20个工作日"),
    ("extension_notice", "经政府信息公开工作机构负责人赵六同意，", "审批", "负责人同意"),
    ("third_party_consultation", "15个工作日", "答复期限", "15个工作日"),
    (
        "third_party_consultation",
        "逾期未提出意见的，本机关将依照条例第三十二条的规定决定是否公开。",
        "逾期后果",
        "条例第三十二条",
    ),
    ("third_party_consultation", "示例建设有限公司：", "收件方", "示例建设有限公司："),
    ("agency_consultation", "逾期未提出意见的视为同意公开。", "逾期后果", "视为同意"),
    ("agency_consultation", "2025年度示例市财政专项资金分配明细", "申请内容", "2025年度"),
    ("disclosure_notice", "不公开会对公共利益造成重大影响。根据", "公共利益理由", "公共利益"),
    ("disclosure_notice", "2026年5月6日", "提供信息日期", "2026年5月6日"),
    ("fee_notice", "1700.00元", "收费金额", "1700.00"),
    ("fee_notice", "70×10元+50×20元", "计算过程", "70×10元"),
    ("fee_notice", "按量计收", "计收方式", "按量计收"),
    ("fee_notice", "共150页", "计费数量", "150"),
    ("fee_notice", "依据《政府信息公开信息处理费管理办法》第三条、第五条，", "收费依据", "第五条"),
    ("fee_notice", "20个工作日内", "缴费期限", "20个工作日"),
    ("fee_notice", "视为放弃申请，本机关不再处理", "逾期后果", "视为放弃"),
    ("reasons_request", "您本月已提出42件申请，内容大量重复", "要求说明理由的事由", "42件"),
    ("reasons_request", "15个工作日内", "说明理由期限", "15个工作日"),
    ("reasons_request", "（2026年4月24日前）", "说明理由截止日期", "2026年4月24日"),
    (
        "reasons_request",
        "逾期不说明理由或者理由不合理的，本机关将告知您不予处理。",
        "逾期后果",
        "条例第三十五条",
    ),
    (
        "reasons_request",
        "根据《中华人民共和国政府信息公开条例》第三十五条的规定，",
        "法律依据",
        "第三十五条",
    ),
    ("reasons_request", "于2026年4月1日收到", "收到申请日期", "2026年4月1日"),
    ("deferral_notice", "，并于2026年4月2日要求您说明理由", "要求说明理由日期", "2026年4月2日"),
    ("deferral_notice", "您说明的申请理由合理，但", "理由审查结论", "理由经审查合理"),
    ("deferral_notice", "需逐件检索", "延迟答复原因", "需逐件检索"),
    ("deferral_notice", "2026年7月31日", "延迟答复期限", "2026年7月31日"),
    (
        "deferral_notice",
        "根据《中华人民共和国政府信息公开条例》第三十五条的规定，",
        "法律依据",
        "第三十五条",
    ),
    ("deferral_notice", "于2026年4月1日收到", "收到申请日期", "2026年4月1日"),
    ("delivery_record", "示财信复〔2026〕12号", "送达文书字号", "示财信复〔2026〕12号"),
    ("delivery_record", "EMS1234567890", "邮件单号", "EMS1234567890"),
    ("delivery_record", "2026年4月29日", "送达日期", "2026年4月29日"),
    ("delivery_record", "王五 & 李四<联合>", "受送达人", "王五"),
    ("delivery_record", "受送达人签收", "签收", "签收"),
]


@pytest.mark.parametrize(
    ("kind", "old", "element", "words"), REMOVALS, ids=[f"{k}-{e}" for k, _, e, _ in REMOVALS]
)
def test_removing_a_required_element_of_a_kind_fails_that_element(
    kind: str, old: str, element: str, words: str
) -> None:
    items = _check(kind, old, "")
    assert words in _failed(items, element).detail


def test_a_consultation_window_of_15_working_days_is_lawful_and_passes() -> None:
    for kind in ("third_party_consultation", "agency_consultation"):
        items = _check(kind)
        law = next(item for item in items if item.element == "过时法律表述")
        assert law.status == "pass", kind
        assert any(
            "15个工作日" in paragraph for paragraph in kind_paragraphs(kind_expectation(kind))
        )


def test_a_15_working_day_reply_promise_in_an_acknowledgement_is_2007_law() -> None:
    items = _check("acknowledgement", "20个工作日内依法答复", "15个工作日内依法答复")
    assert "现行条例第三十三条为20个工作日" in _failed(items, "过时法律表述").detail


def test_a_correction_period_of_15_working_days_is_not_taken_for_a_reply_period() -> None:
    assert blocking(_check("correction_notice")) == []


def test_a_draft_of_another_kind_shows_its_number_as_pending() -> None:
    items = _check("acknowledgement", final=False, number=None)
    assert [item.status for item in items if item.element == "发文字号"] == ["pending"]


def test_a_number_with_the_marker_of_another_kind_fails() -> None:
    items = _check("acknowledgement", "示财信登〔2026〕3号", "示财信复〔2026〕3号", number=None)
    assert "示财信登" in _failed(items, "发文字号").detail


def test_a_delivery_record_has_no_number_of_its_own_and_needs_no_tracking_for_hand_delivery() -> (
    None
):
    details = {**KIND_SAMPLES["delivery_record"][1], "tracking": "", "method": "直接送达"}
    items = _check("delivery_record", "邮寄送达", "直接送达", details=details)
    assert blocking(items) == []
    assert not {"发文字号", "邮件单号"} & {item.element for item in items}


def test_an_extension_beyond_20_working_days_fails() -> None:
    details = {**KIND_SAMPLES["extension_notice"][1], "extension_days": "25"}
    items = _check("extension_notice", "延长20个工作日", "延长25个工作日", details=details)
    assert "条例第三十三条" in _failed(items, "延长天数").detail


def test_an_iso_date_missing_from_the_details_fails_instead_of_raising() -> None:
    details = {**KIND_SAMPLES["reasons_request"][1], "due_on": "下月"}
    items = _check("reasons_request", details=details)
    assert "应为日期" in _failed(items, "说明理由截止日期").detail


def test_an_unknown_kind_fails_naming_the_choices() -> None:
    expected = dataclasses.replace(kind_expectation("acknowledgement"), kind="memo")
    items = check_letter(letter(["备忘录"]), expected)
    assert items[0].element == "文书种类"
    assert "acknowledgement" in items[0].detail
    assert blocking(items) == items


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("十", 10), ("十四", 14), ("二十一", 21), ("三十六", 36), ("五十六", 56), ("一百", 100)],
)
def test_article_numerals_read_as_statutes_write_them(numeral: str, value: int) -> None:
    assert chinese_integer(numeral) == value


def test_citations_of_the_regulation_are_found_and_other_laws_are_not() -> None:
    text = (
        "根据《中华人民共和国政府信息公开条例》第十五条、第三十二条和《中华人民共和国行政复议法》"
        "第二十三条，以及《中华人民共和国保守国家秘密法实施条例》第九条、条例第三十六条第（四）项"
    )
    assert regulation_citations(text) == [
        ("第十五条", 15),
        ("第三十二条", 32),
        ("第三十六条第（四）项", 36),
    ]


def test_an_extension_by_15_working_days_is_lawful_and_not_taken_for_2007_law() -> None:
    details = {**KIND_SAMPLES["extension_notice"][1], "extension_days": "15"}
    items = _check(
        "extension_notice", "答复期限延长20个工作日", "答复期限延长15个工作日", details=details
    )
    assert blocking(items) == []


def test_a_reasons_request_that_omits_the_consequence_of_silence_fails() -> None:
    # Reg. art. 35: not answering within the period is what the applicant must be warned of.
    items = _check(
        "reasons_request",
        "逾期不说明理由或者理由不合理的，本机关将告知您不予处理。",
        "理由不合理的，本机关不予处理。",
    )
    assert "逾期不说明理由" in _failed(items, "逾期后果").detail


def test_a_reasons_period_of_15_working_days_is_not_taken_for_a_reply_period() -> None:
    items = _check("reasons_request")
    law = next(item for item in items if item.element == "过时法律表述")
    assert law.status == "pass"


def test_a_deferral_without_an_earlier_request_for_reasons_needs_no_request_date() -> None:
    details = {**KIND_SAMPLES["deferral_notice"][1], "reasons_requested_on": ""}
    items = _check("deferral_notice", "，并于2026年4月2日要求您说明理由", "", details=details)
    assert blocking(items) == []
    assert "要求说明理由日期" not in {item.element for item in items}


def test_a_deferral_notice_saying_the_reasons_were_unreasonable_fails() -> None:
    items = _check("deferral_notice", "您说明的申请理由合理", "您说明的申请理由不合理")
    assert "条例第三十五条" in _failed(items, "理由审查结论").detail
