"""The case journal (办理日志): ``casework history``, every event of a case, append-only."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from casework.entrypoints.cli import pass_app
from casework.entrypoints.cli.output import echo_json, table
from casework.entrypoints.cli.params import agency_option, case_argument, json_option

if TYPE_CHECKING:
    from casework.bootstrap import App


@click.command()
@case_argument
@agency_option
@json_option
@pass_app
def history(app: App, case_ref: str, agency: str | None, as_json: bool) -> None:
    """查看案件的办理日志（只增不改）。

    \b
    示例：
      casework history 2026-0001
    """
    from casework.services.queries import case_history
    from casework.services.views import action_label, event_view

    case, events = case_history(app.reader(), case_ref, agency, app.context().default_agency)
    flow = app.context().flow
    if as_json:
        echo_json({"case": case.number, "events": [event_view(e) for e in events]})
        return
    rows = [
        (
            e.seq,
            e.recorded_at.strftime("%Y-%m-%d %H:%M:%S"),
            e.effective_on.isoformat(),
            e.actor + ("（声明身份）" if e.identity == "declared" else ""),
            action_label(flow, e.action)
            + ("（补录）" if e.data.get("backdated_working_days") else ""),
            f"{flow.state_label(e.state_before) if e.state_before else '—'} → "
            f"{flow.state_label(e.state_after)}",
        )
        for e in events
    ]
    click.echo(f"案件 {case.number} 办理日志：")
    click.echo(table(["序号", "记录时间", "生效日期", "操作人", "操作", "状态变化"], rows))
    if any(e.identity == "declared" for e in events):
        click.echo("注：标「声明身份」的操作人由 --user / CASEWORK_USER 指定，未经登录认证。")
