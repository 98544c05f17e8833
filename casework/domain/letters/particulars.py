"""The kind-specific facts of each letter, read from the case record (LETTER_API.md ``details``).

One small reader per document kind takes the record the letter's action wrote — the n-th
correction, the extension, the n-th consultation of a party kind, the fee, the deferral, the
delivery — and returns its values as strings, dates ISO.  Both the template context and the
checker's expectation start from here, so the letter and its check read the same record.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

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


def consultation_for(case: Case, kind: DocumentKind, ordinal: int) -> dict[str, Any]:
    """The n-th consultation record of the letter's party kind (Reg. arts. 32, 34)."""
    wanted = PARTY_KINDS[kind]
    records = [c for c in case.facts.get("consultations", []) if c["party_kind"] == wanted]
    return dict(records[ordinal - 1])


def overridden_parties(case: Case) -> list[str]:
    """Third parties that objected (Reg. art. 32): a disclosing outcome tells each in writing."""
    return [
        c["party"]
        for c in case.facts.get("consultations", [])
        if c["party_kind"] == "third-party" and c.get("opinion") == "object"
    ]


def correction_received_on(case: Case) -> str | None:
    """The receipt date of the last correction received (Reg. art. 30), ISO; None if none."""
    received = [c["received_on"] for c in case.facts.get("corrections", []) if c.get("received_on")]
    return received[-1] if received else None


def _acknowledgement(case: Case, subject: LetterSubject) -> dict[str, str]:
    rule = str(case.receipt.get("rule") or "")
    return {"case_number": case.number, "query_code": case.query_code, "receipt_rule": rule}


def _correction(case: Case, subject: LetterSubject) -> dict[str, str]:
    record = case.facts["corrections"][subject.ordinal - 1]
    items = "\n".join(line.strip() for line in record["items"].splitlines() if line.strip())
    period = str(record["period_days"])
    return {"items": items, "period_days": period, "requested_on": record["requested_on"]}


def _extension(case: Case, subject: LetterSubject) -> dict[str, str]:
    extension = case.facts["extension"]
    return {
        "reason": extension["reason"],
        "new_due_on": extension.get("new_due_on") or "",
        "extension_days": str(extension["days"]),
        "approved_by": extension["approved_by"],  # the login; ``particulars`` prints the name
    }


def _consultation(case: Case, subject: LetterSubject) -> dict[str, str]:
    record = consultation_for(case, subject.kind, subject.ordinal)
    return {"party": record["party"], "window_days": str(CONSULTATION_WINDOW_DAYS)}


def _disclosure(case: Case, subject: LetterSubject) -> dict[str, str]:
    reasons = clean_fact((case.facts["draft"].get("facts") or {}).get("reasons"))
    return {"party": overridden_parties(case)[subject.ordinal - 1], "reasons": reasons}


def _fee(case: Case, subject: LetterSubject) -> dict[str, str]:
    fee = case.facts["fee"]
    count = fee["pages"] if fee["method"] == "per-page" else fee["ordinal_in_month"]
    return {
        "amount": fee["amount"],
        "arithmetic": fee["arithmetic"],
        "basis": fee["basis"],
        "method": FEE_METHOD_LABELS[fee["method"]],
        "count": str(count),
    }


def _reasons(case: Case, subject: LetterSubject) -> dict[str, str]:
    """Reg. art. 35: why the request looks excessive, the period and its last day."""
    asked = case.facts["reasons_request"]
    return {
        "concern": clean_fact(asked["concern"]),
        "period_days": str(asked["period_days"]),
        "due_on": asked["due_on"],
        "requested_on": asked["requested_on"],
    }


def _deferral(case: Case, subject: LetterSubject) -> dict[str, str]:
    """Reg. art. 35: the later reply date fixed after reasonable reasons, and why."""
    deferral = case.facts["deferral"]
    return {
        "until": deferral["until"],
        "reason": clean_fact(deferral["reason"]),
        "reasons_requested_on": deferral.get("reasons_requested_on") or "",
    }


def _termination(case: Case, subject: LetterSubject) -> dict[str, str]:
    facts = case.facts
    if facts["draft"]["outcome"] == "fee_lapsed":
        record, notice_on = facts["fee"], facts["fee"]["notified_on"]
    else:
        record = facts["corrections"][-1]
        notice_on = record["requested_on"]
    return {
        "notice_on": notice_on,
        "window_ended_on": record.get("lapsed_on") or "",
        "notice_number": record.get("number") or "",  # kept since the notice is numbered
    }


def _delivery(case: Case, subject: LetterSubject) -> dict[str, str]:
    delivery = case.facts["delivery"]
    return {
        "document_number": case.reply_number or "",
        "method": DELIVERY_METHOD_LABELS[delivery["method"]],
        "made_on": delivery["made_on"],
        "tracking": delivery.get("tracking") or "",
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
    facts = case.facts
    if kind is DocumentKind.ACKNOWLEDGEMENT:
        return case.created_at.date()  # given out when the application is registered
    if kind.is_decision:
        iso = facts["issued_on"] if final else facts["draft"]["drafted_on"]
    elif kind is DocumentKind.CORRECTION_NOTICE:
        iso = facts["corrections"][ordinal - 1]["requested_on"]
    elif kind is DocumentKind.EXTENSION_NOTICE:
        iso = facts["extension"]["approved_on"]
    elif kind in PARTY_KINDS:
        iso = consultation_for(case, kind, ordinal)["sent_on"]
    elif kind is DocumentKind.FEE_NOTICE:
        iso = facts["fee"]["notified_on"]
    elif kind is DocumentKind.REASONS_REQUEST:
        iso = facts["reasons_request"]["requested_on"]
    elif kind is DocumentKind.DEFERRAL_NOTICE:
        iso = facts["deferral"]["decided_on"]
    elif kind is DocumentKind.DELIVERY_RECORD:
        iso = facts["delivery"]["made_on"]
    else:  # the disclosure notice goes out with the reply (Reg. art. 32)
        iso = facts["issued_on"]
    return date.fromisoformat(iso)
