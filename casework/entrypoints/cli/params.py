"""Parameter types and shared options with Chinese messages."""

from __future__ import annotations

from datetime import date
from typing import Any

import click


class DateParam(click.ParamType[date]):
    """A calendar date written ``YYYY-MM-DD``."""

    name = "日期"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"「{value}」不是有效日期，格式应为 YYYY-MM-DD，例如 2026-04-01", param, ctx)


DATE = DateParam()

json_option = click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（供程序读取）。")
agency_option = click.option(
    "--agency", metavar="机关代码", help="机关代码；默认为配置中的默认机关。"
)
