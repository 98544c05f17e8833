"""要求说明理由 (Reg. art. 35): asking the applicant of an excessive request for its reasons.

Art. 35: when the quantity or frequency of requests clearly exceeds a reasonable range, the
agency may ask the applicant to state reasons.  Then one of two paths follows, both existing
actions: reasons found unreasonable → the outcome ``excessive`` (不予处理, basis art. 35, drafted
with ``draft``); reasons found reasonable but no reply possible within the art. 33 period →
``defer`` fixes a reasonable later reply date (延迟答复告知书).  This action sends the
说明理由通知 with the concern, the period and the consequence (domain.md §5).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from casework.domain.case.decisions import ReasonsRequest
from casework.domain.case.records import Case
from casework.domain.case.storage import journal_data
from casework.domain.letters.documents import DocumentKind
from casework.errors import ActionNotAllowedError, ValidationError
from casework.services.context import ServiceContext
from casework.services.ports import UnitOfWork
from casework.services.workflow_support import ActionEnv, ActionResult, run_action

ACTION = "request-reasons"
CONCERN_FIELD = "--reason（要求说明理由的事由）"
PERIOD_FIELD = "--period-days（说明理由期限）"
MAX_PERIOD_DAYS = 60


def request_reasons(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    concern: str,
    period_days: int | None = None,
    on: date | None = None,
    agency: str | None = None,
) -> ActionResult:
    """要求说明理由 (Reg. art. 35): why the request looks excessive, the period, the consequence.

    ``concern``: why the quantity or frequency appears to exceed a reasonable range.
    ``period_days``: working days the applicant has from receiving the notice; the law leaves
    the length to the agency, the default is ``ClockRules.reasons_period_days`` (15).
    """
    if not concern.strip():
        raise ValidationError(
            "必须写明申请数量、频次明显超过合理范围的具体情形（条例第三十五条）",
            field=CONCERN_FIELD,
        )
    days = period_days if period_days is not None else ctx.clock_rules.reasons_period_days
    if not 1 <= days <= MAX_PERIOD_DAYS:
        raise ValidationError(f"说明理由期限应为1至{MAX_PERIOD_DAYS}个工作日", field=PERIOD_FIELD)

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        _check_not_asked(case)
        # The period runs from the applicant's receipt of the notice; until that is known the
        # day it is sent stands in (as for the correction period, domain.md §1.3), which can
        # only make the printed date earlier than the applicant's true last day.
        due_on = env.calendar.add_working_days(env.on, days)
        request = ReasonsRequest(
            requested_on=env.on, period_days=days, due_on=due_on, concern=concern.strip()
        )
        # The reply clock keeps running: art. 35 does not stop the art. 33 period while the
        # applicant states reasons (unlike consultation, art. 33 para. 3).  When the reasons
        # are reasonable but the time is too short, ``defer`` fixes a later reply date.
        case.decisions = case.decisions.with_reply(reasons_request=request)
        env.render(case, DocumentKind.REASONS_REQUEST, ordinal=1)
        return journal_data(request)

    return run_action(uow, ctx, reference, ACTION, on, step, agency=agency)


def _check_not_asked(case: Case) -> None:
    """One request for reasons per application; none once a later date was fixed."""
    if case.decisions.reply.deferral:
        raise ActionNotAllowedError(
            "已认定申请理由合理并另行确定答复期限（条例第三十五条），无需再要求说明理由",
            field=CONCERN_FIELD,
        )
    asked = case.decisions.reply.reasons_request
    if asked:
        raise ActionNotAllowedError(
            f"已于 {asked.requested_on.isoformat()} 要求申请人说明理由（条例第三十五条），不能重复要求",
            field=CONCERN_FIELD,
        )
