"""Reading a batch of applications for ``casework register --file`` (JSON or TOML).

JSON: a list of objects, or ``{"applications": [...]}``.  TOML: ``[[applications]]`` tables.
Keys are the option names of ``casework register`` (``received-on`` or ``received_on``, not
both).  Values are text; dates are ``YYYY-MM-DD`` text or TOML dates.  A file that cannot be
read, or an entry of the wrong shape, refuses the whole file with a Chinese message naming the
entry and the key (issue 14); the entries' contents are validated one by one at registration.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

from casework.adapters.error_text import NESTING_RULE, decode_error, json_error, toml_error
from casework.domain.application.validation import ApplicationInput, parse_iso_date
from casework.errors import ValidationError

_KEYS = {field.name for field in fields(ApplicationInput)}
_DATES = {"arrived_on", "received_on"}
# A batch is a desk's day of applications, not a data dump: the limits keep a wrong file
# (or a hostile one) from holding the command for minutes.
MAX_FILE_BYTES = 2_000_000
MAX_ENTRIES = 1000


def read_applications(path: Path) -> list[ApplicationInput]:
    """Every application in ``path``; a malformed file is refused whole, naming the place."""
    label = f"--file（{path.name}）"
    data = _parse(path, label)
    if isinstance(data, dict):
        data = data.get("applications")
    if not isinstance(data, list) or not data:
        raise ValidationError("文件中没有申请；应为申请列表或 applications 数组", field=label)
    if len(data) > MAX_ENTRIES:
        raise ValidationError(
            f"一个文件最多 {MAX_ENTRIES} 份申请，实际为 {len(data)} 份；请分成几个文件", field=label
        )
    return [_entry(item, index, label) for index, item in enumerate(data, start=1)]


def _parse(path: Path, label: str) -> Any:
    suffix = path.suffix.lower()
    if suffix not in (".json", ".toml"):
        raise ValidationError("文件名应以 .json 或 .toml 结尾（决定按哪种格式读取）", field=label)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ValidationError(
                f"文件不得超过 {MAX_FILE_BYTES // 1_000_000} MB，实际为 {size} 字节", field=label
            )
        # utf-8-sig: a byte-order mark (as Windows Notepad writes) is not part of the data.
        text = path.read_bytes().decode("utf-8-sig")
        if suffix == ".toml":
            return tomllib.loads(text)
        return json.loads(text, object_pairs_hook=_no_repeated_keys, parse_constant=_constant)
    except OSError as exc:
        raise ValidationError(f"无法读取文件（{exc.strerror or '读取失败'}）", field=label) from exc
    except UnicodeDecodeError as exc:
        raise ValidationError(decode_error(exc), field=label) from exc
    except json.JSONDecodeError as exc:
        raise ValidationError(f"不是有效的 JSON：{json_error(exc)}", field=label) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"不是有效的 TOML：{toml_error(exc)}", field=label) from exc
    except RecursionError as exc:
        raise ValidationError(NESTING_RULE, field=label) from exc
    except _RepeatedKey as exc:
        raise ValidationError(f"对象中的键「{exc.key}」重复出现", field=label) from exc
    except _NotANumber as exc:
        raise ValidationError(f"「{exc.word}」不是 JSON 允许的取值", field=label) from exc


class _RepeatedKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class _NotANumber(ValueError):
    def __init__(self, word: str) -> None:
        super().__init__(word)
        self.word = word


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # JSON itself lets a later key silently replace an earlier one (RFC 8259 §4).
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _RepeatedKey(key)
        result[key] = value
    return result


def _constant(word: str) -> Any:
    raise _NotANumber(word)  # NaN, Infinity: not JSON (RFC 8259 §6), Python accepts them


def _entry(item: Any, index: int, label: str) -> ApplicationInput:
    if not isinstance(item, dict):
        raise ValidationError(f"第 {index} 条不是对象", field=label)
    values: dict[str, Any] = {}
    spelled: dict[str, str] = {}
    for key, value in item.items():
        name = str(key).replace("-", "_")
        if name not in _KEYS:
            raise ValidationError(f"第 {index} 条含未知字段「{key}」", field=label)
        if name in spelled:
            raise ValidationError(
                f"第 {index} 条的「{key}」与「{spelled[name]}」是同一字段，重复给出", field=label
            )
        spelled[name] = str(key)
        if value is None:
            values[name] = None
        elif name in _DATES:
            values[name] = _date(value, index, str(key), label)
        elif isinstance(value, str):
            values[name] = value
        else:
            raise ValidationError(
                f"第 {index} 条的「{key}」应为文字（加双引号），而不是{_kind(value)}", field=label
            )
    return ApplicationInput(**values)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "真假值"
    if isinstance(value, int | float):
        return "数字"
    if isinstance(value, dict):
        return "对象"
    if isinstance(value, list):
        return "列表"
    return "日期或时间"


def _date(value: Any, index: int, key: str, label: str) -> date:
    if isinstance(value, datetime):
        raise ValidationError(
            f"第 {index} 条的「{key}」应为日期（YYYY-MM-DD），不能带时间", field=label
        )
    if isinstance(value, date):
        return value
    parsed = parse_iso_date(value) if isinstance(value, str) else None
    if parsed is None:
        shown = value if isinstance(value, str) else json.dumps(value, default=str)
        raise ValidationError(
            f"第 {index} 条的「{key}」不是有效日期（应为 YYYY-MM-DD 格式的文字）：{shown}",
            field=label,
        )
    return parsed
