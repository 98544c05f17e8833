"""From a case record to its clocks: the clock facts, the stored derived dates, the derivation.

A case keeps the dated records of its clock-changing actions in ``case.facts`` (written by the
workflow services).  This module reads them — and nothing else — so that every date the engine
stores or prints comes from one function of (facts, calendar, rules, today):

``facts["corrections"]``   list of {requested_on, notice_received_on?, period_days, received_on?}
``facts["consultations"]`` list of {party, party_kind, sent_on, party_received_on?, ended_on?}
``facts["fee"]``           {notified_on, notice_received_on?, paid_on?}
``facts["extension"]``     {days, approved_on, approved_by, reason}
``facts["deferral"]``      {until, reason}                         (Reg. art. 35)
``facts["reasons_request"]`` is read by nobody here: asking for reasons (Reg. art. 35) does
                           not stop the reply clock; only a later ``deferral`` moves it
``facts["concluded_on"]``  the reply or closing date
``facts["reopening"]``     {reopened_on, decision_received_on, reply_days?, reply_due_on?,
                           basis}  a decision or judgment ordered a new reply (重新答复)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from casework.domain.application.vocabulary import Channel
from casework.domain.calendar.working import WorkingCalendar
from casework.domain.case.records import Case
from casework.domain.clock.reply import (
    ClockFacts,
    ClockRules,
    ClockStatus,
    DerivationStep,
    ReplyClock,
    StepKind,
    Stop,
    StopKind,
    consultation_window_end,
    correction_period_end,
    fee_payment_deadline,
    reply_clock,
)

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


def _day(value: Any) -> date | None:
    return None if value in (None, "") else date.fromisoformat(str(value))


def clock_facts(case: Case) -> ClockFacts:
    """The facts of ``case`` that move its reply clock (domain.md §2.3)."""
    facts: Mapping[str, Any] = case.facts
    corrections = facts.get("corrections", [])
    received_corrections = [_day(c.get("received_on")) for c in corrections]
    correction_received_on = max((d for d in received_corrections if d), default=None)
    stops = [
        Stop(
            kind=_PARTY_STOP[c.get("party_kind", "third-party")],
            label=str(c["party"]),
            sent_on=date.fromisoformat(c["sent_on"]),
            ended_on=_day(c.get("ended_on")),
        )
        for c in facts.get("consultations", [])
    ]
    fee = facts.get("fee")
    if fee:
        stops.append(
            Stop(
                kind="fee",
                label="信息处理费",
                sent_on=date.fromisoformat(fee["notified_on"]),
                ended_on=_day(fee.get("paid_on")) or _day(fee.get("lapsed_on")),
            )
        )
    extension = facts.get("extension") or {}
    deferral = facts.get("deferral") or {}
    reopening = facts.get("reopening") or {}
    return ClockFacts(
        received_on=case.received_on,
        channel=Channel(case.channel),
        correction_received_on=correction_received_on,
        stops=tuple(stops),
        extension_days=int(extension.get("days", 0)),
        extension_approved_on=_day(extension.get("approved_on")),
        deferred_until=_day(deferral.get("until")),
        concluded_on=_day(facts.get("concluded_on")),
        reopened_on=_day(reopening.get("decision_received_on")),
        reopen_days=reopening.get("reply_days"),
        reopen_due_on=_day(reopening.get("reply_due_on")),
        reopen_basis=str(reopening.get("basis", "")),
    )


def correction_pending(case: Case) -> bool:
    """A correction was asked for and has not come back (received or lapsed).

    A correction asked for before a reopening no longer matters: the new reply period runs
    from the decision (ARL art. 64).
    """
    corrections = case.facts.get("corrections", [])
    reopened = (case.facts.get("reopening") or {}).get("reopened_on")
    if not corrections or (reopened and corrections[-1]["requested_on"] < reopened):
        return False
    return not corrections[-1].get("received_on")


def case_reply_clock(
    case: Case, calendar: WorkingCalendar, rules: ClockRules, today: date
) -> ReplyClock:
    clock = reply_clock(clock_facts(case), calendar, rules, today)
    if not correction_pending(case) or clock.status is ClockStatus.ENDED:
        return clock
    # Reg. art. 30: the reply period starts afresh when the correction arrives; until then
    # there is no due date, and nothing counted before survives.
    requested = case.facts["corrections"][-1]["requested_on"]
    step = DerivationStep(
        kind=StepKind.STATUS,
        text=f"{requested} 发出补正告知，答复期限自收到补正之日起重新计算（条例第三十条）",
        on=date.fromisoformat(requested),
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
    facts: Mapping[str, Any] = case.facts
    pending: list[tuple[str, date, bool]] = []
    corrections = facts.get("corrections", [])
    if (
        corrections
        and not corrections[-1].get("received_on")
        and not corrections[-1].get("lapsed_on")
    ):
        last = corrections[-1]
        # Reg. art. 30: the period runs from the applicant's receipt of the notice; the sent
        # date stands in when that is unknown (domain.md §1.3).
        received = _day(last.get("notice_received_on"))
        window = correction_period_end(
            received or date.fromisoformat(last["requested_on"]),
            calendar,
            rules,
            days=int(last.get("period_days") or rules.correction_period_days),
            receipt_known=received is not None,
        )
        pending.append(("correction_period", window.due_on, window.provisional))
    for consultation in facts.get("consultations", []):
        if consultation.get("ended_on"):
            continue
        party_received = _day(consultation.get("party_received_on")) or date.fromisoformat(
            consultation["sent_on"]
        )
        kind = _PARTY_STOP[consultation.get("party_kind", "third-party")]
        window = consultation_window_end(party_received, calendar, rules, kind=kind)
        pending.append(("consultation", window.due_on, window.provisional))
    fee = facts.get("fee")
    if fee and not fee.get("paid_on") and not fee.get("lapsed_on"):
        notice_received = _day(fee.get("notice_received_on")) or date.fromisoformat(
            fee["notified_on"]
        )
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
