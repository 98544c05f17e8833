"""The case file over the staff API: documents (``docs``), their bytes and PDFs, the letters
check (``check``), earlier requests (``repeats``), remedies (``remedy``) and attachments
(``attach``).  Each answers with its command's ``--json``, within the token user's agencies.
"""

from __future__ import annotations

import functools
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from casework.entrypoints.http.answers import JsonAnswer
from casework.entrypoints.http.cases import if_match
from casework.entrypoints.http.endpoint import Endpoint
from casework.entrypoints.http.errors import ApiError
from casework.entrypoints.http.files import attachment_request
from casework.entrypoints.http.identity import acting_context, case_uow
from casework.entrypoints.http.parsing import MAX_FILE_BODY, json_fields, unknown_field
from casework.entrypoints.json_views import checks_json, documents_json, repeat_json
from casework.errors import NotFoundError
from casework.services import attachments, document_copies, letter_checks, remedies
from casework.services.search import earlier_requests_of

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
REOPEN_FIELDS = ("decision_received_on", "reply_days", "reply_due_on", "decision_number")


def _where(request: Request) -> tuple[str, str | None]:
    return request.path_params["case"], request.query_params.get("agency")


async def get_documents(request: Request) -> Response:
    ctx = await acting_context(request)
    reference, agency = _where(request)
    _case, listed = await run_in_threadpool(
        letter_checks.list_documents_by_round, case_uow(request, ctx), ctx, reference, agency
    )
    _case, attached = await run_in_threadpool(
        attachments.case_attachments, case_uow(request, ctx), ctx, reference, agency
    )
    return JsonAnswer(documents_json(listed, attached))


def _download(data: bytes, name: str, media_type: str) -> Response:
    # RFC 6266: the Chinese file name percent-encoded in filename*.
    from urllib.parse import quote

    disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=media_type, headers={"Content-Disposition": disposition})


async def get_document(request: Request) -> Response:
    """A letter (.docx) or an attachment (its own type) of the case, by its sha256."""
    ctx = await acting_context(request)
    reference, agency = _where(request)
    wanted = request.path_params["sha256"].lower()
    _case, letters = await run_in_threadpool(
        document_copies.letter_copies, case_uow(request, ctx), ctx, reference, agency
    )
    for copy in letters:
        if copy.document.sha256 == wanted:
            return _download(copy.data, copy.name, DOCX)
    attached = await run_in_threadpool(
        attachments.attachment_copies, case_uow(request, ctx), ctx, reference, agency
    )
    for attachment, name, data in attached:
        if attachment.sha256 == wanted:
            return _download(data, name, attachment.media_type)
    raise NotFoundError(f"案件中没有校验值为 {wanted} 的文书或附件", field="sha256")


async def get_document_pdf(request: Request) -> Response:
    """The PDF of a standing letter (converted and stored on first request, as ``docs --pdf``)."""
    ctx = await acting_context(request)
    reference, agency = _where(request)
    wanted = request.path_params["sha256"].lower()
    _case, pdfs = await run_in_threadpool(
        document_copies.pdf_copies, case_uow(request, ctx), ctx, reference, agency
    )
    for copy in pdfs:
        if copy.document.sha256 == wanted:
            return _download(copy.data, copy.name, "application/pdf")
    raise NotFoundError(
        f"案件中没有校验值为 {wanted} 的现行文书（作废的拟稿没有 PDF）", field="sha256"
    )


async def get_check(request: Request) -> Response:
    """``check --json``; the answer is 200 whatever the verdict (each element has a status)."""
    ctx = await acting_context(request)
    reference, agency = _where(request)
    _case, checks = await run_in_threadpool(
        letter_checks.check_case, case_uow(request, ctx), ctx, reference, agency
    )
    return JsonAnswer(checks_json(checks))


async def get_repeats(request: Request) -> Response:
    ctx = await acting_context(request)
    reference, agency = _where(request)
    case, found = await run_in_threadpool(
        earlier_requests_of, case_uow(request, ctx), reference, agency, ctx.default_agency
    )
    return JsonAnswer({"case": case.number, "earlier": [repeat_json(ctx, e) for e in found]})


