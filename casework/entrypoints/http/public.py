"""The applicant's side (no login): the online application and the status lookup, as JSON
(``/api/v1/…``) and as plain HTML pages (``/`` and ``/status``).

Both call the same services; the pages are server-rendered, work without JavaScript and load
nothing from outside the package.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from casework.domain.agency import ONLINE_IDENTITY
from casework.entrypoints.http.errors import ApiError, chinese_message, json_field
from casework.entrypoints.http.observability import client_address, lookup_log
from casework.entrypoints.http.pages import render
from casework.entrypoints.http.parsing import application_input, form_fields, json_object
from casework.entrypoints.http.state import web
from casework.errors import ValidationError
from casework.services.online import ONLINE_ACTOR, Submission, submit_online
from casework.services.public_status import PublicStatus, public_status

APPLICATION_FIELDS = frozenset(
    {
        "applicant",
        "applicant_type",
        "id_type",
        "id_number",
        "contact",
        "address",
        "description",
        "form",
        "delivery",
        "agency",
    }
)
NEXT_STEPS = (
    "申请已提交。工作人员确认收到后，以确认之日为收到申请之日（条例第三十一条第（三）项），"
    "并自该日起计算答复期限。请记下查询码，凭查询码和申请人姓名（或联系电话后四位）查询办理进度。"
)
NOT_FOUND = "未找到与该查询码和申请人姓名（或联系电话后四位）相符的申请，请核对后重试"


def _limit(request: Request, kind: str) -> None:
    limiter = web(request).limiters[kind]
    if not limiter.allow(client_address(request.scope)):
        raise ApiError(429, "rate_limited", "查询或提交过于频繁，请一分钟后再试")


async def _submit(request: Request, data: dict[str, str | None]) -> Submission:
    _limit(request, "applications")
    key = request.headers.get("idempotency-key")
    state = web(request)
    ctx = state.app.request_context(ONLINE_ACTOR, ONLINE_IDENTITY)
    raw = application_input(data)
    return await run_in_threadpool(submit_online, state.app.uow(), ctx, raw, key)


def submission_body(submission: Submission) -> dict[str, Any]:
    case = submission.case
    return {
        "query_code": case.query_code,
        "state": "已提交，待工作人员确认收到",
        "submitted_on": case.arrived_on.isoformat() if case.arrived_on else None,
        "next_steps": NEXT_STEPS,
    }


async def post_application(request: Request) -> Response:
    data = await json_object(request, APPLICATION_FIELDS)
    submission = await _submit(request, data)
    headers = {"Idempotent-Replayed": "true"} if submission.replayed else None
    status = 200 if submission.replayed else 201
    return JSONResponse(submission_body(submission), status_code=status, headers=headers)


async def _lookup(request: Request, code: str, answer: str) -> PublicStatus | None:
    _limit(request, "status")
    state = web(request)
    found = await run_in_threadpool(
        public_status,
        state.app.status_queries(),
        state.app.request_context(ONLINE_ACTOR, ONLINE_IDENTITY),
        code,
        answer,
    )
    # Every lookup is logged, never with the name or phone given.
    fields = {
        "code": code[:16],
        "found": found is not None,
        "client": client_address(request.scope),
    }
    lookup_log.info("status lookup", extra={"fields": fields})
    return found


def _lookup_params(request: Request) -> tuple[str, str]:
    code = request.query_params.get("code", "").strip()
    answer = (request.query_params.get("name") or request.query_params.get("phone") or "").strip()
    if not code:
        raise ApiError(422, "validation", "查询码：必须填写", field="code")
    if not answer:
        raise ApiError(422, "validation", "申请人姓名或联系电话后四位：必须填写", field="name")
    return code, answer


async def get_status(request: Request) -> Response:
    code, answer = _lookup_params(request)
    found = await _lookup(request, code, answer)
    if found is None:
        raise ApiError(404, "not_found", NOT_FOUND)
    return JSONResponse(found.as_json())


async def application_page(request: Request) -> Response:
    return render(request, "apply.html", values={}, problems={})


async def submit_page(request: Request) -> Response:
    data = await form_fields(request, APPLICATION_FIELDS)
    try:
        submission = await _submit(request, data)
    except ValidationError as error:
        problems = {
            json_field(field) or "": chinese_message(field, rule) for field, rule in error.problems
        }
        return render(request, "apply.html", values=data, problems=problems, status=422)
    return render(request, "submitted.html", body=submission_body(submission), status=201)


async def status_page(request: Request) -> Response:
    code = request.query_params.get("code", "").strip()
    answer = (request.query_params.get("name") or "").strip()
    if not code and not answer:
        return render(request, "status.html", code="", found=None, asked=False)
    if not code or not answer:
        message = "请同时填写查询码和申请人姓名（或联系电话后四位）"
        return render(request, "status.html", code=code, found=None, asked=True, message=message)
    found = await _lookup(request, code, answer)
    if found is None:
        return render(
            request, "status.html", code=code, found=None, asked=True, message=NOT_FOUND, status=404
        )
    return render(request, "status.html", code=code, found=found, asked=True, message=None)


async def apply_redirect(_request: Request) -> Response:
    return RedirectResponse("/", status_code=303)


routes = [
    Route("/api/v1/applications", post_application, methods=["POST"]),
    Route("/api/v1/status", get_status, methods=["GET"]),
    Route("/", application_page, methods=["GET"]),
    Route("/apply", submit_page, methods=["POST"]),
    Route("/apply", apply_redirect, methods=["GET"]),
    Route("/status", status_page, methods=["GET"]),
]
