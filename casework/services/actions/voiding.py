"""作废: a registration entered by mistake is not an application (issue 17).

The same letter entered twice, an entry made under the wrong agency, a trial entry: the case
keeps its number (never reused) and its journal, and ends in the final
state ``voided``.  It is counted nowhere in the annual report (AR; domain.md §4 counts
applications), unlike a withdrawal, which is an application and is reported under 三（六）3.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from casework.domain.application.validation import visible_text_problem
from casework.domain.case.records import Case
from casework.errors import ValidationError
from casework.services.context import ServiceContext
from casework.services.ports import UnitOfWork
from casework.services.workflow_support import ActionEnv, ActionResult, run_action

REASON_FIELD = "--reason（作废理由）"


def void(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    reason: str | None,
    on: date | None = None,
    agency: str | None = None,
) -> ActionResult:
    """Void the registration ``reference``; ``reason`` (why it is no application) is required.

    The reply clock ends on the voiding date, so no deadline or alert remains; the case's
    ``concluded_on`` (the annual report's date of conclusion) stays empty: it concluded no
    application."""
    text = (reason or "").strip()
    if not text or visible_text_problem(text):
        raise ValidationError(
            "必须写明作废理由（为何该登记不是政府信息公开申请）", field=REASON_FIELD
        )

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        case.decisions = case.decisions.with_reply(concluded_on=env.on)
        return {"reason": text}

    return run_action(uow, ctx, reference, "void", on, step, agency=agency)
