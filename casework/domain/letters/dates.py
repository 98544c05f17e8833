"""The date each letter carries, read from the case record: its action's effective date.

The acknowledgement is dated at registration, a decision letter by its draft or issue, a
consultation by its sending, every other notice by the decision record its action wrote.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from casework.domain.case.records import Case
from casework.domain.letters.documents import DocumentKind
from casework.domain.letters.particulars import PARTY_KINDS, consultation_for


def letter_date(case: Case, kind: DocumentKind, ordinal: int, *, final: bool) -> date:
    """The date a letter carries according to the record: its action's effective date."""
    reply = case.decisions.reply
    day: date | None
    if kind is DocumentKind.ACKNOWLEDGEMENT:
        return case.created_at.date()  # given out when the application is registered
    if kind.is_decision:
        day = reply.issued_on if final else (reply.draft.drafted_on if reply.draft else None)
    elif kind in PARTY_KINDS:
        day = consultation_for(case, kind, ordinal).sent_on
    else:
        day = _DATES.get(kind, _with_reply)(case, ordinal)
    if day is None:
        raise ValueError(f"no record dates the letter {kind.value} #{ordinal}")
    return day


def _with_reply(case: Case, ordinal: int) -> date | None:
    """The disclosure notice goes out with the reply (Reg. art. 32: no later than it)."""
    return case.decisions.reply.issued_on


def _of(record: object | None, name: str) -> date | None:
    value = getattr(record, name) if record is not None else None
    assert value is None or isinstance(value, date)
    return value


_DATES: dict[DocumentKind, Callable[[Case, int], date | None]] = {
    DocumentKind.CORRECTION_NOTICE: lambda c, n: c.decisions.corrections[n - 1].requested_on,
    DocumentKind.EXTENSION_NOTICE: lambda c, n: _of(c.decisions.reply.extension, "approved_on"),
    DocumentKind.FEE_NOTICE: lambda c, n: _of(c.decisions.fee, "notified_on"),
    DocumentKind.REASONS_REQUEST: lambda c, n: _of(
        c.decisions.reply.reasons_request, "requested_on"
    ),
    DocumentKind.DEFERRAL_NOTICE: lambda c, n: _of(c.decisions.reply.deferral, "decided_on"),
    DocumentKind.DELIVERY_RECORD: lambda c, n: _of(c.decisions.reply.delivery, "made_on"),
    # Reg. art. 33 para. 3: sent with the n-th consultation letter.
    DocumentKind.CONSULTATION_NOTICE: lambda c, n: c.decisions.consultations[n - 1].sent_on,
    DocumentKind.WITHDRAWAL_NOTICE: lambda c, n: _of(c.decisions.withdrawal, "withdrawn_on"),
}
