"""The reviewer's queue (issue 20): what waits for a reviewer or the head of the office.

Two kinds of item wait for someone other than the clerk who handles the case:

- a **draft** awaiting 审核/审签 (seed 002: review and sign-off by other hands; Reg. art. 45),
  shown to users with a reviewer role, the roles ``approve`` requires (``review.REVIEWERS``);
- an **extension** a clerk asked for, awaiting the consent of the head of the disclosure office
  (Reg. art. 33 para. 2), shown only to the head (the role ``approve-extension`` requires).

Four eyes: a reviewer never finds their own draft in the queue, because ``approve`` refuses it
(workflow condition ``approver_is_not_drafter``); the queue lists only what its reader may act
on.  Only cases of the agencies the user works for are listed (``[users.X] agencies``, as the
actions check them; PostgreSQL's row security narrows it further for database logins).
Ordered by reply due date, then case number.  The candidates are read in one query
(``CaseRepository.awaiting_review``) and their clocks computed as ``show`` computes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from casework.domain.agency import UserProfile
from casework.domain.case.records import Case
from casework.domain.clock.case import case_reply_clock
from casework.domain.clock.model import ReplyClock
from casework.errors import ActionNotAllowedError
from casework.services.actions.periods import HEADS
from casework.services.clocks import CalendarCache
from casework.services.context import ServiceContext
from casework.services.ports import UnitOfWork
from casework.services.review import REVIEWERS

DRAFT, EXTENSION = "draft", "extension"
KIND_LABELS = {DRAFT: "审签", EXTENSION: "延期"}
AGENCY_FIELD = "--agency（机关）"


@dataclass(frozen=True)
class QueueItem:
    """One thing awaiting a decision.  ``kind``: ``draft`` (a draft awaiting 审核/审签, the
    case under review) or ``extension`` (a clerk's extension request awaiting the head).
    ``due`` is the current reply due date; for a stopped clock (a consultation or fee notice,
    Reg. art. 33 para. 3), which has none, the earliest day it can fall on: today plus the
    working days left.  ``days_left`` counts working days as ``show`` does (negative when
    overdue); ``provisional`` is ``show``'s marker of a date resting on a year without
    published calendar data (domain.md §2.1)."""

    reference: str
    agency: str
    kind: str
    applicant: str
    description: str
    outcome: str | None
    drafted_by: str | None
    requested_on: date
    due: date
    days_left: int
    provisional: bool


def review_queue(
    uow: UnitOfWork, ctx: ServiceContext, *, today: date | None = None, agency: str | None = None
) -> list[QueueItem]:
    """The queue of the acting user (``ctx.actor``) as of ``today`` (default: ctx's today),
    of ``agency`` only when given."""
    on = today or ctx.today
    agencies = visible_agencies(ctx, agency)
    reviews, heads = holds_role(ctx, REVIEWERS), holds_role(ctx, HEADS)
    if not (reviews or heads):
        return []
    draft_states = _sources(ctx, "approve") if reviews else ()
    extension_states = _sources(ctx, "approve-extension") if heads else ()
    items: list[QueueItem] = []
    with uow:
        calendars = CalendarCache(uow, ctx)
        for case in uow.cases.awaiting_review(agencies, draft_states, extension_states):
            clock = case_reply_clock(case, calendars.for_agency(case.agency), ctx.clock_rules, on)
            due = clock.due_on or calendars.for_agency(case.agency).add_working_days(
                on, max(clock.working_days_left, 0)
            )
            if case.state in draft_states:
                items += _draft_item(ctx, case, clock, due)
            if case.state in extension_states:
                items += _extension_item(case, clock, due)
    return sorted(items, key=lambda item: (item.due, item.reference, item.agency, item.kind))


def visible_agencies(ctx: ServiceContext, agency: str | None) -> tuple[str, ...]:
    """The agencies whose cases the user may see: those of ``[users.X] agencies`` (all when
    none are listed), ``agency`` alone when given; an agency outside them is refused."""
    user = _user(ctx)
    allowed = tuple(sorted(ctx.agencies))
    if user is not None and user.agencies:
        allowed = tuple(sorted(user.agencies))
    if agency is None:
        return allowed
    code = ctx.agency(agency)[0]
    if code not in allowed:
        raise ActionNotAllowedError(
            f"用户「{ctx.actor}」不负责机关「{code}」的案件", field=AGENCY_FIELD
        )
    return (code,)


def holds_role(ctx: ServiceContext, roles: frozenset[str]) -> bool:
    """Whether the actor holds one of ``roles``; without ``[users]`` the one user of a
    single-user office holds every role (as ``workflow_support.check_user`` decides)."""
    user = _user(ctx)
    return user is None or bool(roles & set(user.roles))


def _user(ctx: ServiceContext) -> UserProfile | None:
    if not ctx.users:
        return None
    user = ctx.users.get(ctx.actor)
    if user is None:
        raise ActionNotAllowedError(
            f"用户「{ctx.actor}」未在配置的用户中登记，不能查看待审事项", field="--user（经办人）"
        )
    return user


def _sources(ctx: ServiceContext, trigger: str) -> tuple[str, ...]:
    """The states ``trigger`` leaves from, as the workflow definition says."""
    found = {s for t in ctx.flow.definition.transitions if t.trigger == trigger for s in t.source}
    return tuple(sorted(found))


def _draft_item(ctx: ServiceContext, case: Case, clock: ReplyClock, due: date) -> list[QueueItem]:
    draft = case.decisions.draft
    # Seed 002 (审核、审签 by other hands): the drafter's own draft is not theirs to approve.
    if draft is None or draft.drafter == ctx.actor:
        return []
    return [_item(case, DRAFT, draft.outcome, draft.drafter, draft.drafted_on, clock, due)]


def _extension_item(case: Case, clock: ReplyClock, due: date) -> list[QueueItem]:
    reply = case.decisions.reply
    request = reply.extension_request
    if request is None or reply.extension is not None:
        return []
    return [_item(case, EXTENSION, None, request.requested_by, request.requested_on, clock, due)]


def _item(  # noqa: PLR0917 - the fields of one row
    case: Case,
    kind: str,
    outcome: str | None,
    by: str,
    on: date,
    clock: ReplyClock,
    due: date,
) -> QueueItem:
    return QueueItem(
        reference=case.number,
        agency=case.agency,
        kind=kind,
        applicant=case.applicant.name,
        description=case.description,
        outcome=outcome,
        drafted_by=by,
        requested_on=on,
        due=due,
        days_left=clock.working_days_left,
        provisional=case.due_provisional,
    )
