"""Chinese for the parsers' and pydantic's own error messages.

TOML (tomllib), JSON (json), text decoding and pydantic report problems in English; every
message a clerk reads must be Chinese and name the place and the rule (issue 14).  These
functions turn a library error into that Chinese text: the line and column, and the rule in
words, never the library's English.
"""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

_TOML_PLACE = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")
_TOML_RULES: tuple[tuple[str, str], ...] = (
    ("Cannot overwrite a value", "同一个键重复赋值"),
    ("Cannot declare", "同一个表重复声明"),
    ("Cannot mutate immutable namespace", "不能向内联表或已定义的数组追加键"),
    ("Cannot redefine namespace", "同一个表重复定义"),
    ("Duplicate inline table key", "内联表中的键重复"),
    ("Expected '=' after a key", "键后面缺少等号（=）"),
    ("Expected ']' at the end of a table", "表名后缺少右方括号（]）"),
    ("Expected ']]' at the end of an array", "表数组名后缺少（]]）"),
    ("Expected newline or end of document", "一行只能写一个键值对"),
    ("Expected", "缺少应有的符号"),
    ("Invalid date or datetime", "日期或时间无效"),
    ("Invalid hex value", "转义的十六进制值无效"),
    ("Invalid initial character for a key part", "键的写法无效（含空格或中文的键须加引号）"),
    ("Invalid statement", "无法识别的语句"),
    ("Invalid value", "取值无效（文字须加双引号，日期写作 2026-04-01）"),
    ("Unclosed array", "数组缺少右方括号（]）"),
    ("Unclosed inline table", "内联表缺少右花括号（}）"),
    ("Unterminated string", "字符串缺少结束的引号"),
    ("Illegal character", "字符串中含有不允许的字符（如换行或控制字符）"),
    ("Found invalid character", "含有不允许的字符"),
    ("Unescaped", "反斜杠（\\）须写成 \\\\"),
    ("Escaped character is not a Unicode scalar value", "转义字符不是有效的 Unicode 字符"),
)

_JSON_RULES: tuple[tuple[str, str], ...] = (
    ("Expecting value", "缺少取值（或有多余的逗号）"),
    ("Expecting property name enclosed in double quotes", "键须用双引号括起（或有多余的逗号）"),
    ("Expecting ',' delimiter", "缺少逗号"),
    ("Expecting ':' delimiter", "键后缺少冒号"),
    ("Unterminated string", "字符串缺少结束的双引号"),
    ("Invalid control character", "字符串中含有控制字符（换行须写作 \\n）"),
    ("Invalid \\escape", "无效的转义字符"),
    ("Invalid \\uXXXX escape", "无效的 \\u 转义"),
    ("Extra data", "数据结束后还有多余的内容"),
)


def toml_error(error: tomllib.TOMLDecodeError) -> str:
    """The place and rule of a TOML syntax error, in Chinese."""
    message = str(error)
    place = _TOML_PLACE.search(message)
    if place is None:
        where = ""
    elif place.group(1):
        where = f"第 {place.group(1)} 行第 {place.group(2)} 列："
    else:
        where = "文件末尾："
    text = message[: place.start()] if place else message
    rule = next((chinese for english, chinese in _TOML_RULES if text.startswith(english)), None)
    return f"{where}{rule or 'TOML 语法错误'}"


def json_error(error: json.JSONDecodeError) -> str:
    """The place and rule of a JSON syntax error, in Chinese."""
    rule = next(
        (chinese for english, chinese in _JSON_RULES if error.msg.startswith(english)), None
    )
    return f"第 {error.lineno} 行第 {error.colno} 列：{rule or 'JSON 语法错误'}"


def decode_error(error: UnicodeDecodeError) -> str:
    """Where a file stops being UTF-8."""
    byte = error.object[error.start : error.start + 1].hex().upper()
    return f"文件不是 UTF-8 编码（第 {error.start + 1} 个字节 0x{byte} 无法解码）；请另存为 UTF-8"


NESTING_RULE = "嵌套层次过深，无法读取"


# -- pydantic ------------------------------------------------------------------------------

_PYDANTIC_RULES = {
    "missing": "缺少必填设置项",
    "extra_forbidden": "未知的设置项（请检查拼写）",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_type": "应为文字（加双引号的字符串）",
    "list_type": "应为列表（[...]）",
    "tuple_type": "应为列表（[...]）",
    "dict_type": "应为表（[...] 或 {...}）",
    "model_type": "应为表（[...] 或 {...}）",
    "model_attributes_type": "应为表（[...] 或 {...}）",
    "time_parsing": "应为时间，如 08:30",
    "time_type": "应为时间，如 08:30",
    "date_parsing": "应为日期，如 2026-04-01",
    "date_type": "应为日期，如 2026-04-01",
    "date_from_datetime_inexact": "应为日期，不能带时间",
    "path_type": "应为文件或目录路径",
    "url_parsing": "应为网址",
    "json_invalid": "不是有效的 JSON",
}


def pydantic_rule(error: Any) -> str:
    """The rule one pydantic error dict (``ValidationError.errors()``) states, in Chinese."""
    kind, ctx = error["type"], error.get("ctx") or {}
    fixed = _PYDANTIC_RULES.get(kind)
    if fixed is not None:
        return fixed
    bounds = {
        "greater_than_equal": "不能小于 {ge}",
        "greater_than": "应大于 {gt}",
        "less_than_equal": "不能大于 {le}",
        "less_than": "应小于 {lt}",
        "string_too_short": "至少 {min_length} 个字符（不能为空）",
        "string_too_long": "不能超过 {max_length} 个字符",
        "too_short": "至少 {min_length} 项",
        "too_long": "不能超过 {max_length} 项",
        "string_pattern_mismatch": "格式不正确（应符合 {pattern}）",
        "literal_error": "不是可选值；可选：{expected}",
        "enum": "不是可选值；可选：{expected}",
    }
    template = bounds.get(kind)
    if template is not None:
        try:
            return template.format(**{key: _plain(value) for key, value in ctx.items()})
        except (KeyError, IndexError):
            pass
    if kind in ("value_error", "assertion_error"):
        return str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return "取值无效"


def _plain(value: Any) -> str:
    # pydantic writes the choices of a Literal as "'a', 'b' or 'c'".
    return str(value).replace(" or ", "、").replace("', '", "'、'")
