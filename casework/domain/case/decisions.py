"""The typed, dated decisions of a case: one frozen record per clerk decision, with its article.

A case holds what was decided on it as records, never as a free-form dictionary: every
clock-changing decision has its own required fields (design.md, "The case record").  The
records are immutable; an action replaces a record (``dataclasses.replace``) and the case holds
the new ``CaseDecisions``.  ``casework.domain.case.storage`` is the one place that maps them
to and from the JSON column of the case row.

The decisions of one reply round (draft, review outcome, issue, delivery, extension, deferral,
the request for reasons, archive) sit in ``ReplyRound``: a reconsideration decision or judgment
ordering a new reply (ARL art. 64; ALL art. 70) closes the round and starts a new one, and the
closed round stays on file in ``reopenings`` with the reopening that ended it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from casework.domain.case.endings import ObjectionOverride
from casework.domain.case.endings import Withdrawal as Withdrawal  # noqa: PLC0414 - its old home
from casework.domain.case.reopening import Reopening
from casework.domain.case.requests import PARTY_KINDS, Consultation, CorrectionRequest

__all__ = ["PARTY_KINDS", "Consultation", "CorrectionRequest"]


@dataclass(frozen=True)
class Extension:
    """延期答复 (Reg. art. 33 para. 2): once, at most 20 working days, approved by the head of the
    disclosure office before the due date; ``new_due_on`` is the date the applicant is told."""

    days: int
    reason: str
    approved_by: str
    approved_on: date
    new_due_on: date | None = None
    stopped_days: int | None = None  # art. 33 para. 3: working days not counted, as told


@dataclass(frozen=True)
class ExtensionRequest:
    """延期申请 (Reg. art. 33 para. 2): a clerk asks for an extension; only the head of the
    disclosure office, acting under their own identity (``approve-extension``), grants it
    (domain.md §7).  Until then the reply period is unchanged."""

    days: int
    reason: str
    requested_by: str
    requested_on: date


@dataclass(frozen=True)
class ExtensionRefusal:
    """延期申请未获同意 (Reg. art. 33 para. 2): the head of the disclosure office did not
    consent to a clerk's ``request``; ``reason`` is the head's.  The period stays as it was;
    a new request is possible while the law allows one (no extension yet, before the due
    date)."""

    request: ExtensionRequest
    refused_by: str
    refused_on: date
    reason: str


@dataclass(frozen=True)
class FeeNotice:
    """收费通知 and payment (Reg. art. 42; Fee, domain.md §1.6): one method per application; the
    clock stops from the notice until payment, and 20 working days without payment lapse.

    ``amount`` is the decimal amount as text (yuan); ``arithmetic`` how it was computed.
    The payment: ``paid_amount`` (text, yuan), the receipt's number ``receipt_number``
    (票据号码, the non-tax revenue receipt the agency issues) and ``paid_by`` (how it was
    paid: one of ``PAYMENT_METHODS``).  Rows stored before these fields read with their defaults.
    """

    notified_on: date
    amount: str
    method: str = ""
    pages: int | None = None
    ordinal_in_month: int | None = None
    arithmetic: str = ""
    basis: str = ""
    number: str | None = None
    notice_received_on: date | None = None
    paid_on: date | None = None
    lapsed_on: date | None = None
    paid_amount: str | None = None
    receipt_number: str | None = None
    paid_by: str | None = None
    stops_clock: bool | None = None  # the notice told the applicant the clock stops

    @property
    def amount_differs(self) -> bool:
        """A payment was recorded with an amount other than the notice's (flagged, Fee)."""
        if self.paid_amount is None:
            return False
        return Decimal(self.paid_amount) != Decimal(self.amount)


PAYMENT_METHODS = ("cash", "bank-transfer", "pos", "online")


@dataclass(frozen=True)
class ReasonsRequest:
    """说明理由通知 (Reg. art. 35): the applicant is asked to state reasons for a request far
    beyond the usual; the reply clock keeps running (only a deferral moves it)."""

    requested_on: date
    period_days: int
    due_on: date
    concern: str


@dataclass(frozen=True)
class Deferral:
    """延迟答复 (Reg. art. 35): the reasons the applicant gave (received ``reasons_received_on``,
    within the period of the request of ``reasons_requested_on``) are reasonable but the art.
    33 period too short, so the agency fixes a reasonable later date ``until`` and tells the
    applicant.  Both dates are absent only on deferrals recorded before they were required."""

    until: date
    reason: str
    decided_on: date
    reasons_requested_on: date | None = None
    reasons_received_on: date | None = None


@dataclass(frozen=True)
class Draft:
    """拟稿 (Reg. arts. 36-39): the chosen outcome and the facts its letter prints.

    ``facts`` maps the outcome catalogue's fact names (``search_process``, ``reasons`` …,
    domain.md §1.7) to the clerk's text: their names are data (workflows/outcomes.yaml), so
    they stay a mapping, read through ``fact``.
    """

    outcome: str
    drafter: str
    drafted_on: date
    facts: Mapping[str, str] = field(default_factory=dict)

    def fact(self, name: str) -> str:
        """The clerk's text for the catalogue fact ``name``; empty when not given."""
        return self.facts.get(name) or ""


@dataclass(frozen=True)
class Review:
    """退回修改 (审核, Reg. art. 45; seed 002): the reviewer sent the draft back with a comment."""

    returned_on: date
    by: str
    comment: str


