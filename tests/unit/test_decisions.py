"""The typed decisions of a case and their one serialiser (casework.domain.case)."""

from __future__ import annotations

from datetime import date

from casework.domain.case.decisions import (
    CaseDecisions,
    ClosedRound,
    Consultation,
    CorrectionRequest,
    Deferral,
    Draft,
    Extension,
    FeeNotice,
    ReasonsRequest,
    ReplyRound,
    Review,
    Withdrawal,
)
from casework.domain.case.reopening import Reopening
from casework.domain.case.storage import decisions_from_json, decisions_to_json, journal_data

REOPENING = Reopening(
    reopened_on=date(2026, 6, 23),
    decision_received_on=date(2026, 6, 22),
    basis="示例市人民政府行政复议决定（2026-06-20）",
    reply_due_on=date(2026, 7, 31),
)
FIRST = ReplyRound(
    draft=Draft("not_held", "zhangsan", date(2026, 4, 20), {"search_process": "检索了档案"}),
    issued_on=date(2026, 4, 22),
    concluded_on=date(2026, 4, 22),
    extension=Extension(10, "需调取档案", "wangwu", date(2026, 4, 15), date(2026, 5, 13)),
)
EVERYTHING = CaseDecisions(
    corrections=(
        CorrectionRequest(date(2026, 4, 3), 15, items="请写明文号", received_on=date(2026, 4, 8)),
    ),
    consultations=(
        Consultation("甲公司", "third-party", date(2026, 4, 9), date(2026, 4, 30)),
        Consultation(
            "市统计局",
            "agency",
            date(2026, 4, 9),
            date(2026, 4, 30),
            ended_on=date(2026, 4, 30),
            opinion="none",
            deemed_consent=True,
        ),
    ),
    fee=FeeNotice(date(2026, 4, 10), "1700", method="per-page", pages=150),
    reviews=(Review(date(2026, 6, 26), "lisi", "请补充检索过程"),),
    withdrawal=None,
    reply=ReplyRound(
        draft=Draft("disclose", "zhangsan", date(2026, 6, 25)),
        reasons_request=ReasonsRequest(date(2026, 6, 24), 15, date(2026, 7, 15), "申请数量大"),
        deferral=Deferral(date(2026, 8, 31), "档案量大", date(2026, 6, 30), date(2026, 6, 24)),
    ),
    reopenings=(ClosedRound(REOPENING, FIRST, "not_held", "示发改信复〔2026〕1号"),),
    last_action_on=date(2026, 6, 30),
)


def test_every_decision_survives_the_round_trip_through_the_json_column() -> None:
    stored = decisions_to_json(EVERYTHING)
    assert decisions_from_json(stored) == EVERYTHING
    assert stored["fee"] == {
        "notified_on": "2026-04-10",
        "amount": "1700",
        "method": "per-page",
        "pages": 150,
        "arithmetic": "",
        "basis": "",
    }


def test_a_case_with_nothing_decided_is_stored_as_an_empty_object() -> None:
    assert decisions_to_json(CaseDecisions()) == {}
    assert decisions_from_json({}) == CaseDecisions()
    assert decisions_from_json(None) == CaseDecisions()


def test_absent_values_are_left_out_and_false_is_kept() -> None:
    stored = decisions_to_json(EVERYTHING)
    assert "withdrawal" not in stored and "ended_on" not in stored["consultations"][0]
    assert stored["corrections"][0]["late"] is False


def test_the_journal_shows_every_field_of_a_decision_with_absent_ones_as_none() -> None:
    assert journal_data(Withdrawal(date(2026, 4, 10))) == {
        "withdrawn_on": "2026-04-10",
        "reason": None,
        "how": None,
        "voided": [],
    }


def test_a_reopening_closes_the_round_and_an_earlier_round_can_be_seen_as_it_stood() -> None:
    before = CaseDecisions(reply=FIRST)
    after = before.reopened(REOPENING, "not_held", "示发改信复〔2026〕1号")
    assert after.reply == ReplyRound() and after.reopening == REOPENING
    assert after.as_in_round(0) == before
    assert after.as_in_round(1) is after


def test_updating_one_record_leaves_the_others_and_the_original_unchanged() -> None:
    paid = EVERYTHING.with_fee(paid_on=date(2026, 4, 14))
    assert paid.fee is not None and paid.fee.paid_on == date(2026, 4, 14)
    assert EVERYTHING.fee is not None and EVERYTHING.fee.paid_on is None
    assert paid.corrections == EVERYTHING.corrections
    answered = EVERYTHING.with_consultation_at(0, ended_on=date(2026, 4, 20), opinion="agree")
    assert answered.open_consultations == 0 and EVERYTHING.open_consultations == 1
