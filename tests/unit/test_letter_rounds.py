"""Reply rounds: a reopened case's first-round letters are read against their own round."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from casework.domain.case.decisions import (
    CaseDecisions,
    ClosedRound,
    Draft,
    ReplyRound,
)
from casework.domain.case.records import CaseEvent
from casework.domain.case.reopening import Reopening
from casework.domain.letters.documents import StoredDocument
from casework.domain.letters.rounds import (
    case_in_round,
    case_round,
    document_rounds,
    ordinal_in_round,
    round_label,
)
from tests.support.letter_cases import new_case

AT = datetime(2026, 6, 30, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def _document(kind: str, path: str, number: str | None = None) -> StoredDocument:
    status = "final" if number else "draft"
    return StoredDocument(1, kind, number, status, path, "0" * 64, AT, "zhangsan")


def _event(seq: int, action: str, *paths: str) -> CaseEvent:
    data: dict[str, Any] = {"documents": [{"path": p} for p in paths]} if paths else {}
    return CaseEvent(1, seq, action, "zhangsan", AT, AT.date(), "a", "b", data)


def test_each_document_belongs_to_the_round_of_the_action_that_rendered_it() -> None:
    documents = [
        _document("reply", "reply-1-draft.docx"),
        _document("reply", "reply-2.docx", "示发改信复〔2026〕1号"),
        _document("disclosure_notice", "disclosure_notice-1.docx", "示发改信告〔2026〕1号"),
        _document("reply", "reply-3-draft.docx"),
        _document("disclosure_notice", "disclosure_notice-2.docx", "示发改信告〔2026〕2号"),
    ]
    events = [
        _event(1, "draft", "reply-1-draft.docx"),
        _event(2, "issue", "reply-2.docx", "disclosure_notice-1.docx"),
        _event(3, "reopen"),
        _event(4, "draft", "reply-3-draft.docx"),
        _event(5, "issue", "disclosure_notice-2.docx"),
    ]
    rounds = document_rounds(documents, events)
    assert [rounds[d.path] for d in documents] == [0, 0, 0, 1, 1]
    # The second round's disclosure notice answers the first overridden party of ITS round.
    assert ordinal_in_round(documents, rounds, documents[4]) == 1
    assert [round_label(0), round_label(1)] == ["首次答复", "第1次重新答复"]


def test_the_case_in_an_earlier_round_has_that_rounds_facts_and_number() -> None:
    first = ReplyRound(
        draft=Draft("not_held", "zhangsan", date(2026, 4, 20)), issued_on=date(2026, 4, 22)
    )
    current = ReplyRound(draft=Draft("disclose", "zhangsan", date(2026, 6, 25)))
    reopening = Reopening(
        reopened_on=date(2026, 6, 23),
        decision_received_on=date(2026, 6, 23),
        basis="示例市人民政府行政复议决定（2026-06-20）",
    )
    closed = ClosedRound(reopening, first, "not_held", "示发改信复〔2026〕1号")
    case = new_case(CaseDecisions(reply=current, reopenings=(closed,)))
    then = case_in_round(case, 0)
    assert case_round(case) == 1
    assert then.decisions == CaseDecisions(reply=first)
    assert (then.outcome, then.reply_number) == ("not_held", "示发改信复〔2026〕1号")
    assert case_in_round(case, 1) is case
    assert case.decisions.reply == current  # the record itself is untouched
