"""Where the settings' values come from, without pydantic-settings (start-up, issue #18).

pydantic-settings took about a quarter of ``casework show``'s start-up (its import pulls in
asyncio); casework reads only two sources, so they are read here, the same way it did:
``config.toml`` below ``CASEWORK_*`` environment variables below the command's own options,
merged key by key.  An environment variable names a setting case-insensitively after the
prefix, nested keys joined by ``__`` (``CASEWORK_CLOCK__CORRECTION_PERIOD_DAYS=10``); a setting
that holds a table or a list takes JSON (``CASEWORK_AGENCIES='{"fgw": {…}}'``).  Variables that
name no setting (``CASEWORK_NOW``, ``CASEWORK_HOME`` before the home is known) are left alone.
"""

from __future__ import annotations

import json
import types
from collections.abc import Mapping
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from casework.errors import ConfigurationError

ENV_PREFIX = "casework_"
NESTED = "__"


def merged(*layers: Mapping[str, Any]) -> dict[str, Any]:
    """The layers merged key by key, a later layer winning (tables merge, values replace)."""
    result: dict[str, Any] = {}
    for layer in layers:
        for key, value in layer.items():
            current = result.get(key)
            if isinstance(current, dict) and isinstance(value, Mapping):
                result[key] = merged(current, value)
            else:
                result[key] = value
    return result


def environment_values(model: type[BaseModel], environ: Mapping[str, str]) -> dict[str, Any]:
    """The values the ``CASEWORK_*`` variables of ``environ`` give ``model``'s fields."""
    env = {key.lower(): value for key, value in environ.items()}
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        key = ENV_PREFIX + name
        value: Any = None
        if key in env:
            value = _decoded(env[key], info.annotation, key.upper(), strict=True)
        nested = {
            k[len(key) + len(NESTED) :]: v for k, v in env.items() if k.startswith(key + NESTED)
        }
        if nested:
            exploded = _exploded(nested, info.annotation)
            value = merged(value, exploded) if isinstance(value, Mapping) else exploded
        if value is not None:
            values[name] = value
    return values


def _exploded(nested: Mapping[str, str], annotation: Any) -> dict[str, Any]:
    """``{"a__b": "1"}`` as ``{"a": {"b": "1"}}``; a table or list value decoded from JSON."""
    result: dict[str, Any] = {}
    for path, raw in sorted(nested.items()):
        keys = path.split(NESTED)
        target, kind = result, annotation
        for step in keys[:-1]:
            kind = _field_type(kind, step)
            target = target.setdefault(step, {})
            if not isinstance(target, dict):
                break
        else:
            last = keys[-1]
            target[last] = _decoded(raw, _field_type(kind, last), path, strict=False)
    return result


def _field_type(annotation: Any, name: str) -> Any:
    model = _model_of(annotation)
    if model is None:
        return None
    for field_name, info in model.model_fields.items():
        if name in (field_name, info.alias):
            return info.annotation
    return None


def _model_of(annotation: Any) -> type[BaseModel] | None:
    for candidate in (annotation, *_union_members(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _union_members(annotation: Any) -> tuple[Any, ...]:
    origin = get_origin(annotation)
    return get_args(annotation) if origin in (Union, types.UnionType) else ()


def _complex(annotation: Any) -> bool:
    members = _union_members(annotation) or (annotation,)
    for member in members:
        origin = get_origin(member) or member
        if origin in (dict, list, tuple, set, frozenset) or _model_of(member) is not None:
            return True
    return False


def _decoded(raw: str, annotation: Any, where: str, *, strict: bool) -> Any:
    """``raw`` as JSON when the setting is a table or list; else the text itself."""
    if not _complex(annotation):
        return raw
    try:
        return json.loads(raw)
    except json.JSONDecodeError as error:
        if not strict:
            return raw  # the model's own check names the key and the rule
        raise ConfigurationError(
            f"应为 JSON（表或列表）：{error.msg}（第 {error.pos + 1} 个字符）", field=where
        ) from error
