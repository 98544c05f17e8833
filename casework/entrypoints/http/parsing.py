"""Reading request bodies: a JSON object or an HTML form, as strings per field.

Only the shape is checked here (an object, string values, known field names); every rule of
the content is the services' (the same validation as the CLI).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any
from urllib.parse import parse_qs

from starlette.requests import Request

from casework.domain.application.validation import ApplicationInput, parse_iso_date
from casework.entrypoints.http.errors import ApiError

MAX_BODY = 64 * 1024


# A body carrying files (base64 in JSON, ``attach``): one attachment of the 20 MB the CLI
# accepts (``MAX_ATTACHMENT_BYTES``) grows by a third in base64.
MAX_FILE_BODY = 30 * 1024 * 1024


async def _body(request: Request, limit: int = MAX_BODY) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            shown = f"{limit // 1048576} MiB" if limit >= 1048576 else f"{limit // 1024} KiB"
            raise ApiError(413, "too_large", f"请求内容超过 {shown}")
    return b"".join(chunks)


async def json_fields(request: Request, limit: int = MAX_BODY) -> dict[str, Any]:
    """The body as a JSON object, its values unchecked."""
    raw = await _body(request, limit)
    try:
        data: Any = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, "bad_request", "请求内容应为 UTF-8 编码的 JSON 对象") from exc
    if not isinstance(data, dict):
        raise ApiError(400, "bad_request", "请求内容应为 JSON 对象（{…}）")
    return data


def unknown_field(data: dict[str, Any], allowed: frozenset[str]) -> None:
    for name in data:
        if name not in allowed:
            known = "、".join(sorted(allowed))
            raise ApiError(422, "validation", f"不认识的字段；可用字段：{known}", field=name)


async def json_object(request: Request, allowed: frozenset[str]) -> dict[str, str | None]:
    """The body as ``{field: text or None}``; unknown fields and non-text values are refused."""
    data = await json_fields(request)
    unknown_field(data, allowed)
    result: dict[str, str | None] = {}
    for name, value in data.items():
        if value is not None and not isinstance(value, str):
            raise ApiError(422, "validation", "应为文字（字符串）或 null", field=name)
        result[name] = value
    return result


async def form_fields(request: Request, allowed: frozenset[str]) -> dict[str, str | None]:
    """An ``application/x-www-form-urlencoded`` body; empty fields are None."""
    raw = await _body(request)
    try:
        parsed = parse_qs(raw.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError as exc:
        raise ApiError(400, "bad_request", "表单内容应为 UTF-8 编码") from exc
    return {name: (values[-1] or None) for name, values in parsed.items() if name in allowed}


def date_field(data: dict[str, str | None], name: str) -> date | None:
    """An optional ``YYYY-MM-DD`` field."""
    text = data.get(name)
    if text is None:
        return None
    parsed = parse_iso_date(text)
    if parsed is None:
        raise ApiError(
            422, "validation", f"「{text}」不是有效日期，格式应为 YYYY-MM-DD", field=name
        )
    return parsed


def application_input(
    data: dict[str, str | None], arrived_on: date | None = None, received_on: date | None = None
) -> ApplicationInput:
    """The application's text fields as ``register`` takes them (validated by the service)."""
    return ApplicationInput(
        applicant=data.get("applicant"),
        applicant_type=data.get("applicant_type"),
        id_type=data.get("id_type"),
        id_number=data.get("id_number"),
        contact=data.get("contact"),
        address=data.get("address"),
        channel=data.get("channel"),
        arrived_on=arrived_on,
        received_on=received_on,
        description=data.get("description"),
        form=data.get("form"),
        delivery=data.get("delivery"),
        assistance=data.get("assistance"),
        agency=data.get("agency"),
    )


def whole_number_param(
    params: Mapping[str, str], name: str, low: int, high: int, default: int | None = None
) -> int | None:
    """An optional whole-number query parameter between ``low`` and ``high``."""
    text = params.get(name)
    if text is None or not text.strip():
        return default
    if not text.strip().isdigit() or not low <= int(text) <= high:
        raise ApiError(422, "validation", f"「{text}」应为 {low}–{high} 的整数", field=name)
    return int(text)


def flag_param(params: Mapping[str, str], name: str) -> bool:
    """A yes/no query parameter: ``1``/``true`` or ``0``/``false`` (absent: no)."""
    text = (params.get(name) or "").strip().lower()
    if text not in ("", "0", "1", "true", "false"):
        raise ApiError(422, "validation", f"「{text}」应为 true 或 false", field=name)
    return text in ("1", "true")


def choice_param(params: Mapping[str, str], name: str, choices: tuple[str, ...]) -> str:
    """A query parameter from ``choices`` (absent: the first)."""
    text = params.get(name) or choices[0]
    if text not in choices:
        raise ApiError(
            422, "validation", f"「{text}」不是可选值；可选：{'、'.join(choices)}", field=name
        )
    return text
