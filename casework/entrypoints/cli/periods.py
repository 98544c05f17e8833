"""Commands on the reply period and on how a case leaves it early.

The extension (Reg. art. 33 para. 2), the request for reasons and the deferral (art. 35), the
fee notice and its payment (art. 42; the Fee measures), the applicant's receipt of a notice
(which restarts the correction or payment period), and the applicant's withdrawal.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from casework.entrypoints.cli.actions import action_command, report
from casework.entrypoints.cli.attachments import attach_options, request
from casework.entrypoints.cli.params import DATE, NAME, NOTE, PARAGRAPHS, PAST_DATE

if TYPE_CHECKING:
    from casework.bootstrap import App


@action_command(
    "extend",
    "延期答复（条例第三十三条第二款：经负责人同意，最长20个工作日，仅一次）。"
    "负责人执行即批准；经办人执行则提出延期申请，由负责人以本人身份执行 approve-extension 批准。",
    'casework extend 2026-0001 --days 20 --reason "涉及档案调取"',
)
@click.option("--days", type=int, required=True, metavar="工作日", help="延长的工作日数（1–20）。")
@click.option("--reason", type=NOTE, required=True, metavar="文字", help="延期理由。")
@click.option(
    "--approved-by",
    type=NAME,
    metavar="用户",
    help="批准人；只能是当前用户本人（负责人），不能代填他人。",
)
def extend(
    app: App,
    case_ref: str,
    on: date | None,
    agency: str | None,
    as_json: bool,
    days: int,
    reason: str,
    approved_by: str | None,
) -> None:
    from casework.services import actions

    result = actions.extend(
        app.uow(),
        app.context(),
        case_ref,
        days=days,
        reason=reason,
        approved_by=approved_by,
        on=on,
        agency=agency,
    )
    report(app, result, as_json)
    if not as_json and result.event.data.get("pending"):
        click.echo("延期申请已记录，待政府信息公开工作机构负责人执行 approve-extension 批准")


@action_command(
    "approve-extension",
    "批准经办人提出的延期申请（条例第三十三条第二款），须由负责人以本人身份在答复期限届满前办理，"
    "并发出延期答复告知书。",
    "casework approve-extension 2026-0001",
)
def approve_extension(
    app: App, case_ref: str, on: date | None, agency: str | None, as_json: bool
) -> None:
    from casework.services import actions

    result = actions.approve_extension(app.uow(), app.context(), case_ref, on=on, agency=agency)
    report(app, result, as_json)


@action_command(
    "refuse-extension",
    "不同意经办人提出的延期申请（条例第三十三条第二款：延期须经负责人同意），须由负责人以本人身份"
    "办理并说明理由；答复期限不变，申请被清除，经办人在提醒和待办中看到结果，可在法律允许时再次申请。",
    'casework refuse-extension 2026-0001 --reason "档案可在期限内调取，无须延期"',
)
@click.option("--reason", type=NOTE, required=True, metavar="文字", help="不同意延期的理由。")
def refuse_extension(
    app: App, case_ref: str, on: date | None, agency: str | None, as_json: bool, reason: str
) -> None:
    from casework.services import actions

    result = actions.refuse_extension(
        app.uow(), app.context(), case_ref, reason=reason, on=on, agency=agency
    )
    report(app, result, as_json)


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
    type=PARAGRAPHS,
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
    "casework defer 2026-0001 --until 2026-07-31 --reasons-received-on 2026-04-15 "
    '--reason "申请涉及十年的预算档案，需逐件检索"',
)
@click.option("--until", type=DATE, required=True, help="另行确定的答复期限。")
@click.option(
    "--reasons-received-on",
    type=PAST_DATE,
    required=True,
    help="收到申请人说明理由的日期（须在说明理由期限内）。",
)
@click.option(
    "--reason",
    type=PARAGRAPHS,
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
    reasons_received_on: date,
    reason: str,
) -> None:
    from casework.services import actions

    result = actions.defer(
        app.uow(),
        app.context(),
        case_ref,
        until=until,
        reasons_received_on=reasons_received_on,
        reason=reason,
        on=on,
        agency=agency,
    )
    report(app, result, as_json)


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
@click.option("--pages", type=click.IntRange(1, 100_000), metavar="页数", help="按量计收的页数。")
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
    "casework record-payment 2026-0001 --amount 100 --receipt 0012345 --paid-by bank-transfer "
    "--on 2026-05-06",
)
@click.option("--amount", metavar="元", help="实际缴纳的金额（元）；与收费通知金额不符的不予记录。")
@click.option("--receipt", metavar="票据号码", help="开具的非税收入票据号码。")
@click.option(
    "--paid-by",
    type=click.Choice(["cash", "bank-transfer", "pos", "online"]),
    help="缴纳方式：cash 现金；bank-transfer 银行转账；pos 刷卡；online 网上缴费。",
)
@attach_options("payment_receipt")
def record_payment(
    app: App,
    case_ref: str,
    on: date | None,
    agency: str | None,
    as_json: bool,
    amount: str | None,
    receipt: str | None,
    paid_by: str | None,
    attach: tuple[Path, ...],
    attach_kind: str,
) -> None:
    from casework.services import actions

    result = actions.record_payment(
        app.uow(),
        app.context(),
        case_ref,
        amount=amount,
        receipt_number=receipt,
        paid_by=paid_by,
        on=on,
        agency=agency,
        attach=request(attach, attach_kind, None),
    )
    report(app, result, as_json)
    fee = result.case.decisions.fee
    if not as_json and fee is not None:
        click.echo(
            f"缴费：{fee.paid_amount or fee.amount} 元，票据号码 {fee.receipt_number or '未记录'}"
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
    "申请人撤回申请：记录撤回日期和方式，发出撤回申请确认书，作废未发出的答复草稿"
    "（年度报告计入“其他”）。",
    'casework withdraw 2026-0001 --how written --reason "申请人书面撤回"',
)
@click.option(
    "--how",
    type=click.Choice(["written", "in-person", "phone", "online", "email"]),
    help="（必填）撤回方式：written 书面；in-person 当面口头；phone 电话；online 申请平台；email 电子邮件。",
)
@click.option("--reason", type=NOTE, metavar="文字", help="撤回的情况说明。")
def withdraw(
    app: App,
    case_ref: str,
    on: date | None,
    agency: str | None,
    as_json: bool,
    how: str | None,
    reason: str | None,
) -> None:
    from casework.services import actions

    report(
        app,
        actions.withdraw(
            app.uow(), app.context(), case_ref, how=how, reason=reason, on=on, agency=agency
        ),
        as_json,
    )
