"""拟稿 in the review console (issue 20): the drafter — after a 退回修改 usually the clerk whose
draft came back — chooses the outcome and gives its facts on the case page, and the draft is
made by ``review.draft`` as the signed-in person, exactly as ``casework draft`` makes it.  Which
facts an outcome requires is the catalogue's (domain.md §1.7), checked by the service; a
refusal shows its Chinese message on the case page with the form as it was typed.
"""

from __future__ import annotations

import functools
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from casework.entrypoints.http.console.pages import desk_page, load_desk
from casework.entrypoints.http.console.session import acting, page, posted, refusal
from casework.entrypoints.http.state import web
from casework.errors import CaseworkError, ValidationError
from casework.services import review
from casework.services.account_ports import ConsoleSession
from casework.services.draft_form import DRAFT_FACT_NAMES
from casework.services.letter_pages import visible_case


def typed_form(form: dict[str, str | None]) -> dict[str, str]:
    """The outcome and the facts as posted (blank ones kept, to show the form again)."""
    names = ("outcome", *DRAFT_FACT_NAMES)
    return {name: form.get(name) or "" for name in names if form.get(name) is not None}


@page
async def draft(request: Request, session: ConsoleSession) -> Response:
    form = posted(request)
    typed = typed_form(form)
    version = form.get("version") or ""
    reference, agency = request.path_params["case"], request.query_params.get("agency")
    outcome = typed.get("outcome", "").strip()
    facts: dict[str, str | None] = {name: typed.get(name) for name in DRAFT_FACT_NAMES}
    try:
        if not outcome:
            raise ValidationError("必须选择", field="办理结果")
        ctx = acting(request, session, int(version) if version.isdigit() else None)
        # Another agency's case is not found, as on the case page (never "forbidden").
        await run_in_threadpool(visible_case, web(request).app.uow(), ctx, reference, agency)
        call = functools.partial(
            review.draft, web(request).app.uow(), ctx, reference,
            outcome=outcome, facts=facts, agency=agency,
        )  # fmt: skip
        result = await run_in_threadpool(call)
    except CaseworkError as error:
        status, message = refusal(error)
        desk = await load_desk(request, session)
        return desk_page(request, session, desk, status, message, typed=typed)
    target = f"/console/cases/{quote(result.case.number)}?agency={quote(result.case.agency)}"
    return RedirectResponse(f"{target}&done=draft", status_code=303)
