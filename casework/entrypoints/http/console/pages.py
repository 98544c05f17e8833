"""The review console's pages (issue 20): the queue, a case, a letter page's image.

Each calls one service as the signed-in person and renders what it returns; the agency rules,
roles and the checker are the services'.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from casework.entrypoints.http.console.render import render
from casework.entrypoints.http.console.session import acting, page
from casework.entrypoints.http.state import web
from casework.errors import ValidationError
from casework.services.account_ports import ConsoleSession
from casework.services.draft_form import draft_form
from casework.services.letter_pages import page_image, visible_case
from casework.services.review_desk import CaseDesk, case_desk


@page
async def queue(request: Request, session: ConsoleSession) -> Response:
    from casework.domain.alerts.model import AlertKind
    from casework.services.alerts import notices_for
    from casework.services.review_queue import review_queue

    ctx = acting(request, session)
    app = web(request).app
    items = await run_in_threadpool(review_queue, app.uow(), ctx)
    # 我的退回件: the drafts returned to this person, to re-draft (Reg. art. 45; seed 002).
    notices = await run_in_threadpool(notices_for, app.uow(), ctx, session.user, ctx.today)
    returned = [notice for notice in notices if notice.kind == AlertKind.RETURNED]
    return render(
        request, "queue.html", session=session, items=items, returned=returned, today=ctx.today
    )


def roles(request: Request, user: str) -> tuple[str, ...]:
    profile = web(request).app.settings.users.get(user)
    # No [users] at all: a single-user office (config.example.toml) may do everything.
    return profile.roles if profile else ("clerk", "reviewer", "head")


async def load_desk(request: Request, session: ConsoleSession) -> CaseDesk:
    app = web(request).app
    reference, agency = request.path_params["case"], request.query_params.get("agency")
    ctx = acting(request, session)
    return await run_in_threadpool(case_desk, app.uow(), ctx, reference, agency, app.page_images())


def desk_page(
    request: Request,
    session: ConsoleSession,
    desk: CaseDesk,
    status: int = 200,
    problem: str | None = None,
    typed: dict[str, str] | None = None,
) -> Response:
    """The case page; ``typed`` is a refused 拟稿 form's content, shown again as typed."""
    done = request.query_params.get("done")
    form = None
    if "draft" in desk.overview.allowed_actions:
        chosen = (typed or {}).get("outcome") or request.query_params.get("outcome") or None
        catalogue = acting(request, session).catalogue
        form = draft_form(catalogue, desk.overview.case, chosen, typed)
    return render(
        request,
        "case.html",
        status=status,
        session=session,
        desk=desk,
        case=desk.view,
        roles=roles(request, session.user),
        problem=problem,
        done=done,
        form=form,
    )


@page
async def case_page(request: Request, session: ConsoleSession) -> Response:
    return desk_page(request, session, await load_desk(request, session))


def _whole(text: str, field: str) -> int:
    if not text.isdigit() or len(text) > 4:
        raise ValidationError("应为正整数", field=field)
    return int(text)


@page
async def letter_page(request: Request, session: ConsoleSession) -> Response:
    app = web(request).app
    reference, agency = request.path_params["case"], request.query_params.get("agency")
    document_id = _whole(request.path_params["document"], "文书编号")
    number = _whole(request.path_params["page"], "页码")
    ctx = acting(request, session)

    def read() -> bytes:
        case = visible_case(app.uow(), ctx, reference, agency)
        return page_image(app.uow(), case, document_id, number)

    image = await run_in_threadpool(read)
    return Response(image, media_type="image/png", headers={"Cache-Control": "private, no-store"})
