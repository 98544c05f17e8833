"""The requests a case sends out and their answers: the correction notice (补正, Reg. arts.
29–30) and the written consultation (征求意见, Reg. arts. 32, 34).  Re-exported by
``casework.domain.case.decisions``, the home of every typed decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Reg. art. 29 para. 2: the elements of an application a correction may ask for, besides an
# unclear description (art. 30): the citation of each.
CORRECTION_ELEMENTS: dict[str, str] = {
    "identity": "第二十九条第二款第（一）项",
    "contact": "第二十九条第二款第（一）项",
    "form": "第二十九条第二款第（三）项",
    "delivery": "第二十九条第二款第（三）项",
}


@dataclass(frozen=True)
class CorrectionRequest:
    """补正告知 and its answer (Reg. art. 30): sent within 7 working days of receipt, every item
    at once; the applicant's correction restarts the reply period, silence past the period
    means the application is abandoned.

    ``deadline`` is the last day to send the notice; ``notice_received_on`` the applicant's
    receipt of it (the period runs from there, domain.md §1.3); ``number`` the notice's 字号.
    """

    requested_on: date
    period_days: int
    items: str = ""  # the items as one text, one a line (rows stored before ``entries``)
    late: bool = False
    late_reason: str | None = None
    deadline: date | None = None
    number: str | None = None
    notice_received_on: date | None = None
    received_on: date | None = None
    lapsed_on: date | None = None
    # Reg. art. 30 (一次性告知): every item, one entry each; Reg. art. 29 para. 2: the
    # application elements missing (``CORRECTION_ELEMENTS``); the applicant's last day
    # counted from the day the notice is sent (later receipt extends it accordingly).
    entries: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    due_on: date | None = None
    # Reg. art. 30: what the applicant corrected; later letters quote the corrected request.
    corrected_description: str | None = None
    corrected_facts: str | None = None  # other corrected facts (contact, form, …)

    @property
    def item_texts(self) -> tuple[str, ...]:
        """Each item the notice lists: the entries, or the lines of a row stored before them."""
        if self.entries or self.missing:
            return self.entries
        return tuple(line.strip() for line in self.items.splitlines() if line.strip())

    @property
    def answered(self) -> bool:
        """The correction came back, or its period ran out."""
        return self.received_on is not None or self.lapsed_on is not None


PARTY_KINDS = ("third-party", "agency")


@dataclass(frozen=True)
class Consultation:
    """征求意见 and the opinion (Reg. art. 32 third party, art. 34 another agency): the written
    consultation stops the reply clock (art. 33 para. 3) until the answer or the window's end.

    ``party_kind`` is ``third-party`` or ``agency``; ``deemed_consent`` is set when another
    agency stayed silent (art. 34: silence counts as consent).
    """

    party: str
    party_kind: str
    sent_on: date
    window_ends_on: date
    party_received_on: date | None = None
    ended_on: date | None = None
    opinion: str | None = None
    deemed_consent: bool | None = None
    # Reg. art. 32 (domain.md §1.4): which part concerns the third party and why disclosure
    # may harm it, as the consultation letter states it.
    concern: str | None = None

    @property
    def is_open(self) -> bool:
        return self.ended_on is None
