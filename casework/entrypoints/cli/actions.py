"""Clerk actions as commands of the same name: CASE, --on DATE and the action's own options."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

import click

from casework.entrypoints.cli import pass_app
from casework.entrypoints.cli.output import echo_json
from casework.entrypoints.cli.params import DATE, agency_option, json_option

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
            click.argument("case_ref", metavar="CASE"),
        ):
            wrapped = option(wrapped)
        return click.command(name=name)(wrapped)

    return decorate


def report(app: App, result: ActionResult, as_json: bool) -> None:
    from casework.services.views import action_label, case_view, event_view

    case, event, flow = result.case, result.event, app.context().flow
    if as_json:
        echo_json({"case": case_view(case, flow), "event": event_view(event)})
        return
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


@action_command(
    "request-correction",
    "发出补正告知（条例第三十条：收到申请之日起7个工作日内，一次性告知全部事项）。",
    'casework request-correction 2026-0001 --items "请补充所需文件的文号或名称" --on 2026-04-03',
)
@click.option("--items", required=True, metavar="文字", help="需要补正的全部事项。")
@click.option(
    "--period",
    type=click.IntRange(min=1),
    metavar="工作日",
    help="补正期限，默认按配置（15个工作日）。",
)
@click.option("--late-reason", metavar="文字", help="超过7个工作日才告知补正的理由（将被标记）。")
def request_correction(
    app: App,
    case_ref: str,
    on: date | None,
    agency: str | None,
    as_json: bool,
    items: str,
    period: int | None,
    late_reason: str | None,
) -> None:
    from casework.services import actions

    report(
        app,
        actions.request_correction(
            app.uow(),
            app.context(),
            case_ref,
            items=items,
            period_days=period,
            late_reason=late_reason,
            on=on,
            agency=agency,
        ),
        as_json,
    )


@action_command(
    "receive-correction",
    "收到补正材料，答复期限自收到补正之日起重新计算（条例第三十条）。",
    "casework receive-correction 2026-0001 --on 2026-04-10",
)
def receive_correction(
    app: App, case_ref: str, on: date | None, agency: str | None, as_json: bool
) -> None:
    from casework.services import actions

    report(
        app,
        actions.receive_correction(app.uow(), app.context(), case_ref, on=on, agency=agency),
        as_json,
    )


@action_command(
    "consult",
    "书面征求第三方（条例第三十二条）或其他机关（条例第三十四条）意见，征求期间不计入答复期限。",
    'casework consult 2026-0001 --party "某某公司" --party-kind third-party --on 2026-04-08',
)
@click.option("--party", required=True, metavar="名称", help="被征求意见的第三方或机关。")
@click.option(
    "--party-kind",
    type=click.Choice(["third-party", "agency"]),
    required=True,
    help="third-party 第三方；agency 其他机关。",
)
@click.option(
    "--party-received-on", type=DATE, help="对方收到征求意见函的日期（15个工作日自此起算）。"
)
def consult(
    app: App,
    case_ref: str,
    on: date | None,
    agency: str | None,
    as_json: bool,
    party: str,
    party_kind: str,
    party_received_on: date | None,
) -> None:
    from casework.services import actions

    report(
        app,
        actions.consult(
            app.uow(),
            app.context(),
            case_ref,
            party=party,
            party_kind=party_kind,
            party_received_on=party_received_on,
            on=on,
            agency=agency,
        ),
        as_json,
    )


@action_command(
    "record-opinion",
    "记录被征求方的书面意见；全部答复后恢复计算答复期限。",
    'casework record-opinion 2026-0001 --party "某某公司" --opinion object --on 2026-04-20',
)
@click.option("--party", required=True, metavar="名称", help="被征求意见的第三方或机关。")
@click.option(
    "--opinion",
    type=click.Choice(["agree", "object", "none"]),
    required=True,
    help="agree 同意公开；object 不同意；none 未答复。",
)
def record_opinion(
    app: App,
    case_ref: str,
    on: date | None,
    agency: str | None,
    as_json: bool,
    party: str,
    opinion: str,
) -> None:
    from casework.services import actions

    report(
        app,
        actions.record_opinion(
            app.uow(), app.context(), case_ref, party=party, opinion=opinion, on=on, agency=agency
        ),
        as_json,
    )


@action_command(
    "extend",
    "延期答复（条例第三十三条第二款：经负责人同意，最长20个工作日，仅一次）。",
    'casework extend 2026-0001 --days 20 --reason "涉及档案调取" --approved-by wangwu',
)
@click.option("--days", type=int, required=True, metavar="工作日", help="延长的工作日数（1–20）。")
@click.option("--reason", required=True, metavar="文字", help="延期理由。")
@click.option(
    "--approved-by", required=True, metavar="用户", help="同意延期的政府信息公开工作机构负责人。"
)
def extend(
    app: App,
    case_ref: str,
    on: date | None,
    agency: str | None,
    as_json: bool,
    days: int,
    reason: str,
    approved_by: str,
) -> None:
    from casework.services import actions

    report(
        app,
        actions.extend(
            app.uow(),
            app.context(),
            case_ref,
            days=days,
            reason=reason,
            approved_by=approved_by,
            on=on,
            agency=agency,
        ),
        as_json,
    )


@action_command(
    "request-reasons",
    "要求申请人说明理由（条例第三十五条：申请数量、频次明显超过合理范围），发出说明理由通知；"
    "答复期限继续计算。理由不合理的拟稿 excessive（不予处理），理由合理但无法按期答复的用 defer。",
    'casework request-reasons 2026-0001 --reason "本月已提出42件申请，内容大量重复" '
    "--period-days 15",
)
@click.option(
    "--reason",
    "--items",
    "concern",
    required=True,
    metavar="文字",
    help="申请数量、频次明显超过合理范围的具体情形（写入通知）。",
)
@click.option(
    "--period-days",
    type=int,
    metavar="工作日",
    help="说明理由的期限，自申请人收到通知之日起算；条例未规定，默认按配置（15个工作日）。",
)
def request_reasons(
    app: App,
    case_ref: str,
    on: date | None,
    agency: str | None,
    as_json: bool,
    concern: str,
    period_days: int | None,
) -> None:
    from casework.services import reasons

    report(
        app,
        reasons.request_reasons(
            app.uow(),
            app.context(),
            case_ref,
            concern=concern,
            period_days=period_days,
            on=on,
            agency=agency,
        ),
        as_json,
    )


@action_command(
    "defer",
    "延迟答复（条例第三十五条：申请人说明的理由合理，但无法在法定期限内答复），"
    "另行确定答复期限并发出延迟答复告知书。",
    'casework defer 2026-0001 --until 2026-07-31 --reason "申请涉及十年的预算档案，需逐件检索"',
)
@click.option("--until", type=DATE, required=True, help="另行确定的答复期限。")
@click.option(
    "--reason",
    required=True,
    metavar="文字",
    help="理由合理但无法按期答复的原因（写入告知书）。",
)
def defer(
    app: App,
    case_ref: str,
    on: date | None,
    agency: str | None,
    as_json: bool,
    until: date,
    reason: str,
) -> None:
    from casework.services import actions

    report(
        app,
        actions.defer(
            app.uow(), app.context(), case_ref, until=until, reason=reason, on=on, agency=agency
        ),
        as_json,
    )


@action_command(
    "notify-fee",
    "发出收费通知（条例第四十二条；国办函〔2020〕109号），按件或按量择一计收。",
    "casework notify-fee 2026-0001 --method per-page --pages 150",
)
@click.option(
    "--method",
    type=click.Choice(["per-item", "per-page"]),
    required=True,
    help="per-item 按件（本月累计申请件数）；per-page 按量（页数）。",
)
@click.option("--pages", type=int, metavar="页数", help="按量计收的页数。")
def notify_fee(
    app: App,
    case_ref: str,
    on: date | None,
    agency: str | None,
    as_json: bool,
    method: str,
    pages: int | None,
) -> None:
    from casework.services import actions

    result = actions.notify_fee(
        app.uow(), app.context(), case_ref, method=method, pages=pages, on=on, agency=agency
    )
    report(app, result, as_json)
    fee = result.case.decisions.fee
    if not as_json and fee is not None:
        click.echo(f"收费金额：{fee.amount} 元（{fee.arithmetic}）")


@action_command(
    "record-payment",
    "记录申请人已缴纳信息处理费，恢复计算答复期限。",
    "casework record-payment 2026-0001 --on 2026-05-06",
)
def record_payment(
    app: App, case_ref: str, on: date | None, agency: str | None, as_json: bool
) -> None:
    from casework.services import actions

    report(
        app,
        actions.record_payment(app.uow(), app.context(), case_ref, on=on, agency=agency),
        as_json,
    )


@action_command(
    "record-notice-receipt",
    "记录申请人收到补正告知书或收费通知书的日期（以邮件签收等为准），补正期限、缴费期限自此重新计算。",
    "casework record-notice-receipt 2026-0003 --received-on 2026-04-13",
)
@click.option(
    "--received-on", type=DATE, required=True, help="申请人收到通知的日期（如邮件签收日期）。"
)
def record_notice_receipt(
    app: App,
    case_ref: str,
    on: date | None,
    agency: str | None,
    as_json: bool,
    received_on: date,
) -> None:
    from casework.services import actions

    report(
        app,
        actions.record_notice_receipt(
            app.uow(), app.context(), case_ref, received_on=received_on, on=on, agency=agency
        ),
        as_json,
    )


@action_command(
    "withdraw",
    "申请人撤回申请（年度报告计入“其他”）。",
    'casework withdraw 2026-0001 --reason "申请人书面撤回"',
)
@click.option("--reason", metavar="文字", help="撤回的情况说明。")
def withdraw(
    app: App, case_ref: str, on: date | None, agency: str | None, as_json: bool, reason: str | None
) -> None:
    from casework.services import actions

    report(
        app,
        actions.withdraw(app.uow(), app.context(), case_ref, reason=reason, on=on, agency=agency),
        as_json,
    )
