"""The facts the workflow's named conditions decide on (``casework.domain.workflow.guards``).

Apart from ``workflow_support`` so that ``show``, which only lists the actions allowed now,
does not import the action frame with its letters and attachments (issue #18).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from casework.domain.clock.case import case_reply_clock
from casework.domain.clock.model import ClockStatus
from casework.domain.workflow.guards import GuardFacts

if TYPE_CHECKING:
    from datetime import date

    from casework.domain.calendar.working import WorkingCalendar
    from casework.domain.case.records import Case
    from casework.services.context import ServiceContext


def guard_facts_on(
    case: Case, ctx: ServiceContext, calendar: WorkingCalendar, on: date
) -> GuardFacts:
    """The facts of ``case`` as of ``on``: its reply clock on ``calendar``, its decisions, and
    the acting user of ``ctx`` (a reviewer may not approve the draft they wrote)."""
    clock = case_reply_clock(case, calendar, ctx.clock_rules, on)
    expired = clock.status is ClockStatus.RUNNING and clock.working_days_left < 0
    decisions = case.decisions
    return GuardFacts(
        today=on,
        actor=ctx.actor,
        drafter=decisions.draft.drafter if decisions.draft else None,
        correction_rounds_used=len(decisions.corrections),
        correction_rounds_allowed=ctx.correction_rounds,
        open_consultations=decisions.open_consultations,
        reply_clock_expired=expired,
        fee_notified=decisions.fee is not None,
        extension_requested=(
            decisions.reply.extension_request is not None and decisions.reply.extension is None
        ),
    )
