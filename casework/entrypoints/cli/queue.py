"""``casework queue``: the reviewer's queue (issue 20), drafts awaiting 审签 and extension
requests awaiting the head, as a table or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from casework.entrypoints.cli import pass_app
from casework.entrypoints.cli.output import echo_json, table
from casework.entrypoints.cli.params import json_option

if TYPE_CHECKING:
    from casework.bootstrap import App
    from casework.services.review_queue import QueueItem

PROVISIONAL_MARK = "暂定"


@click.command(name="queue")
@click.option("--agency", metavar="机关代码", help="只列出该机关的事项；默认为本人负责的全部机关。")
@json_option
@pass_app
def queue(app: App, agency: str | None, as_json: bool) -> None:
    """待审事项：待审签的答复草稿（审核人、负责人）和待批准的延期申请（负责人），
    按答复期限由近及远排列。本人拟稿的草稿不列出（审核、审签须由他人办理）。

    \b
    示例：
      casework queue
      casework queue --agency tj --json
    """
    from casework.services.review_queue import review_queue

    ctx = app.context()
    found = review_queue(app.uow(), ctx, agency=agency)
    if as_json:
        from casework.entrypoints.json_views import queue_json

        echo_json(queue_json(found))
        return
    if not found:
        click.echo(f"「{ctx.actor}」没有待审事项。")
        return
    click.echo(table(HEADERS, [_row(item) for item in found]))
    click.echo(f"共 {len(found)} 项。")


HEADERS = ["案件编号", "机关", "类别", "申请人", "期限", "剩余工作日", "待定标记", "提出人"]


def _row(item: QueueItem) -> tuple[str, ...]:
    from casework.services.review_queue import KIND_LABELS

    left = str(item.days_left) if item.days_left >= 0 else f"逾期 {-item.days_left}"
    return (
        item.reference,
        item.agency,
        KIND_LABELS[item.kind],
        item.applicant,
        item.due.isoformat(),
        left,
        PROVISIONAL_MARK if item.provisional else "",
        item.drafted_by or "",
    )


COMMANDS = [queue]
