"""From a case record to its clocks: the clock facts, the stored derived dates, the derivation.

A case keeps the dated records of its clock-changing actions in ``case.decisions`` (written by
the workflow services; ``casework.domain.case.decisions``).  This module reads them — and
nothing else — so that every date the engine stores or prints comes from one function of
(decisions, calendar, rules, today): the corrections (Reg. art. 30), the consultations (arts.
32, 34) and the fee notice (Fee) stop or restart the clock; the extension (art. 33 para. 2)
and the deferral (art. 35) move it; the reply round's ``concluded_on`` ends it; a reopening
(ARL art. 64) starts it afresh.  Asking for reasons (art. 35) does not stop it: only a later
deferral moves it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from casework.domain.application.vocabulary import Channel
from casework.domain.calendar.working import WorkingCalendar
from casework.domain.case.records import Case
from casework.domain.clock.deadlines import (
    consultation_window_end,
    correction_period_end,
    fee_payment_deadline,
)
from casework.domain.clock.model import (
    ClockFacts,
    ClockRules,
    ClockStatus,
    DerivationStep,
    ReplyClock,
    StepKind,
    Stop,
    StopKind,
)
from casework.domain.clock.reply import reply_clock

_PARTY_STOP: dict[str, StopKind] = {
    "third-party": "third_party_consultation",
    "agency": "agency_consultation",
}


@dataclass(frozen=True)
class DerivedDates:
    """What a case row stores so that lists and alerts are indexed queries."""

    reply_due_on: date | None
    clock_status: str
    due_provisional: bool
    next_deadline_on: date | None
    next_deadline_kind: str | None


def clock_facts(case: Case) -> ClockFacts:
    """The facts of ``case`` that move its reply clock (domain.md §2.3)."""
    decisions = case.decisions
    received = [c.received_on for c in decisions.corrections if c.received_on]
    stops = [
        Stop(
            kind=_PARTY_STOP[c.party_kind],
            label=c.party,
            sent_on=c.sent_on,
            ended_on=c.ended_on,
        )
        for c in decisions.consultations
    ]
    fee = decisions.fee
    if fee:
        stops.append(
            Stop(
                kind="fee",
                label="信息处理费",
                sent_on=fee.notified_on,
                ended_on=fee.paid_on or fee.lapsed_on,
            )
        )
    extension, deferral = decisions.reply.extension, decisions.reply.deferral
    reopening = decisions.reopening
    return ClockFacts(
        received_on=case.received_on,
        channel=Channel(case.channel),
        correction_received_on=max(received, default=None),
        stops=tuple(stops),
        extension_days=extension.days if extension else 0,
        extension_approved_on=extension.approved_on if extension else None,
        deferred_until=deferral.until if deferral else None,
        concluded_on=decisions.reply.concluded_on,
        reopened_on=reopening.decision_received_on if reopening else None,
        reopen_days=reopening.reply_days if reopening else None,
        reopen_due_on=reopening.reply_due_on if reopening else None,
        reopen_basis=reopening.basis if reopening else "",
        ended_by=ended_by(case),
    )


def ended_by(case: Case) -> str:
    """``voided`` for a voided registration, ``withdrawn`` for a withdrawn application (also
    once archived), else empty: the case ended by a reply or is open."""
    if case.state == "voided":
        return "voided"
    return "withdrawn" if case.decisions.withdrawal is not None else ""


def correction_pending(case: Case) -> bool:
    """A correction was asked for and has not come back (received or lapsed).

    A correction asked for before a reopening no longer matters: the new reply period runs
    from the decision (ARL art. 64).
    """
    last, reopening = case.decisions.last_correction, case.decisions.reopening
    if last is None or (reopening and last.requested_on < reopening.reopened_on):
        return False
    return last.received_on is None


def case_reply_clock(
    case: Case, calendar: WorkingCalendar, rules: ClockRules, today: date
) -> ReplyClock:
    clock = reply_clock(clock_facts(case), calendar, rules, today)
    if not correction_pending(case) or clock.status is ClockStatus.ENDED:
        return clock
    # Reg. art. 30: the reply period starts afresh when the correction arrives; until then
    # there is no due date, and nothing counted before survives.
    last = case.decisions.last_correction
    assert last is not None
    step = DerivationStep(
        kind=StepKind.STATUS,
        text=f"{last.requested_on} 发出补正告知，答复期限自收到补正之日起重新计算（条例第三十条）",
        on=last.requested_on,
    )
    return replace(
        clock,
        status=ClockStatus.STOPPED,
        due_on=None,
        working_days_left=rules.reply_days,
        derivation=(*clock.derivation, step),
    )


def derive_dates(
    case: Case, calendar: WorkingCalendar, rules: ClockRules, today: date
) -> DerivedDates:
    """The dates to store on the case row; recomputed on every event that can move them."""
    clock = case_reply_clock(case, calendar, rules, today)
    pending = _pending_deadlines(case, calendar, rules)
    provisional = clock.provisional or any(flag for _, _, flag in pending)
    if clock.status is ClockStatus.RUNNING and clock.due_on is not None:
        pending.append(("reply", clock.due_on, clock.provisional))
    next_kind, next_on = None, None
    if pending and clock.status is not ClockStatus.ENDED:
        next_kind, next_on, _ = min(pending, key=lambda item: item[1])
    return DerivedDates(
        reply_due_on=clock.due_on,
        clock_status=clock.status.value,
        due_provisional=provisional,
        next_deadline_on=next_on,
        next_deadline_kind=next_kind,
    )


def _pending_deadlines(
    case: Case, calendar: WorkingCalendar, rules: ClockRules
) -> list[tuple[str, date, bool]]:
    """Open windows other than the reply: correction period, consultations, fee payment."""
    pending: list[tuple[str, date, bool]]
    decisions, pending = case.decisions, []
    last = decisions.last_correction
    if last is not None and not last.answered:
        # Reg. art. 30: the period runs from the applicant's receipt of the notice; the sent
        # date stands in when that is unknown (domain.md §1.3).
        received = last.notice_received_on
        window = correction_period_end(
            received or last.requested_on,
            calendar,
            rules,
            days=last.period_days or rules.correction_period_days,
            receipt_known=received is not None,
        )
        pending.append(("correction_period", window.due_on, window.provisional))
    for consultation in decisions.consultations:
        if not consultation.is_open:
            continue
        party_received = consultation.party_received_on or consultation.sent_on
        kind = _PARTY_STOP[consultation.party_kind]
        window = consultation_window_end(party_received, calendar, rules, kind=kind)
        pending.append(("consultation", window.due_on, window.provisional))
    fee = decisions.fee
    if fee and not fee.paid_on and not fee.lapsed_on:
        notice_received = fee.notice_received_on or fee.notified_on
        window = fee_payment_deadline(notice_received, calendar, rules)
        pending.append(("fee_payment", window.due_on, window.provisional))
    return pending


def derivation_data(clock: ReplyClock) -> list[dict[str, Any]]:
    """The derivation as JSON-ready data (``show --json``)."""
    return [
        {
            "kind": step.kind.value,
            "text": step.text,
            "on": step.on.isoformat() if step.on else None,
            "until": step.until.isoformat() if step.until else None,
            "days": step.days,
        }
        for step in clock.derivation
    ]
