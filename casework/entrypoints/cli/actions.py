"""Clerk actions as commands of the same name: CASE, --on DATE and the action's own options.

This module holds the frame every action command shares (``action_command``: CASE, --on,
--agency, --json and a Chinese help with an example) and the report printed after it; the
commands themselves are in ``corrections`` (corrections and consultations) and ``periods``
(extension, reasons and deferral, fees, notice receipts, withdrawal).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from casework.entrypoints.cli import pass_app
from casework.entrypoints.cli.output import echo_json
from casework.entrypoints.cli.params import DATE, agency_option, case_argument, json_option

if TYPE_CHECKING:
    from casework.bootstrap import App
    from casework.services.workflow_support import ActionResult

F = Callable[..., Any]


def action_command(name: str, summary: str, example: str) -> Callable[[F], click.Command]:
    """A command taking CASE, --on, --agency and --json, with a Chinese help and example."""

    def decorate(function: F) -> click.Command:
        function.__doc__ = f"{summary}\n\n\b\n示例：\n  {example}"
        wrapped = pass_app(function)
        for option in (
            json_option,
            agency_option,
            click.option("--on", type=DATE, help="生效日期（法律上的办理日期），默认今天。"),
            case_argument,
        ):
            wrapped = option(wrapped)
        return click.command(name=name)(wrapped)

    return decorate


def report(app: App, result: ActionResult, as_json: bool) -> None:
    from casework.services.views import action_label, case_view, event_view

    case, event, flow = result.case, result.event, app.context().flow
    if as_json:  # the journal entry carries the backdating flag
        echo_json({"case": case_view(case, flow), "event": event_view(event)})
        return
    if late := event.data.get("backdated_working_days"):
        click.echo(
            f"提示：生效日期 {event.effective_on.isoformat()} 早于今天 {late} 个工作日，"
            "已在办理日志中标记为补录；请确认日期无误",
            err=True,
        )
    click.echo(
        f"案件 {case.number}：{action_label(flow, event.action)}（{event.effective_on.isoformat()}），"
        f"{flow.state_label(event.state_before or '')} → {flow.state_label(event.state_after)}"
    )
    if case.clock_status == "stopped":
        click.echo("答复期限：计时中止")
    elif case.reply_due_on and case.clock_status == "running":
        marker = "（暂定）" if case.due_provisional else ""
        click.echo(f"答复期限：{case.reply_due_on.isoformat()}{marker}")
    if case.next_deadline_kind and case.next_deadline_kind != "reply" and case.next_deadline_on:
        from casework.services.views import deadline_label

        click.echo(
            f"下一期限：{deadline_label(case.next_deadline_kind)} "
            f"{case.next_deadline_on.isoformat()}"
        )
    if case.reply_number:
        click.echo(f"答复文号：{case.reply_number}")
