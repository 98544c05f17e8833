"""``GET /api/v1/cases``: ``casework list`` over HTTP, one page at a time.

The filters are ``list``'s options (``state`` repeatable, ``agency``, ``all_agencies``,
``due_within``, ``overdue``, ``handler``, ``sort``), the page is ``page`` (from 1) of
``per_page`` cases (default 50, as ``list``).  The body is exactly ``list --json`` of that page
(a JSON array); where the page stands is in the headers: ``X-Total-Count`` and a ``Link`` with
``rel="next"`` / ``rel="prev"`` (RFC 8288) when there is such a page.  The token user sees only
their agencies' cases, as their database login would under row-level security.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from casework.entrypoints.http.errors import ApiError
from casework.entrypoints.http.identity import acting_context, case_uow
from casework.entrypoints.http.parsing import choice_param, flag_param, whole_number_param
from casework.errors import ValidationError
from casework.services.context import ServiceContext
from casework.services.ports import CaseFilter

PAGE_SIZE = 50  # as ``casework list``
MAX_PAGE_SIZE = 500
LIST_PARAMS = frozenset(
    {"state", "agency", "all_agencies", "due_within", "overdue", "handler", "sort", "page",
     "per_page"}
)  # fmt: skip


def case_filter(ctx: ServiceContext, params: QueryParams) -> CaseFilter:
    """``list``'s options as the query parameters give them, checked as ``list`` checks them."""
    from casework.services.clocks import open_states
    from casework.services.handoffs import check_handler

    unknown = sorted(set(params) - LIST_PARAMS)
    if unknown:
        known = "、".join(sorted(LIST_PARAMS))
        raise ApiError(422, "validation", f"不认识的参数；可用参数：{known}", field=unknown[0])
    states = tuple(params.getlist("state"))
    for state in states:
        if state not in ctx.flow.states:
            known = "、".join(ctx.flow.states)
            raise ValidationError(
                f"「{state}」不是流程中的状态；可选：{known}", field="--state（状态）"
            )
    every = flag_param(params, "all_agencies")
    if every and params.get("agency"):
        raise ApiError(422, "validation", "agency 与 all_agencies 只能选一个", field="agency")
    due_within = whole_number_param(params, "due_within", 0, 3660)
    overdue = flag_param(params, "overdue")
    if due_within is not None or overdue:
        # Due and overdue concern only cases not yet concluded (as ``list``).
        still_open = open_states(ctx)
        states = tuple(s for s in states if s in still_open) if states else still_open
    handler = params.get("handler")
    return CaseFilter(
        states=states,
        agency=None if every else ctx.agency(params.get("agency"))[0],
        due_on_or_before=ctx.today + timedelta(days=due_within) if due_within is not None else None,
        overdue_on=ctx.today if overdue else None,
        order_by_due=choice_param(params, "sort", ("received", "due")) == "due",
        handler=None if handler is None else check_handler(ctx, handler, "--handler（经办人）"),
    )


async def get_cases(request: Request) -> Response:
    from casework.services.queries import count_cases, list_cases
    from casework.services.views import case_view

    ctx = await acting_context(request)
    params = request.query_params
    query = case_filter(ctx, params)
    page = whole_number_param(params, "page", 1, 10**6, default=1) or 1
    size = whole_number_param(params, "per_page", 1, MAX_PAGE_SIZE, default=PAGE_SIZE) or 1
    window = replace(query, limit=size, offset=(page - 1) * size)
    total = await run_in_threadpool(count_cases, case_uow(request, ctx), query)
    found = await run_in_threadpool(list_cases, case_uow(request, ctx), window)
    headers = {"X-Total-Count": str(total)}
    links = []
    if page * size < total:
        links.append(f'<{request.url.include_query_params(page=page + 1)}>; rel="next"')
    if page > 1:
        links.append(f'<{request.url.include_query_params(page=page - 1)}>; rel="prev"')
    if links:
        headers["Link"] = ", ".join(links)
    return JSONResponse([case_view(case, ctx.flow) for case in found], headers=headers)
