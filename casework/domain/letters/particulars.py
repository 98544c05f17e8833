"""The kind-specific facts of each letter, read from the case record (LETTER_API.md ``details``).

One small reader per document kind takes the record the letter's action wrote — the n-th
correction, the extension, the n-th consultation of a party kind, the fee, the deferral, the
delivery — and returns its values as strings, dates ISO.  Both the template context and the
checker's expectation start from here, so the letter and its check read the same record.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from casework.domain.case.decisions import Consultation, CorrectionRequest, FeeNotice
from casework.domain.case.records import Case
from casework.domain.letters.documents import (
    CONSULTATION_WINDOW_DAYS,
    DocumentKind,
    LetterSubject,
    clean_fact,
)

FEE_METHOD_LABELS = {"per-item": "按件计收", "per-page": "按量计收"}
DELIVERY_METHOD_LABELS = {"post": "邮寄送达", "in-person": "直接送达", "electronic": "电子送达"}
PARTY_KINDS = {
    DocumentKind.THIRD_PARTY_CONSULTATION: "third-party",
    DocumentKind.AGENCY_CONSULTATION: "agency",
}


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def consultation_for(case: Case, kind: DocumentKind, ordinal: int) -> Consultation:
    """The n-th consultation record of the letter's party kind (Reg. arts. 32, 34)."""
    wanted = PARTY_KINDS[kind]
    return [c for c in case.decisions.consultations if c.party_kind == wanted][ordinal - 1]


def overridden_parties(case: Case) -> list[str]:
    """Third parties that objected (Reg. art. 32): a disclosing outcome tells each in writing."""
    return [
        c.party
        for c in case.decisions.consultations
        if c.party_kind == "third-party" and c.opinion == "object"
    ]


def correction_received_on(case: Case) -> str | None:
    """The receipt date of the last correction received (Reg. art. 30), ISO; None if none."""
    received = [c.received_on for c in case.decisions.corrections if c.received_on]
    return received[-1].isoformat() if received else None


def _acknowledgement(case: Case, subject: LetterSubject) -> dict[str, str]:
    """Reg. arts. 31, 33: the receipt date starts the reply period; the registration date is
    the day the acknowledgement is given out, later than the receipt for a late entry."""
    rule = str(case.receipt.get("rule") or "")
    return {
        "case_number": case.number,
        "query_code": case.query_code,
        "receipt_rule": rule,
        "received_on": case.received_on.isoformat(),
        "registered_on": case.created_at.date().isoformat(),
    }


def _correction(case: Case, subject: LetterSubject) -> dict[str, str]:
    record = case.decisions.corrections[subject.ordinal - 1]
    items = "\n".join(line.strip() for line in record.items.splitlines() if line.strip())
    return {
        "items": items,
        "period_days": str(record.period_days),
        "requested_on": record.requested_on.isoformat(),
    }


def _extension(case: Case, subject: LetterSubject) -> dict[str, str]:
    extension = case.decisions.reply.extension
    assert extension is not None
    return {
        "reason": extension.reason,
        "new_due_on": _iso(extension.new_due_on),
        "extension_days": str(extension.days),
        "approved_by": extension.approved_by,  # the login; ``particulars`` prints the name
    }


def _consultation(case: Case, subject: LetterSubject) -> dict[str, str]:
    record = consultation_for(case, subject.kind, subject.ordinal)
    return {"party": record.party, "window_days": str(CONSULTATION_WINDOW_DAYS)}


def _disclosure(case: Case, subject: LetterSubject) -> dict[str, str]:
    draft = case.decisions.draft
    reasons = clean_fact(draft.fact("reasons") if draft else "")
    return {"party": overridden_parties(case)[subject.ordinal - 1], "reasons": reasons}


def _fee(case: Case, subject: LetterSubject) -> dict[str, str]:
    fee = case.decisions.fee
    assert fee is not None
    count = fee.pages if fee.method == "per-page" else fee.ordinal_in_month
    return {
        "amount": fee.amount,
        "arithmetic": fee.arithmetic,
        "basis": fee.basis,
        "method": FEE_METHOD_LABELS[fee.method],
        "count": str(count),
    }


def _reasons(case: Case, subject: LetterSubject) -> dict[str, str]:
    """Reg. art. 35: why the request looks excessive, the period and its last day."""
    asked = case.decisions.reply.reasons_request
    assert asked is not None
    return {
        "concern": clean_fact(asked.concern),
        "period_days": str(asked.period_days),
        "due_on": asked.due_on.isoformat(),
        "requested_on": asked.requested_on.isoformat(),
    }


