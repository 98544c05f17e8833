"""Listing cases (``casework list``): the default agency's cases, or every agency's."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import click

from casework.entrypoints.cli import pass_app
from casework.entrypoints.cli.cases import outcome_text
from casework.entrypoints.cli.output import echo_json, table
from casework.entrypoints.cli.params import agency_option, json_option

if TYPE_CHECKING:
    from casework.bootstrap import App
    from casework.domain.case.records import Case


@click.command(name="list")
@click.option(
    "--state", "states", multiple=True, metavar="状态", help="只列出该状态的案件（可重复）。"
)
@agency_option
@click.option("--all-agencies", is_flag=True, help="列出所有机关的案件（默认只列默认机关）。")
@click.option(
    "--due-within",
    type=click.IntRange(min=0, max=3660),
    metavar="天数",
    help="只列出答复期限在今后 N 个自然日内的办理中案件。",
)
@click.option("--overdue", is_flag=True, help="只列出已超过答复期限的办理中案件。")
@click.option("--handler", metavar="用户", help="只列出该用户经办的案件（转办/签收后的经办人）。")
@click.option(
    "--sort",
    type=click.Choice(["received", "due"]),
    default="received",
    help="排序：received 按收到日期，due 按答复期限。",
)
@json_option
@pass_app
def list_(
    app: App,
    states: tuple[str, ...],
    agency: str | None,
    all_agencies: bool,
    due_within: int | None,
    overdue: bool,
    handler: str | None,
    sort: str,
    as_json: bool,
) -> None:
    """列出案件（证件号码已遮蔽）。

    \b
    示例：
      casework list
      casework list --state registered --agency fgw
      casework list --all-agencies
      casework list --due-within 5 --sort due
      casework list --handler lisi
    """
    from casework.errors import ValidationError
    from casework.services.handoffs import check_handler
    from casework.services.ports import CaseFilter
    from casework.services.queries import list_cases
    from casework.services.views import case_view

    flow = app.context().flow
    known = flow.states
    for state in states:
        if state not in known:
            raise ValidationError(
                f"「{state}」不是流程中的状态；可选：{'、'.join(known)}", field="--state（状态）"
            )
    today = app.today()
    if all_agencies and agency:
        raise click.UsageError("--agency 与 --all-agencies 只能选一个")
    if not all_agencies:
        agency = app.context().agency(agency)[0]  # the default agency unless --agency
    if due_within is not None or overdue:
        from casework.services.clocks import open_states

        # Due and overdue concern only cases not yet concluded.
        still_open = open_states(app.context())
        states = tuple(s for s in states if s in still_open) if states else still_open
    query = CaseFilter(
        states=states,
        agency=agency,
        due_on_or_before=today + timedelta(days=due_within) if due_within is not None else None,
        overdue_on=today if overdue else None,
        order_by_due=sort == "due",
        handler=None
        if handler is None
        else check_handler(app.context(), handler, "--handler（经办人）"),
    )
    found = list_cases(app.uow(), query)
    if as_json:
        echo_json([case_view(case, flow) for case in found])
        return
    if not found:
        click.echo("没有符合条件的案件。")
        return
    rows = [
        (
            c.number,
            c.agency,
            flow.state_label(c.state),
            c.applicant.name,
            c.received_on.isoformat(),
            _due_text(c, today),
            outcome_text(app, c.outcome),
        )
        for c in found
    ]
    click.echo(table(["案件编号", "机关", "状态", "申请人", "收到日期", "答复期限", "结果"], rows))
    click.echo(f"共 {len(found)} 件。")


def _due_text(case: Case, today: date) -> str:
    if case.reply_due_on is None:
        return "—"
    marker = "（已逾期）" if case.reply_due_on < today and case.clock_status == "running" else ""
    provisional = "（暂定）" if case.due_provisional else ""
    return f"{case.reply_due_on.isoformat()}{provisional}{marker}"
