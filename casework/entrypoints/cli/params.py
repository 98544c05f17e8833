"""Parameter types and shared options with Chinese messages."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click


class DateParam(click.ParamType[date]):
    """A calendar date written ``YYYY-MM-DD``; with ``not_after_today``, no later than today
    (``CASEWORK_NOW`` in tests and demos)."""

    name = "日期"

    def __init__(self, *, not_after_today: bool = False) -> None:
        self.not_after_today = not_after_today

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        from casework.domain.application.validation import parse_iso_date

        if isinstance(value, date):
            return value
        parsed = parse_iso_date(str(value))
        if parsed is None:
            self.fail(f"「{value}」不是有效日期，格式应为 YYYY-MM-DD，例如 2026-04-01", param, ctx)
        if self.not_after_today:
            from casework.bootstrap import current_time

            today = current_time().date()
            if parsed > today:
                self.fail(f"{parsed.isoformat()} 晚于今天（{today.isoformat()}）", param, ctx)
        return parsed


DATE = DateParam()
# A day that has already happened: a receipt, a signature, a date up to which lapses apply.
PAST_DATE = DateParam(not_after_today=True)


class TextParam(click.ParamType[str]):
    """Free text that goes into a letter or the journal: at most ``limit`` characters, no
    control characters (line breaks only where ``multiline``), no bidirectional overrides, and
    something visible when it is not blank.  Blank text is left to the action, which knows
    whether the option is required."""

    name = "文字"

    def __init__(self, limit: int, *, multiline: bool = True) -> None:
        self.limit = limit
        self.multiline = multiline

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from casework.domain.application.validation import (
            control_character_problem,
            visible_text_problem,
        )

        text = str(value)
        if len(text.strip()) > self.limit:
            self.fail(f"不得超过 {self.limit} 个字符，实际为 {len(text.strip())} 个", param, ctx)
        problem = control_character_problem(text, multiline=self.multiline)
        if problem is None and text.strip():
            problem = visible_text_problem(text)
        if problem is not None:
            self.fail(problem, param, ctx)
        return text


# Limits fit for a letter: a name or an organ fits a line, an order a paragraph, the facts,
# reasons or search process of a decision a page or two.
NAME = TextParam(200, multiline=False)
REFERENCE = TextParam(100, multiline=False)
NOTE = TextParam(2000)
PARAGRAPHS = TextParam(4000)


class OutputPath(click.ParamType[Path]):
    """A file to write: its folder exists, it is not a folder, its name ends in ``suffix``."""

    name = "文件"

    def __init__(self, suffix: str) -> None:
        self.suffix = suffix

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        path = Path(value).expanduser()
        if path.is_dir():
            self.fail(f"「{path}」是目录，应为文件", param, ctx)
        if path.suffix.lower() != self.suffix:
            self.fail(f"文件名应以 {self.suffix} 结尾，而不是「{path.name}」", param, ctx)
        if not path.parent.is_dir():
            self.fail(f"目录「{path.parent}」不存在", param, ctx)
        return path


json_option = click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（供程序读取）。")
agency_option = click.option(
    "--agency", metavar="机关代码", help="机关代码；默认为配置中的默认机关。"
)


def case_argument(function: Any) -> Any:
    """The CASE argument (case number or query code), completed from the database."""
    from casework.entrypoints.cli.completion import complete_case

    return click.argument("case_ref", metavar="CASE", shell_complete=complete_case)(function)
