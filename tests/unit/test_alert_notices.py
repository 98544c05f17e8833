"""The personal notices decided from a case snapshot alone (issue 20): who gets a returned
draft or a refused extension, and when nothing is said any more."""

from __future__ import annotations

from datetime import date

from casework.domain.alerts.model import AlertKind, CaseSnapshot
from casework.domain.alerts.notices import personal_notices
from casework.domain.case.decisions import (
    CaseDecisions,
    Draft,
    Extension,
    ExtensionRefusal,
    ExtensionRequest,
    ReplyRound,
    Review,
)

OPEN = frozenset({"registered", "consulting", "reviewing", "approved"})
ON = date(2026, 4, 22)
RETURN = Review(returned_on=date(2026, 4, 21), by="lisi", comment="请补充")
REQUEST = ExtensionRequest(days=10, reason="需调取档案", requested_by="zhouba", requested_on=ON)
REFUSAL = ExtensionRefusal(REQUEST, refused_by="wangwu", refused_on=ON, reason="不同意")


def snapshot(
    state: str, decisions: CaseDecisions, due: date | None = date(2026, 4, 30)
) -> CaseSnapshot:
    return CaseSnapshot(
        "demo", "2026-0001", "zhangsan", state, date(2026, 4, 1), due, due, False, decisions
    )


def returned(drafter: str, drafted_on: date = date(2026, 4, 20)) -> CaseDecisions:
    draft = Draft(outcome="disclose", drafter=drafter, drafted_on=drafted_on)
    return CaseDecisions(reviews=(RETURN,), reply=ReplyRound(draft=draft))


def test_a_return_goes_to_the_drafter_and_a_lapse_draft_to_the_handler() -> None:
    (notice,) = personal_notices(snapshot("registered", returned("zhouba")), ON, OPEN)
    assert (notice.kind, notice.handler) == (AlertKind.RETURNED, "zhouba")
    (lapsed,) = personal_notices(snapshot("registered", returned("系统（逾期处理）")), ON, OPEN)
    assert lapsed.handler == "zhangsan"


def test_no_return_notice_under_review_after_conclusion_or_for_a_later_draft() -> None:
    assert personal_notices(snapshot("reviewing", returned("zhouba")), ON, OPEN) == []
    assert personal_notices(snapshot("replied", returned("zhouba")), ON, OPEN) == []
    later = returned("zhouba", drafted_on=date(2026, 4, 22))
    assert personal_notices(snapshot("registered", later), ON, OPEN) == []
    # A reopened case starts a new round without a draft: the old return says nothing.
    assert (
        personal_notices(snapshot("registered", CaseDecisions(reviews=(RETURN,))), ON, OPEN) == []
    )


def test_a_refusal_stands_until_a_new_request_an_extension_or_the_due_date() -> None:
    refused = CaseDecisions(reply=ReplyRound(extension_refusals=(REFUSAL,)))
    (notice,) = personal_notices(snapshot("consulting", refused, due=None), ON, OPEN)
    assert (notice.kind, notice.handler) == (AlertKind.EXTENSION_REFUSED, "zhouba")
    assert "答复期限仍为" not in notice.message  # a stopped clock has no due date to repeat
    asked = CaseDecisions(
        reply=ReplyRound(extension_refusals=(REFUSAL,), extension_request=REQUEST)
    )
    assert personal_notices(snapshot("registered", asked), ON, OPEN) == []
    granted = Extension(days=5, reason="x", approved_by="wangwu", approved_on=ON)
    extended = CaseDecisions(reply=ReplyRound(extension_refusals=(REFUSAL,), extension=granted))
    assert personal_notices(snapshot("registered", extended), ON, OPEN) == []
    late = snapshot("registered", refused, due=date(2026, 4, 21))
    assert personal_notices(late, ON, OPEN) == []
