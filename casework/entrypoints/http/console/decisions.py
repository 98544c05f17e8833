"""The review console's decisions (issue 20): approve (审签), return with a comment (退回修改),
and for the head approve or refuse a pending extension (Reg. art. 33 para. 2) — each through
the service the CLI command calls, as the signed-in person, with the case version the page
showed (a case changed meanwhile is refused as a conflict, as ``If-Match`` is in the API).
A refusal shows the service's Chinese message on the case page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from casework.entrypoints.http.console.pages import desk_page, load_desk
from casework.entrypoints.http.console.session import acting, page, posted, refusal
from casework.entrypoints.http.state import web
from casework.errors import CaseworkError, ValidationError
from casework.services import actions, review
from casework.services.account_ports import ConsoleSession
from casework.services.actions import periods
from casework.services.letter_pages import visible_case
from casework.services.workflow_support import ActionResult

# Each decision: its service and the form field it requires (passed by the same name).
DECISIONS: dict[str, tuple[Callable[..., ActionResult], str | None]] = {
    "approve": (review.approve, None),
    "return": (review.return_draft, "comment"),
    "approve-extension": (actions.approve_extension, None),
    "refuse-extension": (periods.refuse_extension, "reason"),
}
FIELD_LABELS = {"comment": "退回意见", "reason": "不予批准的理由"}


def _arguments(form: dict[str, str | None], required: str | None) -> dict[str, Any]:
    if required is None:
        return {}
    text = (form.get(required) or "").strip()
    if not text:
        raise ValidationError("必须填写", field=FIELD_LABELS[required])
    return {required: text}


@page
async def decide(request: Request, session: ConsoleSession) -> Response:
    action = request.path_params["action"]
    if action not in DECISIONS:
        raise ValidationError(f"没有「{action}」这个操作", field="操作")
    service, required = DECISIONS[action]
    form = posted(request)
    version = form.get("version") or ""
    reference, agency = request.path_params["case"], request.query_params.get("agency")
    try:
        arguments = _arguments(form, required)
        ctx = acting(request, session, int(version) if version.isdigit() else None)
        uow = web(request).app.uow()
        # Another agency's case is not found, as on the case page (never "forbidden").
        await run_in_threadpool(visible_case, uow, ctx, reference, agency)
        call = functools.partial(
            service, web(request).app.uow(), ctx, reference, agency=agency, **arguments
        )
        result = await run_in_threadpool(call)
    except CaseworkError as error:
        status, message = refusal(error)
        return desk_page(request, session, await load_desk(request, session), status, message)
    target = f"/console/cases/{quote(result.case.number)}?agency={quote(result.case.agency)}"
    return RedirectResponse(f"{target}&done={quote(action)}", status_code=303)