async def get_remedies(request: Request) -> Response:
    ctx = await acting_context(request)
    reference, agency = _where(request)
    case, records = await run_in_threadpool(
        remedies.list_remedies, case_uow(request, ctx), reference, agency, ctx.default_agency
    )
    return JsonAnswer({"case": case.number, "remedies": [remedies.remedy_data(r) for r in records]})


def _remedy(values: dict[str, Any]) -> dict[str, Any]:
    """``remedy``'s options as ``record_remedy`` takes them, with the command's usage rules."""
    reopen = values.pop("reopen")
    order = remedies.ReopenOrder(**{key: values.pop(key) for key in REOPEN_FIELDS})
    if not reopen and order != remedies.ReopenOrder():
        raise ApiError(422, "validation", "须与 reopen 同用", field=REOPEN_FIELDS[0])
    for name in ("kind", "filed_on"):
        if values[name] is None:
            raise ApiError(
                422, "validation", "登记或更新记录须同时给出 kind 和 filed_on", field=name
            )
    if values["organ"] is not None and not values["organ"].strip():
        raise ApiError(422, "validation", "不能为空；不填时不记录", field="organ")
    keys = ("kind", "filed_on", "organ", "result", "decided_on")
    given = remedies.RemedyInput(*(values.pop(key) for key in keys))
    return {**values, "given": given, "reopen": order if reopen else None}


REMEDY = Endpoint(
    remedies.record_remedy, "登记或更新行政复议、行政诉讼情况（同 remedy）",
    texts=("kind", "organ", "result", "decision_number"),
    dates=("filed_on", "decided_on", "decision_received_on", "reply_due_on"),
    numbers=("reply_days",), flags=("reopen",), attach_kind="remedy_decision", build=_remedy,
)  # fmt: skip


async def post_remedy(request: Request) -> Response:
    ctx = await acting_context(request, expected_version=if_match(request))
    arguments = REMEDY.arguments(await json_fields(request, REMEDY.body_limit))
    arguments["agency"] = arguments["agency"] or request.query_params.get("agency")
    reference = request.path_params["case"]
    change = await run_in_threadpool(
        functools.partial(REMEDY.service, case_uow(request, ctx), ctx, reference, **arguments)
    )
    body = {
        "case": change.case.number,
        "created": change.created,
        "remedy": remedies.remedy_data(change.remedy),
    }
    return JsonAnswer(body, headers={"ETag": f'"{change.case.version}"'})


ATTACH_FIELDS = frozenset({"files", "kind", "note", "agency"})


async def post_attachments(request: Request) -> Response:
    """``attach``: files into the case file, one journal event; the case's state and version
    do not change, so no ``If-Match`` is needed (as at the command line)."""
    ctx = await acting_context(request)
    data = await json_fields(request, MAX_FILE_BODY)
    unknown_field(data, ATTACH_FIELDS)
    kind, note = data.get("kind"), data.get("note")
    if not isinstance(kind, str) or not kind.strip():
        raise ApiError(422, "validation", "必须填写附件种类", field="kind")
    if note is not None and not isinstance(note, str):
        raise ApiError(422, "validation", "应为文字（字符串）或 null", field="note")
    checked = attachment_request(data.get("files"), kind, note, "files")
    agency = data.get("agency") or request.query_params.get("agency")
    case, event = await run_in_threadpool(
        attachments.attach, case_uow(request, ctx), ctx, request.path_params["case"], checked,
        agency if isinstance(agency, str) else None,
    )  # fmt: skip
    body = {"case": case.number, "seq": event.seq, "attachments": event.data["attachments"]}
    return JsonAnswer(body, status_code=201)


routes = [
    Route("/api/v1/cases/{case}/documents", get_documents, methods=["GET"]),
    Route("/api/v1/cases/{case}/documents/{sha256}", get_document, methods=["GET"]),
    Route("/api/v1/cases/{case}/documents/{sha256}/pdf", get_document_pdf, methods=["GET"]),
    Route("/api/v1/cases/{case}/check", get_check, methods=["GET"]),
    Route("/api/v1/cases/{case}/repeats", get_repeats, methods=["GET"]),
    Route("/api/v1/cases/{case}/remedies", get_remedies, methods=["GET"]),
    Route("/api/v1/cases/{case}/remedies", post_remedy, methods=["POST"]),
    Route("/api/v1/cases/{case}/attachments", post_attachments, methods=["POST"]),
]
