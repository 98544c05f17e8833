"""Personal notices: decisions of a reviewer or the head that the clerk who asked must see.

- **退回修改** (审核, Reg. art. 45; seed 002): a reviewer returned a draft with a comment; its
  drafter sees 「退回修改：<comment>（<reviewer>，<date>）」 until they draft again (the case is
  then back under review, or concluded).
- **延期未获同意** (Reg. art. 33 para. 2): the head did not consent to an extension request; the
  clerk who asked sees the refusal and its reason while it stands — until a new request or an
  extension, the end of the case, or the reply due date it leaves unchanged (after which the
  overdue reply alert speaks).

Each is one alert for one person (``Alert.handler``), not part of the head's daily digest, a notice dated the day of the decision,
with a subject of its own per return or refusal: the alert ledger sends it once however many
sweeps see it, and a second return of the same case is a new notice.  Pure, like the rest of
``casework.domain.alerts``.
"""

from __future__ import annotations

from datetime import date

from casework.domain.alerts.model import Alert, AlertKind, AlertLevel, CaseSnapshot

# The kinds of alert this module makes: sent to their person, left out of the head's digest.
PERSONAL_KINDS = frozenset({AlertKind.RETURNED, AlertKind.EXTENSION_REFUSED})
# The states of a case whose draft is under review or signed off: a draft there is not
# (or no longer) returned.
REVIEW_STATES = frozenset({"reviewing", "approved"})
# A draft the lapse sweep prepared (services/lapses.py) has no person as its drafter; its
# return goes to the case's handler.
SYSTEM_DRAFTER_PREFIX = "系统"


def personal_notices(case: CaseSnapshot, on: date, open_states: frozenset[str]) -> list[Alert]:
    """The notices ``case`` holds for a person on ``on`` (none once it is concluded)."""
    if case.state not in open_states:
        return []
    return [*_returned(case), *_refused(case, on)]


def _returned(case: CaseSnapshot) -> list[Alert]:
    decisions = case.decisions
    draft = decisions.reply.draft
    if case.state in REVIEW_STATES or draft is None or not decisions.reviews:
        return []
    last = decisions.reviews[-1]
    if last.returned_on < draft.drafted_on:
        return []
    drafter = draft.drafter
    if drafter.startswith(SYSTEM_DRAFTER_PREFIX):
        drafter = case.handler
    text = f"退回修改：{last.comment}（{last.by}，{last.returned_on.isoformat()}）"
    subject = f"{case.number}/returned-{len(decisions.reviews)}"
    return [_notice(case, subject, AlertKind.RETURNED, last.returned_on, text, drafter)]


def _refused(case: CaseSnapshot, on: date) -> list[Alert]:
    reply = case.decisions.reply
    refusals = reply.extension_refusals
    if not refusals or reply.extension_request is not None or reply.extension is not None:
        return []
    due = case.reply_due_on
    if due is not None and on > due:
        return []
    last = refusals[-1]
    still = f"；答复期限仍为 {due.isoformat()}" if due else ""
    text = (
        f"延期申请未获同意：{last.reason}（{last.refused_by}，{last.refused_on.isoformat()}）"
        f"{still}（条例第三十三条第二款）"
    )
    subject = f"{case.number}/extension-refused-{len(refusals)}"
    who = last.request.requested_by
    return [_notice(case, subject, AlertKind.EXTENSION_REFUSED, last.refused_on, text, who)]


def _notice(  # noqa: PLR0917 - the fields of one notice
    case: CaseSnapshot, subject: str, kind: AlertKind, on: date, text: str, to: str
) -> Alert:
    return Alert(
        agency=case.agency,
        subject=subject,
        kind=kind,
        level=AlertLevel.NOTICE,
        due_on=on,
        message=f"案件 {case.number}：{text}",
        case=case.number,
        handler=to,
    )
