"""Correction and consultation commands: the actions that stop or restart the reply clock.

A correction notice goes out within 7 working days of receipt and the reply period restarts
on the receipt of the correction (Reg. art. 30); a consultation of a third party (art. 32) or
another agency (art. 34) stops the clock until the answers are in (art. 33 para. 3).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from casework.entrypoints.cli.actions import action_command, report
from casework.entrypoints.cli.attachments import attach_options, request
from casework.entrypoints.cli.params import NAME, NOTE, PARAGRAPHS, PAST_DATE

if TYPE_CHECKING:
    from casework.bootstrap import App


@action_command(
    "request-correction",
    "发出补正告知（条例第三十条：收到申请之日起7个工作日内，一次性告知全部事项）。",
    'casework request-correction 2026-0001 --items "请补充所需文件的文号或名称" --on 2026-04-03',
)
@click.option(
    "--items",
    type=PARAGRAPHS,
    multiple=True,
    metavar="文字",
    help="需要补正的一项内容（申请内容不明确的，条例第三十条）；可重复使用，每项一次，全部保留。",
)
@click.option(
    "--missing",
    type=click.Choice(["identity", "contact", "form", "delivery"]),
    multiple=True,
    metavar="要素",
    help="缺少的申请要素（条例第二十九条第二款）：identity 身份证明、contact 联系方式、"
    "form 信息的形式要求、delivery 获取信息的方式途径；可重复使用。",
)
@click.option(
    "--period",
    type=click.IntRange(1, 60),
    metavar="工作日",
    help="补正期限，默认按配置（15个工作日）。",
)
@click.option(
    "--late-reason", type=NOTE, metavar="文字", help="超过7个工作日才告知补正的理由（将被标记）。"
)
def request_correction(
    app: App,
    case_ref: str,
    on: date | None,
    agency: str | None,
    as_json: bool,
    items: tuple[str, ...],
    missing: tuple[str, ...],
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
            missing=missing,
            period_days=period,
            late_reason=late_reason,
            on=on,
            agency=agency,
        ),
        as_json,
    )


@action_command(
    "receive-correction",
    "收到补正材料，记录补正内容；答复期限自收到补正之日起重新计算（条例第三十条）。",
    'casework receive-correction 2026-0001 --description "2025年度部门预算及说明" --on 2026-04-10',
)
@click.option(
    "--description",
    type=PARAGRAPHS,
    metavar="文字",
    help="补正后的所需信息描述（此后的文书引用补正后的申请）。",
)
@click.option(
    "--other", type=NOTE, metavar="文字", help="其他补正事项，如身份证明、联系方式、获取方式。"
)
def receive_correction(
    app: App,
    case_ref: str,
    on: date | None,
    agency: str | None,
    as_json: bool,
    description: str | None,
    other: str | None,
) -> None:
    from casework.services import actions

    report(
        app,
        actions.receive_correction(
            app.uow(),
            app.context(),
            case_ref,
            description=description,
            other=other,
            on=on,
            agency=agency,
        ),
        as_json,
    )


@action_command(
    "consult",
    "书面征求第三方（条例第三十二条）或其他机关（条例第三十四条）意见，征求期间不计入答复期限。",
    'casework consult 2026-0001 --party "某某公司" --party-kind third-party '
    '--concern "第3页所列某某公司的投标报价，公开可能泄露其商业秘密" --on 2026-04-08',
)
@click.option(
    "--party", type=NAME, required=True, metavar="名称", help="被征求意见的第三方或机关。"
)
@click.option(
    "--party-kind",
    type=click.Choice(["third-party", "agency"]),
    required=True,
    help="third-party 第三方；agency 其他机关。",
)
@click.option(
    "--party-received-on", type=PAST_DATE, help="对方收到征求意见函的日期（15个工作日自此起算）。"
)
@click.option(
    "--concern",
    type=PARAGRAPHS,
    metavar="文字",
    help="征求第三方意见时必填：信息中涉及该第三方的部分，以及公开可能对其造成的损害（条例第三十二条）。",
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
    concern: str | None,
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
            concern=concern,
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
@click.option(
    "--party", type=NAME, required=True, metavar="名称", help="被征求意见的第三方或机关。"
)
@click.option(
    "--opinion",
    type=click.Choice(["agree", "object", "none"]),
    required=True,
    help="agree 同意公开；object 不同意；none 未答复。",
)
@attach_options("third_party_opinion")
def record_opinion(
    app: App,
    case_ref: str,
    on: date | None,
    agency: str | None,
    as_json: bool,
    party: str,
    opinion: str,
    attach: tuple[Path, ...],
    attach_kind: str,
) -> None:
    from casework.services import actions

    report(
        app,
        actions.record_opinion(
            app.uow(),
            app.context(),
            case_ref,
            party=party,
            opinion=opinion,
            on=on,
            agency=agency,
            attach=request(attach, attach_kind, None),
        ),
        as_json,
    )
