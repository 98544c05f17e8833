"""更正登记: ``casework amend`` corrects the registration facts of a case (issue 17).

One unit of work: the corrected facts are validated as a new application would be, the
applicant and the case are updated, every clock is recomputed when the receipt date moved,
and one journal entry keeps the reason and each fact before and after (identity numbers
masked).  Letters already issued are records of what was sent and are never rewritten.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from casework.domain.application.validation import (
    Application,
    text_problems,
    validate_application,
    visible_text_problem,
)
from casework.domain.case.records import Case
from casework.errors import ActionNotAllowedError, ValidationError
from casework.services.amendment_facts import corrected_input, differences, receipt_move_problem
from casework.services.clocks import refresh_dates, stored_dates, working_calendar
from casework.services.context import ServiceContext
from casework.services.online import SUBMITTED
from casework.services.ports import UnitOfWork
from casework.services.record_keeping import run_record
from casework.services.registration import receipt_facts
from casework.services.workflow_support import ActionResult

REASON_FIELD = "--reason（更正理由）"
RECEIVED_FIELD = "--received-on（收到申请日期）"
REASON_LENGTH = 2000
# Journal entries that are not steps of handling: they do not bound a receipt date.
_RECORD_ACTIONS = frozenset({"register", "amend", "assign", "recompute"})


def amend(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    changes: Mapping[str, Any],
    *,
    reason: str | None,
    agency: str | None = None,
) -> ActionResult:
    """Correct the registration ``reference`` with ``changes`` (registration field -> value);
    the event's ``dates`` says how the stored dates moved, when they did."""
    why = _reason(reason)
    if not changes:
        raise ValidationError(
            "至少指定一项要更正的登记内容（如 --applicant、--received-on）", field="更正内容"
        )

    def step(case: Case) -> dict[str, Any]:
        if case.state == SUBMITTED:
            # Reg. art. 31 item 3: an online application has no receipt date until it is
            # confirmed; a correction would fix one and start the clock (issue 19).
            raise ActionNotAllowedError(
                f"网上申请尚未确认收到，不能更正登记；请先执行 casework confirm {case.number}"
                "（确认之日为收到申请之日，条例第三十一条第（三）项），再更正"
            )
        application = validate_application(corrected_input(case, dict(changes)), ctx.today)
        changed = differences(case, application)
        if not changed:
            raise ValidationError("更正后的内容与现有登记相同，无需更正", field="更正内容")
        if "received_on" in changed:
            _check_receipt(uow, case, application)
        _apply(case, application)
        calendar = working_calendar(uow, ctx, case.agency)
        case.receipt = receipt_facts(application, calendar, ctx)
        before = refresh_dates(case, calendar, ctx)
        after = stored_dates(case)
        data: dict[str, Any] = {"reason": why, "changes": changed}
        if before != after:
            data["dates"] = {"before": _dates(asdict(before)), "after": _dates(asdict(after))}
        return data

    return run_record(uow, ctx, reference, "amend", step, agency=agency)


def _reason(reason: str | None) -> str:
    text = (reason or "").strip()
    if not text or visible_text_problem(text):
        raise ValidationError("必须写明更正理由", field=REASON_FIELD)
    problems = text_problems("reason", REASON_FIELD, text, limit=REASON_LENGTH)
    if problems:
        raise ValidationError.many(problems)
    return text


def _check_receipt(uow: UnitOfWork, case: Case, application: Application) -> None:
    assert case.id is not None
    taken = [
        e.effective_on for e in uow.events.for_case(case.id) if e.action not in _RECORD_ACTIONS
    ]
    problem = receipt_move_problem(case, application.received_on, min(taken, default=None))
    if problem:
        raise ValidationError(problem, field=RECEIVED_FIELD)


def _apply(case: Case, application: Application) -> None:
    applicant = case.applicant
    applicant.name = application.applicant
    applicant.applicant_type = application.applicant_type.value
    applicant.id_type = application.id_type.value if application.id_type else None
    applicant.id_number = application.id_number
    applicant.contact = application.contact
    applicant.address = application.address
    case.channel = application.channel.value
    case.arrived_on = application.arrived_on
    case.received_on = application.received_on
    case.description = application.description
    case.form = application.form.value if application.form else None
    case.delivery = application.delivery.value if application.delivery else None
    case.assistance = application.assistance


def _dates(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()}
