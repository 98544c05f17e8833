"""Looking cases up: one case by number or query code, lists, and the journal.

Read-only: each service takes any :class:`~casework.services.read_ports.ReadUnitOfWork`, the
full unit of work (the staff API, the review desk) or the Core reader of ``show``, ``history``
and ``list`` (issue #18), and writes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from casework.domain.case.endings import (
    IMPORTED_ARCHIVE_NOTE,
    CaseEnding,
    imported_without_bundle,
)
from casework.domain.clock.case import case_reply_clock
from casework.services.clocks import working_calendar
from casework.services.guard_facts import guard_facts_on
from casework.services.lookup import find_case

if TYPE_CHECKING:
    from casework.domain.case.attachments import Attachment
    from casework.domain.case.records import Case, CaseEvent
    from casework.domain.clock.model import ReplyClock
    from casework.services.context import ServiceContext
    from casework.services.ports import CaseFilter, CaseRow
    from casework.services.read_ports import ReadUnitOfWork


@dataclass(frozen=True)
class CaseOverview:
    case: Case
    clock: ReplyClock
    allowed_actions: list[str]
    # Journal entries whose actor was only declared (--user on a shared workstation), not
    # authenticated (issue 15): their count and the users named.
    declared_entries: int = 0
    declared_users: tuple[str, ...] = ()
    attachments: list[Attachment] = field(default_factory=list)  # issue 17, oldest first
    ending: CaseEnding | None = None  # voided or withdrawn: how, when and why
    archive_note: str | None = None  # an archived case without a bundle says why


def show_case(
    uow: ReadUnitOfWork, ctx: ServiceContext, reference: str, agency: str | None = None
) -> CaseOverview:
    """The case, its reply clock as of today with the derivation, and the actions allowed."""
    with uow:
        case = find_case(uow, reference, agency, ctx.default_agency)
        calendar = working_calendar(uow, ctx, case.agency)
        clock = case_reply_clock(case, calendar, ctx.clock_rules, ctx.today)
        allowed: list[str] = []
        if ctx.machine is not None:
            guard = guard_facts_on(case, ctx, calendar, ctx.today)
            allowed = ctx.machine.allowed_actions(case, guard)
        assert case.id is not None
        events = uow.events.for_case(case.id)
        declared = [e.actor for e in events if e.identity == "declared"]
        return CaseOverview(
            case,
            clock,
            allowed,
            len(declared),
            tuple(sorted(set(declared))),
            uow.attachments.for_case(case.id),
            case_ending(case, events),
            archive_note(case, events),
        )


def case_ending(case: Case, events: list[CaseEvent]) -> CaseEnding | None:
    """A voided registration (its reason from the void's journal entry) or a withdrawal."""
    if case.state == "voided":
        voids = [e for e in events if e.action == "void"]
        reason = voids[-1].data.get("reason") if voids else None
        return CaseEnding("voided", case.decisions.reply.concluded_on, reason)
    withdrawal = case.decisions.withdrawal
    if withdrawal is None:
        return None
    return CaseEnding("withdrawn", withdrawal.withdrawn_on, withdrawal.reason, withdrawal.how)


def archive_note(case: Case, events: list[CaseEvent]) -> str | None:
    """Issue 17: a finished case of an imported 台账 says why it has no archive bundle."""
    return IMPORTED_ARCHIVE_NOTE if imported_without_bundle(case, events) else None


def list_cases(uow: ReadUnitOfWork, query: CaseFilter) -> list[Case]:
    with uow:
        return uow.cases.list(query)


def count_cases(uow: ReadUnitOfWork, query: CaseFilter) -> int:
    with uow:
        return uow.cases.count(query)


def case_rows(uow: ReadUnitOfWork, query: CaseFilter) -> Iterator[CaseRow]:
    """The list columns of the cases ``query`` selects, streamed (one read transaction)."""
    with uow:
        yield from uow.cases.rows(query)


def stream_cases(uow: ReadUnitOfWork, query: CaseFilter) -> Iterator[Case]:
    """The cases ``query`` selects, streamed a chunk at a time (one read transaction)."""
    with uow:
        yield from uow.cases.stream(query)


def case_history(
    uow: ReadUnitOfWork,
    reference: str,
    agency: str | None = None,
    default_agency: str | None = None,
) -> tuple[Case, list[CaseEvent]]:
    with uow:
        case = find_case(uow, reference, agency, default_agency)
        assert case.id is not None
        return case, uow.events.for_case(case.id)
