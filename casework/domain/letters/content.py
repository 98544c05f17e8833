"""The template context of a letter: every variable its ``.docx`` template may print.

The kind's particulars (``casework.domain.letters.particulars``), the applicant, the agency
profile and — for the reply and termination letters — the outcome catalogue's decision
paragraph, legal basis and remedy wording, all as printable strings (dates as 2026年4月1日).
templates/replies/README.md lists the variables for legal staff.  Pure: no files, no clock.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from casework.domain.agency import AgencyProfile
from casework.domain.case.records import Case
from casework.domain.letters.correction_notice import UNCLEAR_ARTICLE
from casework.domain.letters.documents import (
    DRAFT_NUMBER,
    FEE_PAYMENT_DAYS,
    REPLY_DAYS,
    DocumentKind,
    LetterSubject,
    chinese_date,
    clean_fact,
    decision_kind,
    fill_paragraph,
    optional_date,
    remedy_text,
    request_summary,
)
from casework.domain.letters.particulars import (
    corrected_facts_as_of,
    correction_received_on,
    particulars,
    quoted_as_of,
    request_as_of,
)
from casework.domain.workflow.outcomes import Outcome

if TYPE_CHECKING:
    # An annotation only: the catalogue's models load with the catalogue (issue 18).
    from casework.domain.workflow.catalogue import OutcomeCatalogue


@dataclass(frozen=True)
class Decision:
    """The decided outcome of a reply or termination letter, with its printed parts."""

    outcome: Outcome
    ground: Outcome | None
    facts: dict[str, str]
    paragraph: str
    basis_text: str
    remedy: str


def decision(case: Case, catalogue: OutcomeCatalogue, profile: AgencyProfile) -> Decision:
    """The drafted outcome of the case rendered as its letter prints it (domain.md §1.7)."""
    draft = case.decisions.draft
    assert draft is not None
    outcome = catalogue.get(draft.outcome)
    facts = {k: clean_fact(v) for k, v in draft.facts.items() if clean_fact(v)}
    ground_code = facts.get("ground")
    ground = catalogue.ground(ground_code) if ground_code else None
    basis_text = outcome.basis_text_for(ground)
    values = {
        **facts,
        # The letter quotes the request in full once, before the decision (issue 13).
        "description": request_summary(request_as_of(case)),
        "applicant_name": case.applicant.name,
        "received_on_text": chinese_date(case.received_on),
        "basis_text": basis_text,
        "you": profile.addressing(case.applicant.applicant_type),
    }
    return Decision(
        outcome=outcome,
        ground=ground,
        facts=facts,
        paragraph=fill_paragraph(outcome.paragraph, values),
        basis_text=basis_text,
        remedy=remedy_text(outcome.remedy_for(ground), profile),
    )


def template_context(
    case: Case,
    subject: LetterSubject,
    profile: AgencyProfile,
    catalogue: OutcomeCatalogue,
    *,
    people: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Every variable the letter's template may print (templates/replies/README.md);
    ``people`` maps logins to names (``particulars``)."""
    details = particulars(case, subject, people)
    as_of = quoted_as_of(case, subject)
    request = request_as_of(case, as_of)
    context: dict[str, Any] = {
        "number": subject.number or DRAFT_NUMBER,
        "title": subject.kind.heading,
        # GB/T 9704-2012 §7.3.1: the printed title; §10.1: the optional 版头 ("" for none).
        "letter_title": profile.letter_title(subject.kind.heading),
        "title_agency": _title_agency(profile, subject.kind.heading),
        "letterhead": profile.letterhead_text,
        "applicant_name": case.applicant.name,
        "addressee": details.get("party") or case.applicant.name,
        "agency_name": profile.name,
        "office": profile.office,
        "address": profile.address,
        "postcode": profile.postcode,
        "phone": profile.phone,
        "email": profile.email,
        "contact_person": profile.contact_person,
        "you": profile.addressing(case.applicant.applicant_type),
        "dated_text": chinese_date(subject.dated_on),
        "dated_on": subject.dated_on.isoformat(),
        "received_on_text": chinese_date(case.received_on),
        # Reg. art. 30: from the correction on, letters quote the corrected request and date.
        "correction_received_text": optional_date(correction_received_on(case, as_of)),
        "corrected_facts": corrected_facts_as_of(case, as_of),
        "description": request,
        "request_summary": request_summary(request),
        "case_number": case.number,
        "seal": None,  # the adapter puts the seal image here when the profile has one
    }
    context.update(details)
    if subject.kind is DocumentKind.DISCLOSURE_NOTICE:
        context["third_party_remedy"] = third_party_remedy(profile)
    context.update(_FORMATTERS.get(subject.kind, _nothing)(case, details))
    if subject.kind.is_decision:
        chosen = decision(case, catalogue, profile)
        context.update(
            outcome_label=chosen.outcome.label,
            decision=chosen.paragraph,
            basis_text=chosen.basis_text,
            convenience=chosen.facts.get("convenience", ""),
            remedy=chosen.remedy,
        )
    return context


