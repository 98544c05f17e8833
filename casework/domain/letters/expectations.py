"""What each letter of a case must carry, built from the case record for the checker.

The checker (``casework.domain.letters.check``) compares the text read back from the rendered
``.docx`` with this expectation, never with the context that produced the file: a template a
legal officer edited in Word, or a catalogue paragraph that lost a placeholder, shows up as a
failed element (domain.md §5).  Pure: no files, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from casework.domain.agency import AgencyProfile
from casework.domain.case.records import Case
from casework.domain.letters.check import Expectation
from casework.domain.letters.content import decision
from casework.domain.letters.documents import DocumentKind, LetterSubject
from casework.domain.letters.particulars import (
    correction_received_on,
    particulars,
    quoted_as_of,
    request_as_of,
)
from casework.domain.workflow.catalogue import OutcomeCatalogue
from casework.domain.workflow.outcomes import Remedy


def letter_expectation(
    case: Case,
    subject: LetterSubject,
    profile: AgencyProfile,
    catalogue: OutcomeCatalogue,
    *,
    people: Mapping[str, str] | None = None,
    register: Mapping[str, str] | None = None,
) -> Expectation:
    """The elements ``subject`` must carry according to ``case`` (LETTER_API.md); ``people``
    maps logins to names, as the letter printed them (``particulars``); ``register`` is what
    the register says of the earlier case a repeat reply cites (Reg. art. 36 item 6)."""
    kind = subject.kind
    chosen = decision(case, catalogue, profile) if kind.is_decision else None
    # Reg. art. 30: a letter dated from the correction on quotes the corrected request.
    as_of = quoted_as_of(case, subject)
    corrected = correction_received_on(case, as_of)
    remedy = chosen.outcome.remedy_for(chosen.ground) if chosen else None
    if kind is DocumentKind.DISCLOSURE_NOTICE:  # the third party's remedies (Reg. art. 32)
        remedy = Remedy.EITHER
    return Expectation(
        kind=kind.value,
        final=subject.final,
        number=subject.number if subject.final else None,
        doc_code=profile.doc_code,
        applicant_name=case.applicant.name,
        agency_name=profile.name,
        dated_on=subject.dated_on,
        received_on=None if kind is DocumentKind.DELIVERY_RECORD else case.received_on,
        correction_received_on=(
            date.fromisoformat(corrected)
            if corrected and kind is not DocumentKind.DELIVERY_RECORD
            else None
        ),
        description=request_as_of(case, as_of),
        outcome=chosen.outcome if chosen else None,
        ground=chosen.ground if chosen else None,
        facts=chosen.facts if chosen else {},
        remedy=remedy,
        reconsideration_organ=profile.reconsideration_organ,
        court=profile.court,
        details={
            **particulars(case, subject, people),
            **(register if register and kind.is_decision else {}),
        },
        expects_seal_image=profile.seal_image is not None,
        title_agency=profile.name if profile.title_names_agency else "",
        addressed_as=profile.addressing(case.applicant.applicant_type),
        contact_person=profile.contact_person,
        phone=profile.phone,
    )
