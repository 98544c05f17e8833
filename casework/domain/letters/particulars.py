"""The kind-specific facts of each letter, read from the case record (LETTER_API.md ``details``).

One small reader per document kind takes the record the letter's action wrote — the n-th
correction, the extension, the n-th consultation of a party kind, the fee, the deferral, the
delivery — and returns its values as strings, dates ISO.  Both the template context and the
checker's expectation start from here, so the letter and its check read the same record.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date

from casework.domain.case.decisions import Consultation, CorrectionRequest, FeeNotice
from casework.domain.case.endings import WITHDRAWAL_WAYS
from casework.domain.case.records import Case
from casework.domain.letters.correction_notice import correction_articles, correction_items
from casework.domain.letters.documents import (
    CONSULTATION_WINDOW_DAYS,
    DocumentKind,
    LetterSubject,
    clean_fact,
    request_summary,
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


def objecting_parties(case: Case) -> list[str]:
    """Third parties that objected to disclosure when consulted (Reg. art. 32)."""
    return [
        c.party
        for c in case.decisions.consultations
        if c.party_kind == "third-party" and c.opinion == "object"
    ]


def overridden_parties(case: Case) -> list[str]:
    """The objecting third parties whose objection the round's explicit override decision
    set aside (Reg. art. 32): each is told in writing (公开告知书).  None without the decision:
    an override is never inferred from the outcome."""
    return objecting_parties(case) if case.decisions.reply.override else []


def correction_received_on(case: Case, as_of: date | None = None) -> str | None:
    """The receipt date of the last correction received (Reg. art. 30) — by ``as_of`` when
    given (a letter dated before the correction quotes the original application), ISO."""
    received = [
        c.received_on
        for c in case.decisions.corrections
        if c.received_on and (as_of is None or c.received_on <= as_of)
    ]
    return received[-1].isoformat() if received else None


def request_as_of(case: Case, as_of: date | None = None) -> str:
    """What the application asks for, as a letter dated ``as_of`` quotes it: the description
    the applicant gave in the last correction received by then (Reg. art. 30), else the
    original one."""
    corrected = [
        c.corrected_description
        for c in case.decisions.corrections
        if c.received_on and c.corrected_description and (as_of is None or c.received_on <= as_of)
    ]
    return clean_fact(corrected[-1] if corrected else case.description)


def quoted_as_of(case: Case, subject: LetterSubject) -> date:
    """The day whose request a letter quotes: its own date, but for the 登记回执 the receipt
    (it is given at registration, before any correction, whatever day it prints)."""
    if subject.kind is DocumentKind.ACKNOWLEDGEMENT:
        return case.received_on
    return subject.dated_on


def corrected_facts_as_of(case: Case, as_of: date | None = None) -> str:
    """The other facts the applicant corrected (contact, form, …) by ``as_of``."""
    corrected = [
        c.corrected_facts
        for c in case.decisions.corrections
        if c.received_on and c.corrected_facts and (as_of is None or c.received_on <= as_of)
    ]
    return clean_fact(corrected[-1]) if corrected else ""


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
    """Reg. arts. 29–30: each item with its article, the articles cited, the last day."""
    record = case.decisions.corrections[subject.ordinal - 1]
    return {
        "items": json.dumps(correction_items(record), ensure_ascii=False),
        "articles": "、".join(correction_articles(record)),
        "period_days": str(record.period_days),
        "requested_on": record.requested_on.isoformat(),
        "due_on": _iso(record.due_on),
    }


def _extension(case: Case, subject: LetterSubject) -> dict[str, str]:
    extension = case.decisions.reply.extension
    assert extension is not None
    details = {
        "reason": extension.reason,
        "new_due_on": _iso(extension.new_due_on),
        "extension_days": str(extension.days),
        "approved_by": extension.approved_by,  # the login; ``particulars`` prints the name
    }
    if extension.stopped_days is not None:  # Reg. art. 33 para. 3: the arithmetic is told
        details["stopped_days"] = str(extension.stopped_days)
    return details


def _consultation(case: Case, subject: LetterSubject) -> dict[str, str]:
    """Reg. arts. 32, 34: the party, its window and last day; for a third party, which part
    concerns it and why disclosure may harm it (domain.md §1.4)."""
    record = consultation_for(case, subject.kind, subject.ordinal)
    details = {
        "party": record.party,
        "window_days": str(CONSULTATION_WINDOW_DAYS),
        "answer_by": record.window_ends_on.isoformat(),
    }
    if record.party_kind == "third-party":
        details["concern"] = clean_fact(record.concern)
    return details


def _disclosure(case: Case, subject: LetterSubject) -> dict[str, str]:
    """Reg. art. 32: what will be disclosed, the public-interest reasons of the override
    decision and the day the information will be provided."""
    override, draft = case.decisions.reply.override, case.decisions.draft
    parties = overridden_parties(case)
    details = {"party": parties[subject.ordinal - 1] if subject.ordinal <= len(parties) else ""}
    # What the reply decides for the objector's part: the checker refuses a notice beside a
    # reply that withholds it (Reg. art. 32).
    details["reply_outcome"] = draft.outcome if draft else ""
    details["reply_ground"] = draft.fact("ground") if draft else ""
    if override is None:
        return {**details, "public_interest": "", "provide_on": ""}
    withheld = clean_fact(draft.fact("withheld_part")) if draft else ""
    # The notice quotes the request once; what will be disclosed refers back to it.
    disclosed = f"上述申请的政府信息“{request_summary(request_as_of(case, subject.dated_on))}”"
    if withheld:  # Reg. art. 37: the rest of a partial disclosure
        disclosed = f"{disclosed}（其中“{withheld}”不予公开）"
    return {
        **details,
        "public_interest": clean_fact(override.public_interest),
        "provide_on": override.provide_on.isoformat(),
        "disclosed": disclosed,
        "reply_issued_on": _iso(case.decisions.reply.issued_on),
    }


def _consultation_notice(case: Case, subject: LetterSubject) -> dict[str, str]:
    """Reg. art. 33 para. 3: the applicant is told whom the agency consults (a third party is
    not named to the applicant) and that the time is not counted."""
    record = case.decisions.consultations[subject.ordinal - 1]
    third_party = record.party_kind == "third-party"
    return {
        "consulted": "第三方" if third_party else record.party,
        "consulted_article": "第三十二条" if third_party else "第三十四条",
        "sent_on": record.sent_on.isoformat(),
        "window_ends_on": record.window_ends_on.isoformat(),
    }


def _withdrawal(case: Case, subject: LetterSubject) -> dict[str, str]:
    """Seed 003: the withdrawal's date and how it reached the office."""
    withdrawal = case.decisions.withdrawal
    assert withdrawal is not None
    return {
        "withdrawn_on": withdrawal.withdrawn_on.isoformat(),
        "how": WITHDRAWAL_WAYS.get(withdrawal.how or "", withdrawal.how or ""),
        "reason": clean_fact(withdrawal.reason),
    }


def _re_reply(case: Case, subject: LetterSubject) -> dict[str, str]:
    """ARL art. 64; ALL art. 70: the decision ordering the new reply and the reply replaced."""
    reopening, closed = case.decisions.reopening, case.decisions.reopenings
    assert reopening is not None
    replaced = closed[-1]
    reconsideration = "行政复议决定" in reopening.basis
    return {
        "decision_name": "行政复议决定书" if reconsideration else "判决书",
        "decision_organ": reopening.organ or "",
        "decision_number": reopening.decision_number or "",
        "decision_on": _iso(reopening.decided_on),
        "replaced_number": replaced.reply_number or "",
        "replaced_on": _iso(replaced.previous.issued_on),
    }


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
        "stops_clock": "yes" if fee.stops_clock else "",
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
    DocumentKind.CONSULTATION_NOTICE: _consultation_notice,
    DocumentKind.WITHDRAWAL_NOTICE: _withdrawal,
    DocumentKind.RE_REPLY: _re_reply,
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