def third_party_remedy(profile: AgencyProfile) -> str:
    """The third party's remedies against the decision to disclose (Reg. art. 32; domain.md
    §1.4, §3): reconsideration within 60 days (ARL art. 20) before the organ of the profile
    (ARL art. 24), or a lawsuit within 6 months (ALL art. 46) — not a 复议前置 refusal."""
    organ, court = profile.reconsideration_organ, profile.litigation_wording
    return (
        f"贵方如对本机关决定公开不服，可以自收到本告知书之日起60日内向{organ}申请行政复议，"
        f"或者自收到本告知书之日起6个月内{court}。"
    )


# 二号 characters on one line of the 156 mm type area (GB/T 9704-2012 §5.2.2, §7.3.1).
_TITLE_LINE = 20


def _title_agency(profile: AgencyProfile, heading: str) -> str:
    """The agency's name before the title when the profile asks; a title too long for one line
    turns after the name (GB/T 9704-2012 §7.3.1: 回行时词意完整), never inside 「答复书」."""
    if not profile.title_names_agency:
        return ""
    turn = "\n" if len(profile.name) + len(heading) > _TITLE_LINE else ""
    return f"{profile.name}{turn}"


def _nothing(case: Case, details: dict[str, str]) -> dict[str, Any]:
    return {}


def _acknowledgement(case: Case, details: dict[str, str]) -> dict[str, Any]:
    # Reg. art. 33 para. 1: 20 working days from the receipt (art. 31), also when the
    # application was registered days later: the letter then states both dates.
    return {
        "reply_days": str(REPLY_DAYS),
        "late_registration": details["registered_on"] > details["received_on"],
        "registered_text": optional_date(details["registered_on"]),
    }


def _correction(case: Case, details: dict[str, str]) -> dict[str, Any]:
    """Reg. art. 30: every item numbered, the articles, the concrete last day."""
    items = json.loads(details["items"])
    return {
        "items": [f"{i}.{item}" for i, item in enumerate(items, start=1)],
        "due_text": optional_date(details["due_on"]),
        # Reg. art. 29 para. 2 item (2): how to describe the information, for unclear content.
        "content_guidance": any(item.endswith(f"{UNCLEAR_ARTICLE}）") for item in items),
    }


def _consultation(case: Case, details: dict[str, str]) -> dict[str, Any]:
    return {"answer_by_text": optional_date(details["answer_by"])}  # Reg. arts. 32, 34


def _extension(case: Case, details: dict[str, str]) -> dict[str, Any]:
    # Reg. art. 33 paras. 2-3: 20 + the extension, plus the stopped days not counted.
    stopped = details.get("stopped_days", "")
    return {
        "new_due_text": optional_date(details["new_due_on"]),
        "reply_days": str(REPLY_DAYS),
        "stopped_days": stopped,
        "stops_counted": bool(stopped) and stopped != "0",
        "counted_from_text": chinese_date(_counted_from(case)),
    }


