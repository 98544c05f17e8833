"""Who may read a case's progress on the public status page (issue 19).

The applicant proves to be the applicant with the query code (查询码) printed on the 登记回执
plus their name or the last four digits of their phone.  Nothing else of the record is public:
the personal information of the applicant and of third parties is protected (Reg. art. 15),
so the page shows only the state, the dates and the reply's number.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from casework.domain.case.records import Applicant

QUERY_CODE = re.compile(r"[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}")
PHONE_DIGITS = 4


@dataclass(frozen=True)
class PublicCaseFacts:
    """The few columns of a case row the status page reads (an indexed lookup by query code):
    the applicant's name and contact to check the answer, the rest to show."""

    name: str
    contact: str
    state: str
    received_on: date
    reply_due_on: date | None
    clock_status: str | None
    due_provisional: bool
    reply_number: str | None
    concluded_on: date | None

    @property
    def applicant(self) -> Applicant:
        return Applicant(name=self.name, applicant_type="", contact=self.contact)


def normalise_query_code(text: str) -> str | None:
    """The code as stored (upper case, no spaces), or None when it cannot be a query code."""
    code = unicodedata.normalize("NFKC", text).strip().replace(" ", "").upper()
    return code if QUERY_CODE.fullmatch(code) else None


def answers_for(applicant: Applicant, answer: str) -> bool:
    """True when ``answer`` is the applicant's name or the last four digits of the phone in
    their contact details (full-width digits and spaces are forgiven)."""
    given = unicodedata.normalize("NFKC", answer).strip()
    if not given:
        return False
    if given.isdigit() and len(given) == PHONE_DIGITS:
        digits = "".join(
            ch for ch in unicodedata.normalize("NFKC", applicant.contact) if ch.isdigit()
        )
        return len(digits) >= PHONE_DIGITS + 3 and digits[-PHONE_DIGITS:] == given
    return " ".join(given.split()) == " ".join(applicant.name.split())
