"""Every refusal as ``{"error": {"code", "field", "message"}}`` with its HTTP status.

The message is the Chinese one a clerk reads at the command line; the field is the JSON name
of the input at fault (``applicant``, ``on``, ``If-Match`` …) where there is one.  Storage and
configuration failures answer with a general message: their details go to the log only.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from casework.domain.application.validation import FIELD_LABELS
from casework.errors import (
    ActionNotAllowedError,
    AuthenticationError,
    CaseworkError,
    ConflictError,
    NotFoundError,
    ValidationError,
)

log = logging.getLogger("casework.http")
USER_FIELD = "--user（经办人）"
_LABEL_NAMES = {label: name for name, label in FIELD_LABELS.items()}
_OPTION = re.compile(r"^--([a-z][a-z-]*)(?:（(.+)）)?$")
# A command's argument (``CASE（案件编号）``, ``TEXT（检索词）``): the path or query parameter.
_ARGUMENT = re.compile(r"^([A-Z][A-Z_]*)（(.+)）$")
_HTTP_CODES = {
    400: ("bad_request", "请求格式不正确"),
    404: ("not_found", "没有这个地址"),
    405: ("method_not_allowed", "该地址不支持这种请求方法"),
}


class ApiError(Exception):
    """A refusal of the HTTP layer itself (a missing header, a body that is not JSON)."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


def error_body(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "field": field, "message": message}}


def json_field(label: str | None) -> str | None:
    """``--applicant（申请人姓名或名称）`` → ``applicant``; ``--on（生效日期）`` → ``on``."""
    if not label:
        return None
    if label in _LABEL_NAMES:
        return _LABEL_NAMES[label]
    match = _OPTION.match(label)
    if match:
        return match.group(1).replace("-", "_")
    argument = _ARGUMENT.match(label)
    return argument.group(1).lower() if argument else label


def chinese_message(label: str | None, rule: str) -> str:
    """The rule with the field's Chinese name: 「申请人姓名或名称：必须填写」."""
    match = _OPTION.match(label or "")
    if match and match.group(2):
        return f"{match.group(2)}：{rule}"
    return f"{label}：{rule}" if label else rule


def status_of(error: CaseworkError) -> tuple[int, str]:
    if isinstance(error, ValidationError):
        return 422, "validation"
    if isinstance(error, NotFoundError):
        return 404, "not_found"
    if isinstance(error, ConflictError):
        return 409, "conflict"
    if isinstance(error, AuthenticationError):
        return 401, "unauthenticated"
    if isinstance(error, ActionNotAllowedError):
        # The user's role or agency: forbidden; the case's state: a conflict with its state.
        return (403, "forbidden") if error.field == USER_FIELD else (409, "action_not_allowed")
    return 503, "unavailable"


def casework_error_response(error: CaseworkError) -> JSONResponse:
    status, code = status_of(error)
    if status == 503:
        log.error("service error: %s", error)
        body = error_body(code, "服务暂时不可用，请稍后再试；如持续出现请联系管理员")
        return JSONResponse(body, status_code=status)
    body = error_body(code, chinese_message(error.field, error.rule), json_field(error.field))
    if isinstance(error, ValidationError) and len(error.problems) > 1:
        problems = [(field, rule) for field, rule in error.problems]
        body["error"]["message"] = "\n".join(chinese_message(f, r) for f, r in problems)
        body["error"]["problems"] = [
            {"field": json_field(field), "message": chinese_message(field, rule)}
            for field, rule in problems
        ]
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, headers=headers)


async def on_casework_error(_request: Request, error: Exception) -> Response:
    assert isinstance(error, CaseworkError)
    return casework_error_response(error)


async def on_api_error(_request: Request, error: Exception) -> Response:
    assert isinstance(error, ApiError)
    headers = {"Retry-After": "60"} if error.status == 429 else None
    body = error_body(error.code, error.message, error.field)
    return JSONResponse(body, status_code=error.status, headers=headers)


async def on_http_error(_request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    code, message = _HTTP_CODES.get(error.status_code, ("http_error", "请求未能处理"))
    return JSONResponse(
        error_body(code, message), status_code=error.status_code, headers=error.headers
    )


async def on_unexpected(_request: Request, error: Exception) -> Response:
    log.exception("unexpected error", exc_info=error)
    body = error_body("internal", "服务内部错误，请稍后再试；如持续出现请联系管理员")
    return JSONResponse(body, status_code=500)
