"""The OpenAPI 3.1 description served at ``/api/v1/openapi.json``.

Written out by hand beside the routes (a test checks that every API route is described and
nothing else): the request fields are the CLI's options, whose rules the services check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from casework.entrypoints.http.endpoint import Endpoint

_TEXT = {"type": ["string", "null"]}
_ERROR = {"$ref": "#/components/schemas/Error"}


def _answer(description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    content = {"application/json": {"schema": schema or {"type": "object"}}}
    return {"description": description, "content": content}


def _errors(*statuses: int) -> dict[str, Any]:
    words = {
        401: "缺少有效令牌",
        403: "该用户无权办理",
        404: "未找到",
        409: "案件已被他人修改，或当前状态不能执行该操作",
        413: "请求内容过大",
        422: "输入不符合规则（字段与中文说明）",
        428: "缺少 If-Match",
        429: "请求过于频繁",
    }
    return {str(status): _answer(words[status], _ERROR) for status in statuses}


FILES = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["name", "content_base64"],
        "properties": {"name": {"type": "string"}, "content_base64": {"type": "string"}},
    },
}


def _body(
    fields: list[str], required: list[str] | None = None, types: dict[str, Any] | None = None
) -> dict[str, Any]:
    properties = {name: (types or {}).get(name, _TEXT) for name in fields}
    schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "required": required or [],
    }
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def endpoint_body(endpoint: Endpoint) -> dict[str, Any]:
    """An action's body: its fields typed as ``Endpoint.arguments`` reads them."""
    types: dict[str, Any] = {name: {"type": "boolean"} for name in endpoint.flags}
    texts = {"type": ["array", "string", "null"], "items": {"type": "string"}}
    types |= {name: texts for name in endpoint.lists}
    types |= {"attach": FILES}
    return _body(sorted(endpoint.fields), list(endpoint.required), types)


APPLICATION = [
    "applicant", "applicant_type", "id_type", "id_number", "contact", "address",
    "description", "form", "delivery", "agency",
]  # fmt: skip
CASE_PARAM = {"name": "case", "in": "path", "required": True, "schema": {"type": "string"}}
IF_MATCH = {"name": "If-Match", "in": "header", "required": True, "schema": {"type": "string"}}
SECURED: list[dict[str, list[str]]] = [{"bearer": []}]


def _action(endpoint: Endpoint) -> dict[str, Any]:
    return {
        "post": {
            "summary": endpoint.summary,
            "security": SECURED,
            "parameters": [CASE_PARAM, IF_MATCH],
            "requestBody": endpoint_body(endpoint),
            "responses": {
                "200": _answer("案件和办理日志条目"),
                **_errors(401, 403, 404, 409, 413, 422, 428),
            },
        }
    }


def _actions() -> dict[str, Any]:
    from casework.entrypoints.http.actions import ACTIONS

    return {f"/api/v1/cases/{{case}}/{name}": _action(e) for name, e in ACTIONS.items()}


def openapi_document() -> dict[str, Any]:
    from casework.entrypoints.http.openapi_staff import LIST_PARAMETERS, staff_paths

    return {
        "openapi": "3.1.0",
        "info": {"title": "casework 政府信息依申请公开", "version": "1"},
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["code", "field", "message"],
                            "properties": {
                                "code": {"type": "string"},
                                "field": {"type": ["string", "null"]},
                                "message": {"type": "string", "description": "中文说明"},
                            },
                        }
                    },
                }
            },
        },
        "paths": {
            "/api/v1/health": {"get": {"summary": "服务和数据库状态", "responses": {"200": _answer("正常"), "503": _answer("数据库不可用", _ERROR)}}},
            "/api/v1/applications": {
                "post": {
                    "summary": "网上申请（条例第二十九条），待工作人员确认收到（第三十一条第（三）项）",
                    "parameters": [{"name": "Idempotency-Key", "in": "header", "required": False, "schema": {"type": "string"}}],
                    "requestBody": _body(APPLICATION, ["applicant", "applicant_type", "description"]),
                    "responses": {"201": _answer("查询码和后续步骤"), "200": _answer("同一 Idempotency-Key 的重复提交"), **_errors(409, 422, 429)},
                }
            },
            "/api/v1/status": {
                "get": {
                    "summary": "凭查询码和申请人姓名（或电话后四位）查询办理进度",
                    "parameters": [
                        {"name": "code", "in": "query", "required": True, "schema": {"type": "string"}},
                        {"name": "name", "in": "query", "required": True, "schema": {"type": "string"}},
                    ],
                    "responses": {"200": _answer("办理状态、收到日期、答复期限、答复文号"), **_errors(404, 422, 429)},
                }
            },
            "/api/v1/cases": {
                "get": {"summary": "案件列表（同 list --json），分页：page、per_page（默认 50），X-Total-Count 与 Link（rel=next/prev）", "security": SECURED, "parameters": LIST_PARAMETERS, "responses": {"200": _answer("案件"), **_errors(401, 422)}},
                "post": {"summary": "登记申请（同 register --json）", "security": SECURED, "requestBody": _body([*APPLICATION, "channel", "arrived_on", "received_on", "assistance"]), "responses": {"201": _answer("新案件"), **_errors(401, 422)}},
            },
            "/api/v1/cases/{case}": {"get": {"summary": "查看案件（同 show --json），ETag 为案件版本", "security": SECURED, "parameters": [CASE_PARAM], "responses": {"200": _answer("案件"), **_errors(401, 404)}}},
            "/api/v1/cases/{case}/history": {"get": {"summary": "办理日志（同 history --json）", "security": SECURED, "parameters": [CASE_PARAM], "responses": {"200": _answer("日志"), **_errors(401, 404)}}},
            **_actions(),
            **staff_paths(),
        },
    }  # fmt: skip
