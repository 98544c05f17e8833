"""The public status lookup (issue 19): a case's progress for its applicant, and nothing more.

A wrong code, an unknown code and a wrong name or phone all give the same answer (None): the
page must not tell a stranger that a code exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from casework.domain.case.public_status import answers_for, normalise_query_code
from casework.domain.case.records import Case
from casework.services.context import ServiceContext
from casework.services.ports import UnitOfWork

STOPPED_TEXT = "答复期限暂停计算（等待补正、缴费或征求意见，期间不计入答复期限）"


@dataclass(frozen=True)
class PublicStatus:
    """What the applicant may read: the state in plain words, the receipt date, the reply due
    date (or why there is none now), and the reply's number and date once issued."""

    state_label: str
    received_on: date | None
    reply_due_on: date | None
    due_note: str | None
    replied: bool
    reply_number: str | None
    replied_on: date | None

    def as_json(self) -> dict[str, object]:
        return {
            "state": self.state_label,
            "received_on": _iso(self.received_on),
            "reply_due_on": _iso(self.reply_due_on),
            "due_note": self.due_note,
            "replied": self.replied,
            "reply_number": self.reply_number,
            "replied_on": _iso(self.replied_on),
        }


def public_status(
    uow: UnitOfWork, ctx: ServiceContext, code: str, answer: str
) -> PublicStatus | None:
    """The status of the case of ``code`` when ``answer`` is its applicant's name or the last
    four digits of their phone; None otherwise (unknown and wrong look the same)."""
    stored = normalise_query_code(code)
    if stored is None:
        return None
    with uow:
        case = uow.cases.by_query_code(stored)
    if case is None or not answers_for(case.applicant, answer):
        return None
    return _status(case, ctx)


def _status(case: Case, ctx: ServiceContext) -> PublicStatus:
    flow = ctx.flow
    awaiting = bool(case.receipt.get("awaiting_confirmation"))
    issued = case.decisions.reply.issued_on
    due, note = case.reply_due_on, None
    if awaiting:
        due, note = None, "网上申请以双方确认之日为收到申请之日，确认后开始计算答复期限"
    elif case.clock_status == "stopped":
        due, note = None, STOPPED_TEXT
    elif case.due_provisional and due is not None:
        note = "答复期限为暂定日期（涉及尚未公布的节假日安排），以最终通知为准"
    return PublicStatus(
        state_label=flow.public_state_label(case.state),
        received_on=None if awaiting else case.received_on,
        reply_due_on=due,
        due_note=note,
        replied=case.reply_number is not None and issued is not None,
        reply_number=case.reply_number if issued else None,
        replied_on=issued,
    )


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()