@dataclass(frozen=True)
class Approval:
    """审签 (seed 002; Reg. art. 45): approved by a user other than the drafter."""

    approved_on: date
    by: str


DELIVERY_METHODS = ("post", "in-person", "electronic")


@dataclass(frozen=True)
class Delivery:
    """送达 (Delivery, domain.md §2.4): the reply counts as made on the day it is handed over or
    handed to the post; ``on_time`` compares that day with the reply due date ``due_on``.

    ``signed_on`` is the applicant's signature, known at delivery or recorded later
    (``signed_recorded_on``, the day the clerk learnt it).  Electronic delivery records the
    applicant's consent to it (``consent``: how and when it was given) and the address the
    reply went to (``address``: e-mail or platform account).  Rows stored before these fields
    read with their defaults.
    """

    method: str
    made_on: date
    on_time: bool
    tracking: str | None = None
    signed_on: date | None = None
    due_on: date | None = None
    signed_recorded_on: date | None = None
    consent: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class Archive:
    """归档 (Reg. art. 45; domain.md §5): the case is frozen with a checksum over its record."""

    archived_on: date
    sha256: str


@dataclass(frozen=True)
class ReplyRound:
    """The decisions of one round of handling, from the request for reasons to the archive."""

    draft: Draft | None = None
    approval: Approval | None = None
    issued_on: date | None = None
    concluded_on: date | None = None
    delivery: Delivery | None = None
    archive: Archive | None = None
    extension: Extension | None = None
    deferral: Deferral | None = None
    reasons_request: ReasonsRequest | None = None
    override: ObjectionOverride | None = None
    extension_request: ExtensionRequest | None = None
    extension_refusals: tuple[ExtensionRefusal, ...] = ()


@dataclass(frozen=True)
class ClosedRound:
    """A reply round that a reopening closed: its decisions, outcome and reply number, kept as
    issued (its letters are checked against them, never against a later round)."""

    reopening: Reopening
    previous: ReplyRound
    outcome: str | None = None
    reply_number: str | None = None


@dataclass(frozen=True)
class CaseDecisions:
    """Everything decided on a case after registration.

    Corrections, consultations, the fee and the reviewers' returns belong to the application
    and survive a reopening; ``reply`` is the current round; ``reopenings`` the closed rounds,
    oldest first.  ``last_action_on`` is the effective date of the latest action (no action
    may be dated before it).
    """

    corrections: tuple[CorrectionRequest, ...] = ()
    consultations: tuple[Consultation, ...] = ()
    fee: FeeNotice | None = None
    reviews: tuple[Review, ...] = ()
    withdrawal: Withdrawal | None = None
    reply: ReplyRound = ReplyRound()
    reopenings: tuple[ClosedRound, ...] = ()
    last_action_on: date | None = None

    # --- reading -------------------------------------------------------------------------
    @property
    def last_correction(self) -> CorrectionRequest | None:
        return self.corrections[-1] if self.corrections else None

    @property
    def reopening(self) -> Reopening | None:
        """The reopening that started the current round, if any."""
        return self.reopenings[-1].reopening if self.reopenings else None

    @property
    def draft(self) -> Draft | None:
        return self.reply.draft

    @property
    def open_consultations(self) -> int:
        return sum(1 for c in self.consultations if c.is_open)

    @property
    def moves_alerts(self) -> bool:
        """Whether anything here bears on the case's alerts beyond its state and stored dates
        (open windows, an issued reply awaiting delivery)."""
        return bool(
            self.corrections
            or self.consultations
            or self.fee
            or self.reply.issued_on
            or self.reply.delivery
        )

    # --- changing (each returns a new record) ---------------------------------------------
    def with_reply(self, **changes: Any) -> CaseDecisions:
        """The current round with ``changes`` (draft=…, issued_on=…)."""
        return replace(self, reply=replace(self.reply, **changes))

    def with_correction(self, request: CorrectionRequest) -> CaseDecisions:
        return replace(self, corrections=(*self.corrections, request))

    def with_last_correction(self, **changes: Any) -> CaseDecisions:
        last = self.corrections[-1]
        return replace(self, corrections=(*self.corrections[:-1], replace(last, **changes)))

    def with_consultation(self, consultation: Consultation) -> CaseDecisions:
        return replace(self, consultations=(*self.consultations, consultation))

    def with_consultation_at(self, index: int, **changes: Any) -> CaseDecisions:
        updated = list(self.consultations)
        updated[index] = replace(updated[index], **changes)
        return replace(self, consultations=tuple(updated))

    def with_fee(self, **changes: Any) -> CaseDecisions:
        assert self.fee is not None
        return replace(self, fee=replace(self.fee, **changes))

    def reopened(
        self, reopening: Reopening, outcome: str | None, reply_number: str | None
    ) -> CaseDecisions:
        """The current round closed by ``reopening``; a new, empty round starts."""
        closed = ClosedRound(reopening, self.reply, outcome, reply_number)
        return replace(self, reply=ReplyRound(), reopenings=(*self.reopenings, closed))

    def as_in_round(self, round_index: int) -> CaseDecisions:
        """The record as it stood in round ``round_index`` (0 = the first handling): that
        round's decisions and the reopenings before it; the application's own decisions
        (corrections, consultations, fee) as recorded."""
        if round_index >= len(self.reopenings):
            return self
        return replace(
            self,
            reply=self.reopenings[round_index].previous,
            reopenings=self.reopenings[:round_index],
        )
