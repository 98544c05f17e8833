"""The public status lookup (issue 19): a case's progress for its applicant, and nothing more.

A wrong code, an unknown code and a wrong name or phone all give the same answer (None): the
page must not tell a stranger that a code exists.  The lookup reads only the columns it shows
(``PublicCaseFacts``), through the unique index on the query code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from casework.domain.case.public_status import PublicCaseFacts, answers_for, normalise_query_code
from casework.services.context import ServiceContext

UNCONFIRMED = "unconfirmed"
NOTES = {
    UNCONFIRMED: "网上申请以双方确认之日为收到申请之日，确认后开始计算答复期限",
    "stopped": "答复期限暂停计算（等待补正、缴费或征求意见，期间不计入答复期限）",
}
# A voided registration ran no reply period; a withdrawn application is not answered (seed
# 003: its end is the written 撤回申请确认书).  No due date is shown for either.
STATE_NOTES = {
    "voided": "该登记已作废（不是政府信息公开申请），不计算答复期限",
    "withdrawn": "申请已撤回，本机关不再作出答复",
}
PROVISIONAL = "答复期限为暂定日期（涉及尚未公布的节假日安排），以最终通知为准"


class StatusQueries(Protocol):
    def public_facts(self, code: str) -> PublicCaseFacts | None:
        """The status columns of the case of a query code (never of a case number)."""
        ...


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
    queries: StatusQueries, ctx: ServiceContext, code: str, answer: str
) -> PublicStatus | None:
    """The status of the case of ``code`` when ``answer`` is its applicant's name or the last
    four digits of their phone; None otherwise (unknown and wrong look the same)."""
    stored = normalise_query_code(code)
    if stored is None:
        return None
    facts = queries.public_facts(stored)
    if facts is None or not answers_for(facts.applicant, answer):
        return None
    return _status(facts, ctx)


def _status(facts: PublicCaseFacts, ctx: ServiceContext) -> PublicStatus:
    flow = ctx.flow
    unconfirmed = facts.clock_status == UNCONFIRMED
    note = STATE_NOTES.get(facts.state) or NOTES.get(facts.clock_status or "")
    due = None if note else facts.reply_due_on
    if due is not None and facts.due_provisional:
        note = PROVISIONAL
    # A reply was issued when the case is concluded with a reply number (a withdrawal has
    # none; a reopened case is open again until its new reply).
    replied = (
        facts.reply_number is not None
        and facts.concluded_on is not None
        and facts.state not in flow.open_states
    )
    return PublicStatus(
        state_label=flow.public_state_label(facts.state),
        received_on=None if unconfirmed else facts.received_on,
        reply_due_on=due,
        due_note=note,
        replied=replied,
        reply_number=facts.reply_number if replied else None,
        replied_on=facts.concluded_on if replied else None,
    )


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()
