"""The OpenAPI description of the staff API's reads and case-file routes (beside the actions,
which ``openapi`` derives from the ACTIONS table): the parameters are the commands' options."""

from __future__ import annotations

from typing import Any

from casework.entrypoints.http import openapi as base

AGENCY = {"name": "agency", "in": "query", "required": False, "schema": {"type": "string"}}
ALL_AGENCIES = {
    "name": "all_agencies",
    "in": "query",
    "required": False,
    "schema": {"type": "boolean"},
}
SHA256 = {"name": "sha256", "in": "path", "required": True, "schema": {"type": "string"}}
YEAR = {"name": "year", "in": "path", "required": True, "schema": {"type": "integer"}}


def _query(
    name: str, kind: str = "string", *, required: bool = False, repeat: bool = False
) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": kind}
    if repeat:
        schema = {"type": "array", "items": schema}
    return {"name": name, "in": "query", "required": required, "schema": schema}


LIST_PARAMETERS = [
    _query("state", repeat=True),
    AGENCY,
    ALL_AGENCIES,
    _query("due_within", "integer"),
    _query("overdue", "boolean"),
    _query("handler"),
    _query("sort"),
    _query("page", "integer"),
    _query("per_page", "integer"),
]


def _get(
    summary: str, parameters: list[dict[str, Any]], *errors: int, media: str = "application/json"
) -> dict[str, Any]:
    answer = {
        "description": "同命令的 --json" if media == "application/json" else "文件",
        "content": {
            media: {
                "schema": {"type": "object"}
                if media == "application/json"
                else {"type": "string", "format": "binary"}
            }
        },
    }
    return {
        "get": {
            "summary": summary,
            "security": base.SECURED,
            "parameters": parameters,
            "responses": {"200": answer, **base._errors(401, *errors)},
        }
    }


def _case_get(
    summary: str, *extra: dict[str, Any], media: str = "application/json"
) -> dict[str, Any]:
    return _get(summary, [base.CASE_PARAM, AGENCY, *extra], 404, media=media)


def _remedies() -> dict[str, Any]:
    from casework.entrypoints.http.case_file import REMEDY

    post = {
        "summary": REMEDY.summary,
        "security": base.SECURED,
        "parameters": [base.CASE_PARAM, base.IF_MATCH],
        "requestBody": base.endpoint_body(REMEDY),
        "responses": {
            "200": base._answer("记录（同 remedy --json）"),
            **base._errors(401, 403, 404, 409, 413, 422, 428),
        },
    }
    return {**_case_get("行政复议、行政诉讼记录（同 remedy CASE --json）"), "post": post}


def _attachments() -> dict[str, Any]:
    fields = ["files", "kind", "note", "agency"]
    body = base._body(fields, ["files", "kind"], {"files": base.FILES})
    return {
        "post": {
            "summary": "附件入卷（同 attach）：文件以 Base64 放在 JSON 中，单个不超过 20 MB，请求不超过 30 MiB",
            "security": base.SECURED,
            "parameters": [base.CASE_PARAM],
            "requestBody": body,
            "responses": {
                "201": base._answer("附件（同 attach --json）"),
                **base._errors(401, 403, 404, 413, 422),
            },
        }
    }


def staff_paths() -> dict[str, Any]:
    case = "/api/v1/cases/{case}"
    period = [_query("from", required=True), _query("to", required=True)]
    lapse_body = base._body(["on"])
    return {
        f"{case}/documents": _case_get("案件的文书和附件（同 docs --json）"),
        f"{case}/documents/{{sha256}}": _case_get("文书（.docx）或附件的内容，按 SHA-256", SHA256, media="application/octet-stream"),
        f"{case}/documents/{{sha256}}/pdf": _case_get("现行文书的 PDF（首次请求时转换并存入文书库，同 docs --pdf）", SHA256, media="application/pdf"),
        f"{case}/check": _case_get("文书必备要素检查（同 check --json）"),
        f"{case}/repeats": _case_get("同一申请人此前内容实质相同的申请（同 repeats --json）"),
        f"{case}/remedies": _remedies(),
        f"{case}/attachments": _attachments(),
        "/api/v1/alerts": _get("期限提醒（同 alerts --json）", [_query("on"), AGENCY], 404, 422),
        "/api/v1/todo": _get("个人待办（同 todo --json）", [_query("user"), AGENCY], 422),
        "/api/v1/queue": _get("待审事项：待审签的答复、待负责人批准的延期申请（同 queue --json）", [AGENCY], 404, 422),
        "/api/v1/search": _get("检索案件（同 search --json）", [_query("text"), _query("applicant"), _query("id_number"), _query("from"), _query("to"), _query("outcome"), AGENCY, _query("limit", "integer")], 422),
        "/api/v1/calendar/{year}": _get("某年的节假日和调休上班日（同 calendar show --json）", [YEAR]),
        "/api/v1/report/{year}": _get("年度报告表三、表四（同 report annual --json）", [YEAR, AGENCY, ALL_AGENCIES], 403, 404, 422),
        "/api/v1/export": _get("依申请公开台账（同 export --json；format=xlsx 或 csv 时下载文件）", [*period, _query("format"), AGENCY, ALL_AGENCIES], 403, 404, 422),
        "/api/v1/stats": _get("办理统计（同 stats --json）", [_query("year", "integer"), AGENCY, ALL_AGENCIES], 403, 404, 422),
        "/api/v1/candidates": _get("可转为主动公开的信息（同 candidates --json，条例第四十四条）", [_query("from"), _query("to"), _query("threshold", "number"), _query("min_applicants", "integer"), AGENCY, ALL_AGENCIES], 403, 404, 422),
        "/api/v1/lapses": {"post": {"summary": "处理到期的逾期事项（同 lapse --json）", "security": base.SECURED, "requestBody": lapse_body, "responses": {"200": base._answer("各逾期事项及处理结果"), **base._errors(401, 422)}}},
    }  # fmt: skip
