"""Corrections and hand-offs (issue 17): ``amend`` (更正登记), ``assign`` (转办/签收), ``todo``
(a clerk's 待办) and ``void`` (作废登记)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click

from casework.entrypoints.cli import pass_app
from casework.entrypoints.cli.actions import action_command, report
from casework.entrypoints.cli.cases import APPLICANT_TYPES, CHANNELS, ID_TYPES
from casework.entrypoints.cli.output import echo_json, table
from casework.entrypoints.cli.params import (
    DATE,
    NAME,
    NOTE,
    agency_option,
    case_argument,
    json_option,
)

if TYPE_CHECKING:
    from casework.bootstrap import App
    from casework.services.workflow_support import ActionResult

FIELD_NAMES = {
    "applicant": "申请人",
    "applicant_type": "申请人类型",
    "id_type": "证件类型",
    "id_number": "证件号码",
    "contact": "联系方式",
    "address": "通讯地址",
    "channel": "申请方式",
    "arrived_on": "实际到达日期",
    "received_on": "收到申请之日",
    "description": "所需信息描述",
    "form": "获取信息的形式",
    "delivery": "获取信息的方式",
    "assistance": "协助记录",
}


@click.command(name="amend")
@case_argument
@click.option("--reason", type=NOTE, metavar="文字", help="更正理由（必填），记入办理日志。")
@click.option("--applicant", type=NAME, metavar="姓名或名称", help="申请人姓名或名称。")
@click.option("--applicant-type", type=click.Choice(APPLICANT_TYPES), help="申请人类型。")
@click.option("--id-type", type=click.Choice(ID_TYPES), help="证件类型。")
@click.option("--id-number", metavar="号码", help="证件号码；身份证和统一社会信用代码校验校验位。")
@click.option("--contact", metavar="联系方式", help="电话、电子邮箱等。")
@click.option("--address", metavar="地址", help="通讯地址。")
@click.option("--channel", type=click.Choice(CHANNELS), help="申请方式（条例第三十一条）。")
@click.option("--arrived-on", type=DATE, help="申请实际到达日期。")
@click.option("--received-on", type=DATE, help="收到申请之日；改动后重新计算全部期限。")
@click.option("--description", metavar="文字", help="所需政府信息的描述。")
@click.option(
    "--form", type=click.Choice(["paper", "electronic", "other"]), help="获取信息的形式。"
)
@click.option(
    "--delivery",
    type=click.Choice(["pick-up", "post", "email", "online", "fax"]),
    help="获取信息的方式。",
)
@click.option("--assistance", metavar="文字", help="协助记录（条例第四十三条）。")
@agency_option
@json_option
@pass_app
def amend(
    app: App, case_ref: str, reason: str | None, agency: str | None, as_json: bool, **given: Any
) -> None:
    """更正案件的登记内容（申请人、联系方式、所需信息描述、申请方式和收到日期等），
    须写明理由；办理日志保留更正前后的内容。收到申请之日改动的，重新计算全部期限并列出。
    已出具的文书不改写。

    \b
    示例：
      casework amend 2026-0001 --applicant 张三丰 --reason "登记时姓名录入错误"
      casework amend 2026-0001 --received-on 2026-04-02 --reason "邮件签收日期录入错误"
    """
    from casework.services.amendment import amend as run_amend

    changes = {name: value for name, value in given.items() if value is not None}
    result = run_amend(app.uow(), app.context(), case_ref, changes, reason=reason, agency=agency)
    if as_json:
        report(app, result, as_json=True)
        return
    data = result.event.data
    click.echo(f"案件 {result.case.number} 已更正登记内容（理由：{data['reason']}）：")
    rows = [
        (FIELD_NAMES[name], change["before"] or "—", change["after"] or "—")
        for name, change in data["changes"].items()
    ]
    click.echo(table(["登记项", "更正前", "更正后"], rows))
    if dates := data.get("dates"):
        before, after = dates["before"], dates["after"]
        click.echo(
            "收到申请之日已改动，全部期限已重新计算："
            f"答复期限 {before['reply_due_on'] or '—'} → {after['reply_due_on'] or '—'}；"
            f"下一期限 {before['next_deadline_on'] or '—'} → {after['next_deadline_on'] or '—'}"
        )
    elif "received_on" in data["changes"]:  # e.g. the reply period runs from a correction
        click.echo("收到申请之日已改动，全部期限已重新计算：均无变化。")
    click.echo("已出具的文书未改写；如需向申请人更正，请另行出具文书。")


@click.command(name="assign")
@case_argument
@click.option("--to", "to", required=True, metavar="用户", help="接办人（用户名）；本人即签收。")
@click.option("--note", type=NOTE, metavar="文字", help="转办说明。")
@agency_option
@json_option
@pass_app
def assign(
    app: App, case_ref: str, to: str, note: str | None, agency: str | None, as_json: bool
) -> None:
    """转办或签收案件：经办人改为 --to 指定的用户（本人即签收），记入办理日志。

    \b
    示例：
      casework assign 2026-0001 --to lisi --note "涉及财务数据，转财务科办理"
      casework assign 2026-0001 --to zhangsan
    """
    from casework.services.handoffs import assign as run_assign
    from casework.services.registers import handler_name

    ctx = app.context()
    result = run_assign(app.uow(), ctx, case_ref, to=to, note=note, agency=agency)
    if as_json:
        report(app, result, as_json=True)
        return
    data = result.event.data
    click.echo(
        f"案件 {result.case.number} 已{data['kind']}：经办人 {handler_name(ctx, data['from'])} → "
        f"{handler_name(ctx, data['to'])}"
    )


@click.command(name="todo")
@click.option("--user", "user", metavar="用户", help="查看该用户的待办（默认当前用户）。")
@agency_option
@json_option
@pass_app
def todo(app: App, user: str | None, agency: str | None, as_json: bool) -> None:
    """个人待办：本人经办、尚未归档或作废的案件，按下一期限由近及远排列。

    \b
    示例：
      casework todo
      casework todo --user lisi --json
    """
    from casework.services.handoffs import check_handler, todo_of
    from casework.services.views import deadline_label

    ctx = app.context()
    handler = ctx.actor if user is None else check_handler(ctx, user, "--user（用户）")
    found, noticed, notices = todo_of(app.uow(), ctx, handler, app.today(), agency)
    if as_json:
        from casework.entrypoints.json_views import todo_json

        echo_json(todo_json([*found, *noticed], notices, ctx.flow))
        return
    if not found and not notices:
        click.echo(f"「{handler}」没有待办案件。")
        return
    if notices:
        click.echo("提示：\n" + "\n".join(f"  {a.message}" for a in notices))
    if not found:
        return
    rows = [
        (
            c.next_deadline_on.isoformat() if c.next_deadline_on else "—",
            deadline_label(c.next_deadline_kind) if c.next_deadline_kind else "",
            c.number,
            c.agency,
            ctx.flow.state_label(c.state),
            c.applicant.name,
        )
        for c in found
    ]
    click.echo(table(["下一期限", "期限种类", "案件编号", "机关", "状态", "申请人"], rows))
    click.echo(f"共 {len(found)} 件。")


@action_command(
    "void",
    "作废误登记的记录（不是政府信息公开申请，如重复录入、录错机关）：保留办理日志，"
    "不计入年度报告；须写明理由。",
    'casework void 2026-0002 --reason "同一申请重复登记，见 2026-0001"',
)
@click.option("--reason", type=NOTE, metavar="文字", help="作废理由（必填）。")
def void(
    app: App, case_ref: str, on: date | None, agency: str | None, as_json: bool, reason: str | None
) -> None:
    from casework.services import actions

    result: ActionResult = actions.void(
        app.uow(), app.context(), case_ref, reason=reason, on=on, agency=agency
    )
    report(app, result, as_json)


COMMANDS = (amend, assign, todo, void)