def _deferral(case: Case, subject: LetterSubject) -> dict[str, str]:
    """Reg. art. 35: the later reply date fixed after reasonable reasons, and why."""
    deferral = case.decisions.reply.deferral
    assert deferral is not None
    return {
        "until": deferral.until.isoformat(),
        "reason": clean_fact(deferral.reason),
        "reasons_requested_on": _iso(deferral.reasons_requested_on),
    }


def _termination(case: Case, subject: LetterSubject) -> dict[str, str]:
    decisions = case.decisions
    fee, correction = decisions.fee, decisions.last_correction
    notice: FeeNotice | CorrectionRequest | None
    if decisions.draft and decisions.draft.outcome == "fee_lapsed":
        notice, notice_on = fee, fee.notified_on if fee else None
    else:
        notice, notice_on = correction, correction.requested_on if correction else None
    assert notice is not None
    return {
        "notice_on": _iso(notice_on),
        "window_ended_on": _iso(notice.lapsed_on),
        "notice_number": notice.number or "",  # kept since the notice is numbered
    }


def _delivery(case: Case, subject: LetterSubject) -> dict[str, str]:
    delivery = case.decisions.reply.delivery
    assert delivery is not None
    return {
        "document_number": case.reply_number or "",
        "method": DELIVERY_METHOD_LABELS[delivery.method],
        "made_on": delivery.made_on.isoformat(),
        "tracking": delivery.tracking or "",
        # Electronic delivery (domain.md §2.4): the applicant's consent and the address used.
        "consent": delivery.consent or "",
        "electronic_address": delivery.address or "",
    }


def _none(case: Case, subject: LetterSubject) -> dict[str, str]:
    return {}


_READERS: dict[DocumentKind, Callable[[Case, LetterSubject], dict[str, str]]] = {
    DocumentKind.ACKNOWLEDGEMENT: _acknowledgement,
    DocumentKind.CORRECTION_NOTICE: _correction,
    DocumentKind.EXTENSION_NOTICE: _extension,
    DocumentKind.THIRD_PARTY_CONSULTATION: _consultation,
    DocumentKind.AGENCY_CONSULTATION: _consultation,
    DocumentKind.DISCLOSURE_NOTICE: _disclosure,
    DocumentKind.FEE_NOTICE: _fee,
    DocumentKind.REASONS_REQUEST: _reasons,
    DocumentKind.DEFERRAL_NOTICE: _deferral,
    DocumentKind.TERMINATION: _termination,
    DocumentKind.DELIVERY_RECORD: _delivery,
    DocumentKind.REPLY: _none,
}


def particulars(
    case: Case, subject: LetterSubject, people: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The kind-specific values of a letter (LETTER_API.md ``details``; dates ISO).

    ``people`` maps login names to the persons' names (settings users): the extension notice
    names the head who approved it (Reg. art. 33 para. 2) as a person, not as a login; a
    login without a configured name prints as it is.
    """
    details = _READERS[subject.kind](case, subject)
    if "approved_by" in details and people:
        details["approved_by"] = people.get(details["approved_by"]) or details["approved_by"]
    return details


def letter_date(case: Case, kind: DocumentKind, ordinal: int, *, final: bool) -> date:
    """The date a letter carries according to the record: its action's effective date."""
    decisions, reply = case.decisions, case.decisions.reply
    day: date | None
    if kind is DocumentKind.ACKNOWLEDGEMENT:
        return case.created_at.date()  # given out when the application is registered
    if kind.is_decision:
        day = reply.issued_on if final else (reply.draft.drafted_on if reply.draft else None)
    elif kind is DocumentKind.CORRECTION_NOTICE:
        day = decisions.corrections[ordinal - 1].requested_on
    elif kind is DocumentKind.EXTENSION_NOTICE:
        day = reply.extension.approved_on if reply.extension else None
    elif kind in PARTY_KINDS:
        day = consultation_for(case, kind, ordinal).sent_on
    elif kind is DocumentKind.FEE_NOTICE:
        day = decisions.fee.notified_on if decisions.fee else None
    elif kind is DocumentKind.REASONS_REQUEST:
        day = reply.reasons_request.requested_on if reply.reasons_request else None
    elif kind is DocumentKind.DEFERRAL_NOTICE:
        day = reply.deferral.decided_on if reply.deferral else None
    elif kind is DocumentKind.DELIVERY_RECORD:
        day = reply.delivery.made_on if reply.delivery else None
    else:  # the disclosure notice goes out with the reply (Reg. art. 32)
        day = reply.issued_on
    if day is None:
        raise ValueError(f"no record dates the letter {kind.value} #{ordinal}")
    return day
