"""Reading a batch of applications for ``casework register --file`` (JSON or TOML).

JSON: a list of objects, or ``{"applications": [...]}``.  TOML: ``[[applications]]`` tables.
Keys are the option names of ``casework register`` (``received-on`` or ``received_on``).
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Any

from casework.domain.application.validation import ApplicationInput
from casework.errors import ValidationError

_KEYS = {field.name for field in fields(ApplicationInput)}
_DATES = {"arrived_on", "received_on"}


def read_applications(path: Path) -> list[ApplicationInput]:
    """Every application in ``path``; a malformed file is refused whole, naming the place."""
    label = f"--file（{path.name}）"
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix.lower() == ".toml":
            data: Any = tomllib.loads(text)
        else:
            data = json.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(f"无法读取文件：{exc}", field=label) from exc
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValidationError(f"文件格式错误（应为 JSON 或 TOML）：{exc}", field=label) from exc
    if isinstance(data, dict):
        data = data.get("applications")
    if not isinstance(data, list) or not data:
        raise ValidationError("文件中没有申请；应为申请列表或 applications 数组", field=label)
    return [_entry(item, index, label) for index, item in enumerate(data, start=1)]


def _entry(item: Any, index: int, label: str) -> ApplicationInput:
    if not isinstance(item, dict):
        raise ValidationError(f"第 {index} 条不是对象", field=label)
    values: dict[str, Any] = {}
    for key, value in item.items():
        name = str(key).replace("-", "_")
        if name not in _KEYS:
            raise ValidationError(f"第 {index} 条含未知字段「{key}」", field=label)
        if name in _DATES and value is not None:
            values[name] = _date(value, index, key, label)
        elif value is not None and not isinstance(value, str):
            values[name] = str(value)
        else:
            values[name] = value
    return ApplicationInput(**values)


def _date(value: Any, index: int, key: str, label: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ValidationError(
            f"第 {index} 条的「{key}」不是有效日期（YYYY-MM-DD）：{value}", field=label
        ) from exc
