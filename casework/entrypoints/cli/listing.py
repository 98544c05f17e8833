"""Listing cases (``casework list``): the default agency's cases, or every agency's."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import click

from casework.entrypoints.cli import list_output, pass_app
from casework.entrypoints.cli.list_output import PAGE_SIZE
from casework.entrypoints.cli.params import agency_option, json_option

if TYPE_CHECKING:
    from casework.bootstrap import App


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
@click.option(
    "--page",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    metavar="页码",
    help=f"列出第几页（每页 {PAGE_SIZE} 件）。",
)
@click.option(
    "--all", "everything", is_flag=True, help="列出全部符合条件的案件（边读边输出，不分页）。"
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
    page: int,
    everything: bool,
    as_json: bool,
) -> None:
    """列出案件（证件号码已遮蔽）；默认分页，每页 50 件。

    \b
    示例：
      casework list
      casework list --state registered --agency fgw
      casework list --all-agencies
      casework list --due-within 5 --sort due
      casework list --handler lisi
      casework list --page 2
      casework list --all --json
    """
    from casework.errors import ValidationError
    from casework.services.ports import CaseFilter

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
    if everything and page != 1:
        raise click.UsageError("--page 与 --all 只能选一个")
    query = CaseFilter(
        states=states,
        agency=agency,
        due_on_or_before=today + timedelta(days=due_within) if due_within is not None else None,
        overdue_on=today if overdue else None,
        order_by_due=sort == "due",
        handler=None if handler is None else _known_handler(app, handler),
    )
    if everything:
        list_output.stream(app, query, as_json=as_json)
    else:
        list_output.one_page(app, query, page, as_json=as_json)


def _known_handler(app: App, handler: str) -> str:
    # Imported only for --handler: the hand-off services load the record-keeping workflow,
    # which a plain `list` does not need (issue 18).
    from casework.services.handoffs import check_handler

    return check_handler(app.context(), handler, "--handler（经办人）")
