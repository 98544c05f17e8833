"""The pure letter rules: kinds, numbers, dates, remedy wording, catalogue paragraphs, the
context and the checker's expectation built from the case record."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from casework.adapters.outcome_file import default_outcomes_path, load_outcomes
from casework.domain.agency import AgencyProfile
from casework.domain.letters.base import NUMBER_MARKERS as CHECKER_MARKERS
from casework.domain.letters.base import TITLES as CHECKER_TITLES
from casework.domain.letters.content import template_context
from casework.domain.letters.dates import letter_date
from casework.domain.letters.documents import (
    NUMBER_MARKERS,
    DocumentKind,
    StoredDocument,
    chinese_date,
    clean_fact,
    current_documents,
    decision_kind,
    document_number,
    fill_paragraph,
    ordinal_of,
    remedy_text,
)
from casework.domain.letters.expectations import letter_expectation
from casework.domain.letters.particulars import (
    objecting_parties,
    overridden_parties,
    particulars,
)
from casework.domain.workflow.outcomes import Remedy
from tests.support.letter_cases import decided_case, full_case, subject_for

CATALOGUE = load_outcomes(default_outcomes_path())
PROFILE = AgencyProfile(
    name="示例市发展和改革委员会", doc_code="示发改", reconsideration_organ="示例市人民政府"
)
AT = datetime(2026, 4, 1, 9, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.parametrize(
    ("day", "text"),
    [(date(2026, 4, 1), "2026年4月1日"), (date(2026, 10, 10), "2026年10月10日")],
)
def test_dates_print_in_chinese_without_leading_zeros(day: date, text: str) -> None:
    assert chinese_date(day) == text


def test_document_numbers_follow_gb_t_9704_with_the_kind_marker() -> None:
    assert (
        document_number("示发改", DocumentKind.CORRECTION_NOTICE, 2026, 7)
        == "示发改信补〔2026〕7号"
    )
    assert document_number("京财", DocumentKind.ACKNOWLEDGEMENT, 2027, 12) == "京财信登〔2027〕12号"
    with pytest.raises(ValueError, match="start at 1"):
        document_number("示发改", DocumentKind.FEE_NOTICE, 2026, 0)


def test_the_kinds_titles_and_markers_agree_with_the_checker() -> None:
    assert {kind.value: kind.heading for kind in DocumentKind} == CHECKER_TITLES
    own = {kind.value: marker for kind, marker in NUMBER_MARKERS.items()}
    assert own == {
        k: v for k, v in CHECKER_MARKERS.items() if k not in ("reply", "termination", "re_reply")
    }


def test_a_lapse_is_decided_by_a_termination_letter_and_everything_else_by_a_reply() -> None:
    assert decision_kind("correction_lapsed") is DocumentKind.TERMINATION
    assert decision_kind("fee_lapsed") is DocumentKind.TERMINATION
    assert decision_kind("not_held") is DocumentKind.REPLY


def test_either_remedy_offers_both_routes_with_2019_periods() -> None:
    text = remedy_text(Remedy.EITHER, PROFILE)
    assert text == (
        "如对本答复不服，可以自收到本答复之日起60日内向示例市人民政府申请行政复议，"
        "或者自收到本答复之日起6个月内依法向人民法院提起行政诉讼。"
    )


def test_reconsideration_first_names_no_direct_lawsuit_and_uses_the_configured_court() -> None:
    profile = PROFILE.model_copy(update={"court": "示例市中级人民法院"})
    text = remedy_text(Remedy.RECONSIDERATION_FIRST, profile)
    assert text == (
        "根据《中华人民共和国行政复议法》第二十三条第一款第（四）项、第二款和第三十四条的规定，"
        "如对本答复不服，应当先自收到本答复之日起60日内向示例市人民政府申请行政复议；"
        "对行政复议决定不服的，可以自收到行政复议决定书之日起15日内向示例市中级人民法院提起行政诉讼；"
        "示例市人民政府决定不予受理、驳回申请或者受理后超过行政复议期限不作答复的，可以自收到"
        "决定书之日起或者行政复议期限届满之日起15日内向示例市中级人民法院提起行政诉讼。"
    )
    with pytest.raises(ValueError, match="follows_ground"):
        remedy_text(Remedy.FOLLOWS_GROUND, PROFILE)


@pytest.mark.parametrize(
    ("template", "values", "text"),
    [
        ("申请“{{ description }}”。", {"description": "预算"}, "申请“预算”。"),
        ("A{% if x %}有{{ x }}{% endif %}B", {"x": ""}, "AB"),
        ("A{% if x %}有{{ x }}{% endif %}B", {"x": "甲"}, "A有甲B"),
        ("{% if x %}1{% elif y %}2{% else %}3{% endif %}", {"y": "是"}, "2"),
        ("{% if x %}1{% elif y %}2{% else %}3{% endif %}", {}, "3"),
        ("{% if x %}{% if y %}两者{% else %}仅x{% endif %}{% endif %}。", {"x": "1"}, "仅x。"),
        ("{% if x %}{% if y %}两者{% endif %}x{% else %}无{% endif %}", {"y": "1"}, "无"),
        ("{{ unknown }}止", {}, "止"),
    ],
)
def test_catalogue_paragraphs_fill_names_and_conditions(
    template: str, values: dict[str, str], text: str
) -> None:
    assert fill_paragraph(template, values) == text


def test_a_clerks_closing_full_stop_is_dropped_because_the_paragraph_has_its_own() -> None:
    assert clean_fact("  检索了收文登记簿。 ") == "检索了收文登记簿"
    assert clean_fact(None) == ""


def test_every_catalogue_paragraph_fills_completely_with_the_drafted_facts() -> None:
    for code in CATALOGUE.codes:
        case = decided_case(CATALOGUE.get(code), issued=True)
        subject = subject_for(case, decision_kind(code))
        context = template_context(case, subject, PROFILE, CATALOGUE)
        assert "{" not in context["decision"] and "}" not in context["decision"], code
        assert "如对本答复不服" in context["remedy"], code


def test_the_partial_letter_cites_article_37_and_its_ground_and_follows_its_remedy() -> None:
    case = decided_case(CATALOGUE.get("partial"), issued=True)
    context = template_context(case, subject_for(case, DocumentKind.REPLY), PROFILE, CATALOGUE)
    assert context["basis_text"] == (
        "《中华人民共和国政府信息公开条例》第三十七条、第十五条、第三十二条"
    )
    assert "行政复议决定书之日起15日内" in context["remedy"]


def stored(kind: str, status: str = "final") -> StoredDocument:
    return StoredDocument(1, kind, None, status, f"{kind}.docx", "0" * 64, AT, "zhangsan")


def test_a_draft_stands_until_a_later_letter_of_its_kind_replaces_it() -> None:
    first, second = stored("reply", "draft"), stored("reply", "draft")
    receipt, final = stored("acknowledgement"), stored("reply")
    assert current_documents([receipt, first, second]) == [receipt, second]
    assert current_documents([receipt, first, second, final]) == [receipt, final]
    assert ordinal_of([receipt, first, second, final], final) == 3


def test_consultation_letters_read_their_own_record_by_party_kind() -> None:
    case = full_case(CATALOGUE)
    third = particulars(case, subject_for(case, DocumentKind.THIRD_PARTY_CONSULTATION))
    agency = particulars(case, subject_for(case, DocumentKind.AGENCY_CONSULTATION))
    assert third == {
        "party": "某科技有限公司 & 子公司",
        "window_days": "15",
        "answer_by": "2026-04-30",
        "concern": "第2页所列该单位的报价涉及其商业秘密",
    }
    assert agency == {"party": "示例市财政局", "window_days": "15", "answer_by": "2026-04-30"}
    assert objecting_parties(case) == ["某科技有限公司 & 子公司"]
    assert overridden_parties(case) == ["某科技有限公司 & 子公司"]
    # Reg. art. 32: an objection is overridden only by an explicit decision (issue 13).
    case.decisions = case.decisions.with_reply(override=None)
    assert overridden_parties(case) == []


@pytest.mark.parametrize(
    ("kind", "day"),
    [
        (DocumentKind.ACKNOWLEDGEMENT, date(2026, 4, 1)),
        (DocumentKind.CORRECTION_NOTICE, date(2026, 4, 3)),
        (DocumentKind.EXTENSION_NOTICE, date(2026, 4, 20)),
        (DocumentKind.THIRD_PARTY_CONSULTATION, date(2026, 4, 9)),
        (DocumentKind.FEE_NOTICE, date(2026, 4, 10)),
        (DocumentKind.REASONS_REQUEST, date(2026, 4, 13)),
        (DocumentKind.DEFERRAL_NOTICE, date(2026, 4, 21)),
        (DocumentKind.REPLY, date(2026, 4, 28)),
        (DocumentKind.DISCLOSURE_NOTICE, date(2026, 4, 28)),
        (DocumentKind.DELIVERY_RECORD, date(2026, 4, 28)),
    ],
)
def test_each_letter_is_dated_by_its_action_in_the_record(kind: DocumentKind, day: date) -> None:
    assert letter_date(full_case(CATALOGUE), kind, 1, final=True) == day


def test_a_draft_reply_is_dated_when_drafted_and_expects_no_number() -> None:
    case = decided_case(CATALOGUE.get("not_held"), issued=False)
    subject = subject_for(case, DocumentKind.REPLY, final=False)
    expected = letter_expectation(case, subject, PROFILE, CATALOGUE)
    assert (expected.final, expected.number, expected.dated_on) == (False, None, date(2026, 4, 27))
    assert expected.correction_received_on == date(2026, 4, 8)
    assert expected.remedy is Remedy.EITHER
    context = template_context(case, subject, PROFILE, CATALOGUE)
    assert context["number"] == "〔签发时编号〕"


def test_the_fee_notice_expects_the_recorded_arithmetic_and_amount() -> None:
    case = full_case(CATALOGUE)
    details = particulars(case, subject_for(case, DocumentKind.FEE_NOTICE))
    assert details["amount"] == "1700"
    assert details["method"] == "按量计收"
    assert details["count"] == "150"
    assert details["arithmetic"].endswith("合计1700元")
