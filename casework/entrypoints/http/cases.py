"""The staff API under ``/api/v1/cases`` (issue 19): the clerk commands over HTTP.

Each endpoint calls the service function its command calls, as the token's user, and answers
with the command's ``--json``.  The case version is the ``ETag``; a write takes ``If-Match``
with it and is refused (409, 「案件已被他人修改，请刷新后重试」) when the case moved since.
"""

from __future__ import annotations

import functools

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from casework.entrypoints.http.actions import ACTIONS
from casework.entrypoints.http.errors import ApiError
from casework.entrypoints.http.identity import acting_context, case_uow
from casework.entrypoints.http.listing import get_cases
from casework.entrypoints.http.parsing import (
    application_input,
    date_field,
    json_fields,
    json_object,
)
from casework.services import registration
from casework.services.queries import case_history, show_case
from casework.services.views import case_detail, case_view, event_view

REGISTER_FIELDS = frozenset(
    {
        "applicant",
        "applicant_type",
        "id_type",
        "id_number",
        "contact",
        "address",
        "channel",
        "arrived_on",
        "received_on",
        "description",
        "form",
        "delivery",
        "assistance",
        "agency",
    }
)


def _etag(version: int) -> str:
    return f'"{version}"'


def if_match(request: Request) -> int:
    header = request.headers.get("if-match")
    if header is None:
        raise ApiError(
            428,
            "precondition_required",
            "修改案件须带 If-Match（查看案件时得到的 ETag）",
            field="If-Match",
        )
    text = header.strip().removeprefix("W/").strip('"')
    if not text.isdigit():
        raise ApiError(422, "validation", '应为查看案件时得到的 ETag，如 "3"', field="If-Match")
    return int(text)


async def get_case(request: Request) -> Response:
    ctx = await acting_context(request)
    reference, agency = request.path_params["case"], request.query_params.get("agency")
    overview = await run_in_threadpool(show_case, case_uow(request, ctx), ctx, reference, agency)
    number = overview.case.number
    commands = [
        {"action": a, "command": f"POST /api/v1/cases/{number}/{a}"}
        for a in overview.allowed_actions
        if a in ACTIONS
    ]
    view = case_detail(overview, ctx.flow, commands)
    return JSONResponse(view, headers={"ETag": _etag(overview.case.version)})


async def get_history(request: Request) -> Response:
    ctx = await acting_context(request)
    reference, agency = request.path_params["case"], request.query_params.get("agency")
    case, events = await run_in_threadpool(
        case_history, case_uow(request, ctx), reference, agency, ctx.default_agency
    )
    body = {"case": case.number, "events": [event_view(e) for e in events]}
    return JSONResponse(body, headers={"ETag": _etag(case.version)})


async def post_case(request: Request) -> Response:
    ctx = await acting_context(request)
    data = await json_object(request, REGISTER_FIELDS)
    raw = application_input(data, date_field(data, "arrived_on"), date_field(data, "received_on"))
    case = await run_in_threadpool(registration.register, case_uow(request, ctx), ctx, raw)
    view = case_view(case, ctx.flow, full_identity=True)
    return JSONResponse(view, status_code=201, headers={"ETag": _etag(case.version)})


async def post_action(request: Request) -> Response:
    action = request.path_params["action"]
    endpoint = ACTIONS.get(action)
    if endpoint is None:
        raise ApiError(404, "not_found", f"没有「{action}」这个操作的接口")
    ctx = await acting_context(request, expected_version=if_match(request))
    arguments = endpoint.arguments(await json_fields(request, endpoint.body_limit))
    arguments["agency"] = arguments["agency"] or request.query_params.get("agency")
    uow = case_uow(request, ctx)
    reference = request.path_params["case"]
    result = await run_in_threadpool(
        functools.partial(endpoint.service, uow, ctx, reference, **arguments)
    )
    body = {"case": case_view(result.case, ctx.flow), "event": event_view(result.event)}
    return JSONResponse(body, headers={"ETag": _etag(result.case.version)})


routes = [
    Route("/api/v1/cases", get_cases, methods=["GET"]),
    Route("/api/v1/cases", post_case, methods=["POST"]),
    Route("/api/v1/cases/{case}", get_case, methods=["GET"]),
    Route("/api/v1/cases/{case}/history", get_history, methods=["GET"]),
    Route("/api/v1/cases/{case}/{action}", post_action, methods=["POST"]),
]
