"""The case record, its applicant and its journal events as plain domain objects.

These classes carry no persistence code: ``casework.adapters.orm`` maps them imperatively, so
the domain and the services work with them without importing SQLAlchemy.  A case row keeps its
current state and its *stored* derived dates (reply due date, next deadline) so that lists and
alerts are indexed queries; the event journal is the audit trail behind them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from casework.domain.case.chain import ChainLink
from casework.domain.case.decisions import CaseDecisions


@dataclass(eq=False)
class Applicant:
    """The applicant of Reg. art. 29 para. 2 item 1: name, identity proof and contact."""

    name: str
    applicant_type: str
    id_type: str | None = None
    id_number: str | None = None
    contact: str = ""
    address: str = ""
    id: int | None = None


@dataclass(eq=False)
class Case:
    """One application (申请) from registration to archive.

    ``received_on`` is the art. 31 receipt date; ``arrived_on`` the day it physically arrived;
    ``receipt`` the facts that fixed the receipt date (channel rule, rest-day rule).
    ``decisions`` holds the typed, dated records of later actions (corrections, consultations,
    extension, fees, the draft and its reply round; ``casework.domain.case.decisions``).
    """

    agency: str
    number: str
    year: int
    seq: int
    query_code: str
    state: str
    workflow: str
    workflow_version: str
    applicant: Applicant
    channel: str
    received_on: date
    description: str
    handler: str
    created_at: datetime
    updated_at: datetime
    arrived_on: date | None = None
    form: str | None = None
    delivery: str | None = None
    assistance: str | None = None
    receipt: dict[str, Any] = field(default_factory=dict)
    decisions: CaseDecisions = field(default_factory=CaseDecisions)
    outcome: str | None = None
    reply_number: str | None = None
    reply_due_on: date | None = None
    concluded_on: date | None = None
    next_deadline_on: date | None = None
    next_deadline_kind: str | None = None
    clock_status: str | None = None
    due_provisional: bool = False
    id: int | None = None
    version: int = 0
    # The text ``casework search`` finds the case by (casework.domain.case.search), kept by
    # the storage adapter on every write.
    search_text: str | None = None


@dataclass(eq=False)
class CaseEvent:
    """One entry of the append-only journal: who did what, when, and what changed.

    ``recorded_at`` is when it was written (timezone-aware, Asia/Shanghai); ``effective_on`` the
    date the clerk gave for it (the legal date, which clocks use).  ``prev_hash`` and
    ``event_hash`` chain the case's journal (``casework.domain.case.chain``); the journal port
    fills them when the event is appended.
    """

    case_id: int
    seq: int
    action: str
    actor: str
    recorded_at: datetime
    effective_on: date
    state_before: str | None
    state_after: str
    data: dict[str, Any] = field(default_factory=dict)
    # How the actor was known when the entry was written (issue 15): "database" (the
    # PostgreSQL login), "os" (the operating-system login), "declared" (named by --user on a
    # shared workstation, not authenticated), "system" (the alert sweep); None before 0011.
    identity: str | None = None
    prev_hash: str | None = None
    event_hash: str | None = None
    id: int | None = None


def chain_link(event: CaseEvent, agency: str, case_number: str) -> ChainLink:
    """``event`` as a link of its case's hash chain (``casework.domain.case.chain``)."""
    return ChainLink(
        agency=agency,
        case_number=case_number,
        seq=event.seq,
        action=event.action,
        actor=event.actor,
        recorded_at=event.recorded_at,
        effective_on=event.effective_on,
        state_before=event.state_before,
        state_after=event.state_after,
        data=event.data,
        prev_hash=event.prev_hash,
        event_hash=event.event_hash,
        identity=event.identity,
    )
