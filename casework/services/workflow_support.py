"""The shared frame of every clerk action: one unit of work around one workflow transition.

An action loads the case, checks the effective date and the user's role, lets the action
record its dated decision, fires the transition (whose conditions see that decision),
recomputes the stored dates and appends one journal event — then commits.  Any refusal raises
before the commit, so the case, its events and its numbers stay exactly as they were.  The
frame owns the action's letters: a step renders them through ``ActionEnv.render``, the journal
entry lists them, and their bytes go to the document store in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from casework.domain.agency import ROLE_LABELS
from casework.domain.calendar.working import WorkingCalendar
from casework.domain.case.records import Case, CaseEvent
from casework.domain.letters.documents import DocumentKind
from casework.domain.workflow.guards import GuardFacts
from casework.errors import ActionNotAllowedError, ConflictError, ValidationError
from casework.services.attachment_store import AttachmentRequest, store_attachments
from casework.services.clocks import refresh_dates, working_calendar
from casework.services.context import ServiceContext
from casework.services.guard_facts import guard_facts_on
from casework.services.letters import LetterBatch
from casework.services.lookup import find_case
from casework.services.ports import UnitOfWork

ON_FIELD = "--on（生效日期）"
# The legal date of an action is the clerk's to give (a notice received by post is recorded
# when the return receipt comes back), but one more than two working weeks back is unusual
# enough to be flagged in the journal and pointed out (issue 14: backdating).
BACKDATE_NOTICE_DAYS = 10
CONFLICT = "案件已被他人修改，请刷新后重试"


@dataclass(frozen=True)
class ActionEnv:
    """What an action's own step may use besides the case."""

    uow: UnitOfWork
    ctx: ServiceContext
    calendar: WorkingCalendar
    on: date
    letters: LetterBatch | None = None

    def render(
        self,
        case: Case,
        kind: DocumentKind,
        *,
        ordinal: int,
        final: bool = True,
        number: str | None = None,
    ) -> list[dict[str, str | None]]:
        """Render one letter of ``case`` dated the action's date; its journal entry."""
        assert self.letters is not None, "only an action's step renders letters"
        return self.letters.render(
            self.uow, case, kind, self.on, ordinal=ordinal, final=final, number=number
        )


@dataclass(frozen=True)
class ActionResult:
    case: Case
    event: CaseEvent


Step = Callable[[Case, ActionEnv], dict[str, Any]]


def run_action(  # noqa: PLR0917 - the one frame every action shares
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    action: str,
    on: date | None,
    step: Step,
    *,
    agency: str | None = None,
    roles: frozenset[str] = frozenset(),
    attach: AttachmentRequest | None = None,
) -> ActionResult:
    """Perform ``action`` on the case ``reference`` as of ``on`` (default: today); the letters
    its step renders and the files of ``attach`` are stored with it, in its unit of work."""
    batch = LetterBatch(ctx, attach)
    return _perform(uow, ctx, reference, action, on or ctx.today, step, agency, roles, batch)


def _perform(  # noqa: PLR0917 - run_action's arguments and its letter batch
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    action: str,
    effective_on: date,
    step: Step,
    agency: str | None,
    roles: frozenset[str],
    batch: LetterBatch,
) -> ActionResult:
    with uow:
        case = find_case(uow, reference, agency, ctx.default_agency)
        assert case.id is not None
        if ctx.expected_version is not None and case.version != ctx.expected_version:
            raise ConflictError(CONFLICT)
        check_user(ctx, case.agency, action, roles)
        check_effective_date(case, effective_on, ctx.today)
        calendar = working_calendar(uow, ctx, case.agency)
        env = ActionEnv(uow, ctx, calendar, effective_on, batch)
        guard = guard_facts(case, env)
        if not any(
            t.trigger == action and case.state in t.source for t in ctx.flow.definition.transitions
        ):
            # Not possible from this state at all: let the machine explain it (state and the
            # actions possible now) before the action's own checks run.
            ctx.flow.fire(case, action, guard)
        data = step(case, env)
        late = calendar.working_days_between(effective_on, ctx.today)
        if late > BACKDATE_NOTICE_DAYS:
            data = {**data, "backdated_working_days": late}
        if batch.stored:
            data = {**data, "documents": [d.journal_entry() for d in batch.stored]}
        if batch.attach is not None:  # issue 17: the action's attachments, in its transaction
            seq = uow.events.next_seq(case.id)
            data = {**data, "attachments": store_attachments(uow, ctx, case, batch.attach, seq)}
        case.decisions = replace(case.decisions, last_action_on=effective_on)
        # Conditions about open consultations look at the state *after* this action's record.
        guard = replace(guard, open_consultations=case.decisions.open_consultations)
        before, after = ctx.flow.fire(case, action, guard)
        refresh_dates(case, calendar, ctx)
        case.updated_at = ctx.now
        event = CaseEvent(
            case_id=case.id,
            seq=uow.events.next_seq(case.id),
            action=action,
            actor=ctx.actor,
            identity=ctx.identity,
            recorded_at=ctx.now,
            effective_on=effective_on,
            state_before=before,
            state_after=after,
            data=data,
        )
        uow.events.append(event)
        uow.commit()
    return ActionResult(case, event)


def guard_facts(case: Case, env: ActionEnv) -> GuardFacts:
    """The facts the workflow's named conditions decide on, as of the effective date."""
    return guard_facts_on(case, env.ctx, env.calendar, env.on)


def check_effective_date(case: Case, on: date, today: date) -> None:
    """An action's date lies between the receipt and today (no back-dating before receipt)."""
    if on > today:
        raise ValidationError(f"不能晚于今天（{today.isoformat()}）", field=ON_FIELD)
    if on < case.received_on:
        raise ValidationError(
            f"不能早于收到申请之日（{case.received_on.isoformat()}）", field=ON_FIELD
        )
    last = case.decisions.last_action_on
    if last and on < last:
        raise ValidationError(f"不能早于上一次办理日期（{last.isoformat()}）", field=ON_FIELD)


def check_user(ctx: ServiceContext, agency: str, action: str, roles: frozenset[str]) -> None:
    """Roles apply only when users are configured (a single-user office may do everything)."""
    if not ctx.users:
        return
    user = ctx.users.get(ctx.actor)
    if user is None:
        raise ActionNotAllowedError(
            f"用户「{ctx.actor}」未在配置的用户中登记，不能办理案件", field="--user（经办人）"
        )
    if user.agencies and agency not in user.agencies:
        raise ActionNotAllowedError(
            f"用户「{ctx.actor}」不负责机关「{agency}」的案件", field="--user（经办人）"
        )
    if roles and not roles & set(user.roles):
        needed = "或".join(ROLE_LABELS[r] for r in sorted(roles))
        raise ActionNotAllowedError(
            f"「{action}」须由{needed}办理，用户「{ctx.actor}」没有该角色", field="--user（经办人）"
        )
