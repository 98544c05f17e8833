"""Simplified Chinese for click's own words (usage lines, option headings, parse errors).

click looks its strings up through ``gettext`` at call time via module-level ``_`` and
``ngettext`` names; replacing those names in click's modules is enough, no .mo file needed.
"""

from __future__ import annotations

import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types

MESSAGES = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "位置参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "可运行「{command} {option}」查看帮助。",
    "Invalid value: {message}": "取值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 取值无效：{message}",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Missing command.": "缺少命令。",
    "Aborted!": "已中止。",
    "argument": "参数",
    "option": "选项",
    "parameter": "参数",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "required": "必填",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "integer": "整数",
    "float": "数字",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的是/否值：{states}",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是目录。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "Option {name!r} does not take a value.": "选项 {name!r} 不接受取值。",
}

PLURALS = {
    "{value!r} is not {choice}.": "{value!r} 不是可选值；可选：{choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是可选值；可选：{choices}。",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个取值。",
    "Did you mean {possibility}?": "您是否要输入 {possibility}？",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
}


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return PLURALS.get(singular, PLURALS.get(plural, singular if n == 1 else plural))


USAGE_PIECES = {"[OPTIONS]": "[选项]", "COMMAND [ARGS]...": "命令 [参数]..."}
_original_usage_pieces = click.core.Command.collect_usage_pieces


def _usage_pieces(self: click.core.Command, ctx: click.Context) -> list[str]:
    return [USAGE_PIECES.get(piece, piece) for piece in _original_usage_pieces(self, ctx)]


def install() -> None:
    """Make click speak Chinese; idempotent."""
    click.core.Command.collect_usage_pieces = _usage_pieces  # type: ignore[method-assign]
    # A number type's name goes into click's message ("'x' is not a valid integer range").
    click.types.IntParamType.name = "整数"
    click.types.IntRange.name = "整数"
    click.types.FloatParamType.name = "数字"
    click.types.FloatRange.name = "数字"
    for module in (
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.types,
    ):
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
