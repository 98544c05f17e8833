"""Lapses applied on their true dates: an uncorrected application, an unpaid fee, a
consultation that went unanswered (Reg. arts. 30, 32, 34, 42; Fee).

The scheduler and ``casework lapse`` call the same code.  Each lapse is its own unit of work,
dated the day after the window's last day — not the day the sweep happened to run — so a sweep
after downtime lands every lapse where the law puts it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from casework.domain.calendar.working import WorkingCalendar
from casework.domain.case.decisions import Draft
from casework.domain.case.records import Case
from casework.domain.clock.case import correction_pending
from casework.domain.clock.deadlines import correction_period_end, fee_payment_deadline
from casework.domain.letters.documents import DocumentKind, chinese_date
from casework.errors import CaseworkError, ValidationError
from casework.services.actions import record_opinion
from casework.services.clocks import CalendarCache
from casework.services.context import ServiceContext
from casework.services.ports import CaseFilter, UnitOfWork
from casework.services.workflow_support import ActionEnv, run_action

DAY = timedelta(days=1)


@dataclass(frozen=True)
class Lapse:
    """A window that has passed: which case, what lapses, its last day and the lapse date."""

    agency: str
    number: str
    kind: str  # "correction" | "fee" | "consultation"
    window_ended_on: date
    lapses_on: date
    party: str | None = None


@dataclass(frozen=True)
class LapseOutcome:
    lapse: Lapse
    error: CaseworkError | None


def due_lapses(uow: UnitOfWork, ctx: ServiceContext, on: date) -> list[Lapse]:
    """Every lapse whose date is on or before ``on``, oldest first."""
    found: list[Lapse] = []
    with uow:
        calendars = CalendarCache(uow, ctx)
        states = ("correcting", "awaiting_fee", "consulting")
        for case in uow.cases.list(CaseFilter(states=states)):
            calendar = calendars.for_agency(case.agency)
            found.extend(_case_lapses(case, calendar, ctx, on))
    return sorted(found, key=lambda lapse: (lapse.lapses_on, lapse.agency, lapse.number))


def _case_lapses(
    case: Case, calendar: WorkingCalendar, ctx: ServiceContext, on: date
) -> list[Lapse]:
    rules, decisions, lapses = ctx.clock_rules, case.decisions, []
    last = decisions.last_correction
    if case.state == "correcting" and last is not None and correction_pending(case):
        received = last.notice_received_on
        end = correction_period_end(
            received or last.requested_on,
            calendar,
            rules,
            days=last.period_days,
            receipt_known=received is not None,
        ).due_on
        lapses.append(Lapse(case.agency, case.number, "correction", end, end + DAY))
    fee = decisions.fee
    if case.state == "awaiting_fee" and fee and not fee.paid_on:
        notice = fee.notice_received_on or fee.notified_on
        end = fee_payment_deadline(notice, calendar, rules).due_on
        lapses.append(Lapse(case.agency, case.number, "fee", end, end + DAY))
    for consultation in decisions.consultations:
        if consultation.is_open:
            end = consultation.window_ends_on
            lapses.append(
                Lapse(case.agency, case.number, "consultation", end, end + DAY, consultation.party)
            )
    return [lapse for lapse in lapses if lapse.lapses_on <= on]


def apply_lapses(
    make_uow: Callable[[], UnitOfWork], ctx: ServiceContext, on: date
) -> list[LapseOutcome]:
    """Apply every lapse due by ``on``, each on its own date; one failure does not stop others.

    ``on`` is checked before anything is applied: a lapse dated after today is refused by
    every action, so a later ``on`` would apply the past lapses and refuse the rest."""
    if on > ctx.today:
        raise ValidationError(f"不能晚于今天（{ctx.today.isoformat()}）", field="--on（生效日期）")
    outcomes = []
    for lapse in due_lapses(make_uow(), ctx, on):
        try:
            apply_lapse(make_uow(), ctx, lapse)
        except CaseworkError as error:
            outcomes.append(LapseOutcome(lapse, error))
        else:
            outcomes.append(LapseOutcome(lapse, None))
    return outcomes


def _addressing(ctx: ServiceContext, case: Case) -> str:
    """您, or 你单位/贵单位 for an organisation (domain.md §5)."""
    _code, profile = ctx.agency(case.agency)
    return profile.addressing(case.applicant.applicant_type)


def _lapse_facts(case: Case, lapse: Lapse, uow: UnitOfWork, *, you: str = "您") -> str:
    """The record the termination letter states: which notice went out when, under which
    number, and when its period ended (Reg. arts. 30, 42).  The consequence — 视为放弃申请 —
    is the catalogue paragraph's, stated once (workflows/outcomes.yaml)."""
    correction, fee = case.decisions.last_correction, case.decisions.fee
    if lapse.kind == "correction":
        assert correction is not None
        kind, period = DocumentKind.CORRECTION_NOTICE, "补正期限"
        sent_on, number = correction.requested_on, correction.number
    else:
        assert fee is not None
        kind, period = DocumentKind.FEE_NOTICE, "缴费期限"
        sent_on, number = fee.notified_on, fee.number
    number = number or _notice_number(case, kind, uow)
    cited = f"（{number}）" if number else ""
    return (
        f"本机关于{chinese_date(sent_on)}向{you}发出{kind.heading}{cited}，"
        f"{period}于{chinese_date(lapse.window_ended_on)}届满"
    )


def _notice_number(case: Case, kind: DocumentKind, uow: UnitOfWork) -> str | None:
    """The number of the last notice of ``kind`` on file (cases whose record predates the
    number being kept with the correction or fee record)."""
    assert case.id is not None
    numbers = [d.number for d in uow.documents.for_case(case.id) if d.kind == kind.value]
    return numbers[-1] if numbers else None


def apply_lapse(uow: UnitOfWork, ctx: ServiceContext, lapse: Lapse) -> None:
    if lapse.kind == "consultation":
        assert lapse.party is not None
        # Reg. art. 32: silence of a third party — the agency decides; art. 34: silence of
        # another agency counts as consent.
        # The stop runs through the window's last day (domain.md §2.3), the event is dated
        # the day after, when the lapse takes effect.
        record_opinion(
            uow,
            ctx,
            lapse.number,
            party=lapse.party,
            opinion="none",
            on=lapse.lapses_on,
            agency=lapse.agency,
            action="close-consultation",
            ended_on=lapse.window_ended_on,
        )
        return
    outcome = "correction_lapsed" if lapse.kind == "correction" else "fee_lapsed"
    action = "lapse-correction" if lapse.kind == "correction" else "lapse-fee"

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        ended = lapse.window_ended_on
        if lapse.kind == "correction":
            case.decisions = case.decisions.with_last_correction(lapsed_on=ended)
        else:
            case.decisions = case.decisions.with_fee(lapsed_on=ended)
        # Seed 003: an abandoned application still gets a written notice (终止办理告知书),
        # so the case goes to review with the outcome preset.
        case.outcome = outcome
        draft = Draft(
            outcome=outcome,
            facts={"facts": _lapse_facts(case, lapse, env.uow, you=_addressing(ctx, case))},
            drafter="系统（逾期处理）",
            drafted_on=env.on,
        )
        case.decisions = case.decisions.with_reply(draft=draft)
        # Seed 003: the draft 终止办理告知书, reviewed and numbered like a reply.
        env.render(case, DocumentKind.TERMINATION, ordinal=1, final=False)
        return {"outcome": outcome, "window_ended_on": ended.isoformat()}

    run_action(uow, ctx, lapse.number, action, lapse.lapses_on, step, agency=lapse.agency)