def _counted_from(case: Case) -> date:
    """The day the reply period counts from: the receipt, or the correction's (Reg. art. 30)."""
    corrected = correction_received_on(case)
    return date.fromisoformat(corrected) if corrected else case.received_on


def _disclosure(case: Case, details: dict[str, str]) -> dict[str, Any]:
    return {
        "provide_text": optional_date(details.get("provide_on")),
        "disclosed": details.get("disclosed", ""),
    }


def _consultation_notice(case: Case, details: dict[str, str]) -> dict[str, Any]:
    return {
        "sent_text": optional_date(details["sent_on"]),
        "window_ends_text": optional_date(details["window_ends_on"]),
    }


def _withdrawal(case: Case, details: dict[str, str]) -> dict[str, Any]:
    return {"withdrawn_text": optional_date(details["withdrawn_on"])}


def _re_reply(case: Case, details: dict[str, str]) -> dict[str, Any]:
    return {
        "decision_text": optional_date(details["decision_on"]),
        "replaced_text": optional_date(details["replaced_on"]),
    }


def _fee(case: Case, details: dict[str, str]) -> dict[str, Any]:
    # Fee arts. 4-5: per item counts the applicant's applications in the natural month, per
    # volume counts pages; the notice names the unit so the arithmetic can be followed.
    per_page = case.decisions.fee is not None and case.decisions.fee.method == "per-page"
    count = details["count"]
    count_text = f"{count}页" if per_page else f"本自然月内第{count}件申请"
    return {
        "payment_days": str(FEE_PAYMENT_DAYS),
        "fee_basis": details["basis"],
        "count_text": count_text,
    }


def _reasons(case: Case, details: dict[str, str]) -> dict[str, Any]:
    return {"due_text": optional_date(details["due_on"])}  # Reg. art. 35


def _deferral(case: Case, details: dict[str, str]) -> dict[str, Any]:
    return {
        "until_text": optional_date(details["until"]),
        "reasons_requested_text": optional_date(details["reasons_requested_on"]),
    }


def _termination(case: Case, details: dict[str, str]) -> dict[str, Any]:
    draft = case.decisions.draft
    lapsed_fee = draft is not None and draft.outcome == "fee_lapsed"
    notice = DocumentKind.FEE_NOTICE if lapsed_fee else DocumentKind.CORRECTION_NOTICE
    return {
        "notice_title": notice.heading,
        "notice_text": optional_date(details["notice_on"]),
        "window_ended_text": optional_date(details["window_ended_on"]),
    }


def _delivery(case: Case, details: dict[str, str]) -> dict[str, Any]:
    draft, delivery = case.decisions.draft, case.decisions.reply.delivery
    assert draft is not None and delivery is not None
    return {
        "document_title": decision_kind(
            draft.outcome, reopened=bool(case.decisions.reopenings)
        ).heading,
        "made_text": optional_date(details["made_on"]),
        "signed_text": chinese_date(delivery.signed_on) if delivery.signed_on else "",
    }


_FORMATTERS: dict[DocumentKind, Callable[[Case, dict[str, str]], dict[str, Any]]] = {
    DocumentKind.ACKNOWLEDGEMENT: _acknowledgement,
    DocumentKind.CORRECTION_NOTICE: _correction,
    DocumentKind.THIRD_PARTY_CONSULTATION: _consultation,
    DocumentKind.AGENCY_CONSULTATION: _consultation,
    DocumentKind.EXTENSION_NOTICE: _extension,
    DocumentKind.FEE_NOTICE: _fee,
    DocumentKind.REASONS_REQUEST: _reasons,
    DocumentKind.DEFERRAL_NOTICE: _deferral,
    DocumentKind.TERMINATION: _termination,
    DocumentKind.DELIVERY_RECORD: _delivery,
    DocumentKind.DISCLOSURE_NOTICE: _disclosure,
    DocumentKind.CONSULTATION_NOTICE: _consultation_notice,
    DocumentKind.WITHDRAWAL_NOTICE: _withdrawal,
    DocumentKind.RE_REPLY: _re_reply,
}
