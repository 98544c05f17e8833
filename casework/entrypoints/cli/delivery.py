"""After the reply: 送达 (deliver, record-signed-for; Delivery, domain.md §2.4) and 归档 (archive,
Reg. art. 45)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from casework.entrypoints.cli.actions import action_command, report
from casework.entrypoints.cli.attachments import attach_options, request
from casework.entrypoints.cli.params import NOTE, PAST_DATE, REFERENCE

if TYPE_CHECKING:
    from casework.bootstrap import App


@action_command(
    "deliver",
    "送达：当面或电子送达以交付之日、邮寄以交邮之日为答复作出之日。",
    "casework deliver 2026-0001 --method post --tracking EA123456789CN --on 2026-04-28\n"
    "  casework deliver 2026-0001 --method electronic --address zhang@example.cn "
    '--consent "申请表勾选同意电子送达（2026-04-01）"',
)
@click.option(
    "--method",
    type=click.Choice(["post", "in-person", "electronic"]),
    required=True,
    help="post 邮寄（须经邮政企业 EMS/中国邮政，不得用快递）；in-person 当面；electronic 电子送达。",
)
@click.option(
    "--tracking",
    type=REFERENCE,
    metavar="单号",
    help="邮政邮件单号（邮寄时必填，快递单号不予接受）。",
)
@click.option(
    "--signed-on",
    type=PAST_DATE,
    help="申请人签收日期；送达时尚不知道的，以后用 record-signed-for 记录。",
)
@click.option(
    "--consent", type=NOTE, metavar="文字", help="申请人同意电子送达的情况（电子送达时必填）。"
)
@click.option(
    "--address",
    type=REFERENCE,
    metavar="邮箱或账号",
    help="电子送达所用的电子邮箱或平台账号（电子送达时必填）。",
)
@attach_options("delivery_proof")
def deliver(
    app: App,
    case_ref: str,
    on: date | None,
    agency: str | None,
    as_json: bool,
    method: str,
    tracking: str | None,
    signed_on: date | None,
    consent: str | None,
    address: str | None,
    attach: tuple[Path, ...],
    attach_kind: str,
) -> None:
    from casework.services import review

    result = review.deliver(
        app.uow(),
        app.context(),
        case_ref,
        method=method,
        tracking=tracking,
        signed_on=signed_on,
        consent=consent,
        address=address,
        on=on,
        agency=agency,
        attach=request(attach, attach_kind, None),
    )
    report(app, result, as_json)
    delivery = result.case.decisions.reply.delivery
    if not as_json and delivery is not None:
        click.echo("按期答复：是" if delivery.on_time else "按期答复：否（超过答复期限）")
        if delivery.signed_on is None and delivery.method == "post":
            click.echo(
                f"签收日期：尚未记录（回执返回后运行 casework record-signed-for {result.case.number}"
                " --signed-on 日期）"
            )


@action_command(
    "record-signed-for",
    "记录申请人签收送达文书的日期（如邮件回执返回后）；答复作出之日仍为交邮之日。",
    "casework record-signed-for 2026-0001 --signed-on 2026-04-30",
)
@click.option("--signed-on", type=PAST_DATE, required=True, help="申请人签收日期（以回执为准）。")
def record_signed_for(
    app: App, case_ref: str, on: date | None, agency: str | None, as_json: bool, signed_on: date
) -> None:
    from casework.services import review

    result = review.record_signed_for(
        app.uow(), app.context(), case_ref, signed_on=signed_on, on=on, agency=agency
    )
    report(app, result, as_json)
    if not as_json:
        click.echo(f"签收日期：{signed_on.isoformat()}")


@action_command(
    "archive",
    "归档：固定案件全部材料与办理日志（校验值），此后只读。",
    "casework archive 2026-0001",
)
def archive(app: App, case_ref: str, on: date | None, agency: str | None, as_json: bool) -> None:
    from casework.services import review

    report(app, review.archive(app.uow(), app.context(), case_ref, on=on, agency=agency), as_json)
