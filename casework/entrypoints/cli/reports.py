"""The annual report, remedies, registers and statistics (issue #7)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from casework.entrypoints.cli import pass_app
from casework.entrypoints.cli.attachments import attach_options
from casework.entrypoints.cli.output import echo_json, table, tally_bar
from casework.entrypoints.cli.params import (
    DATE,
    NAME,
    PAST_DATE,
    agency_option,
    case_argument,
    json_option,
)
from casework.entrypoints.cli.registers import (
    DOCX,
    XLSX,
    all_agencies_option,
    candidates,
    export,
    stats,
)

if TYPE_CHECKING:
    from casework.bootstrap import App


@click.group(name="report")
def report_group() -> None:
    """年度报告（政府信息公开工作年度报告，条例第四十九条、第五十条）。

    \b
    示例：
      casework report annual --year 2026
      casework report annual --year 2026 --xlsx 表三表四.xlsx --docx 表三表四.docx
    """


@report_group.command(name="annual")
@click.option(
    "--year", type=click.IntRange(min=2008), metavar="年度", help="报告年度，默认上一年度。"
)
@agency_option
@all_agencies_option
@click.option(
    "--xlsx", type=XLSX, metavar="文件", help="另存为 Excel 表格（按官方表样合并单元格）。"
)
@click.option(
    "--docx", type=DOCX, metavar="文件", help="另存为 Word 表格（可直接粘贴进年度报告）。"
)
@json_option
@pass_app
def annual(
    app: App,
    year: int | None,
    agency: str | None,
    all_agencies: bool,
    xlsx: Path | None,
    docx: Path | None,
    as_json: bool,
) -> None:
    """年度报告表三（收到和处理政府信息公开申请情况）和表四（行政复议、行政诉讼情况）。

    每次生成都校验勾稽关系：各列“一+二=三（七）+四”，（七）等于各项之和，总计等于各列之和。

    \b
    示例：
      casework report annual --year 2026
      casework report annual --year 2026 --all-agencies --json
    """
    from casework.domain.report.annual import COLUMN_LABELS, TOTAL
    from casework.entrypoints.cli.report_text import table3_text, table4_text
    from casework.services.reports import annual_report

    with tally_bar("生成年度报告", enabled=not as_json) as tally:
        report, where = annual_report(
            app.report_queries(),
            app.report_files(),
            app.context(),
            year=year,
            agency=agency,
            all_agencies=all_agencies,
            xlsx=xlsx,
            docx=docx,
            tally=tally,
        )
    data = report.to_data()
    if as_json:
        echo_json(data)
        return
    click.echo(f"{report.year}年度 {where.label}\n")
    click.echo(table3_text(data, {**COLUMN_LABELS, "total": TOTAL}))
    click.echo()
    click.echo(table4_text(data))
    for path in (xlsx, docx):
        if path is not None:
            click.echo(f"已保存：{path}")


@click.command(name="remedy")
@case_argument
@click.option(
    "--kind",
    type=click.Choice(["reconsideration", "litigation", "litigation-after-reconsideration"]),
    help="reconsideration 行政复议；litigation 直接起诉；litigation-after-reconsideration 复议后起诉。",
)
@click.option(
    "--filed-on", type=PAST_DATE, help="申请行政复议或起诉的日期（与 --kind 一起确定一条记录）。"
)
@click.option("--organ", type=NAME, metavar="名称", help="复议机关或人民法院。")
@click.option(
    "--result",
    type=click.Choice(["upheld", "corrected", "other", "pending"]),
    help="upheld 维持；corrected 纠正；other 其他；pending 尚未审结（新记录默认）。",
)
@click.option("--decided-on", type=PAST_DATE, help="复议决定或裁判的日期。")
@click.option("--reopen", is_flag=True, help="结果纠正、责令重新答复的，重新办理本案（重新答复）。")
@click.option(
    "--decision-received-on", type=PAST_DATE, help="本机关收到决定或裁判之日，默认决定日期。"
)
@click.option(
    "--reply-days",
    type=click.IntRange(1, 60),
    metavar="工作日",
    help="决定确定的重新答复期限（1–60个工作日）。",
)
@click.option("--reply-due-on", type=DATE, help="决定确定的重新答复截止日期。")
@click.option(
    "--decision-number",
    type=NAME,
    metavar="文号",
    help="责令重新答复的复议决定书或判决书的文号（重新答复书写明，--reopen 时必填）。",
)
@click.option("--on", type=DATE, help="重新答复的办理日期，默认今天。")
@attach_options("remedy_decision")
@agency_option
@json_option
@pass_app
def remedy(app: App, case_ref: str, as_json: bool, agency: str | None, **options: Any) -> None:
    """登记或更新案件的行政复议、行政诉讼情况（计入申请当年的年度报告表四）。

    同一案件、类型和申请日期为同一条记录，再次执行即更新结果。结果纠正并责令重新答复的，
    加 --reopen 重新办理：答复期限自收到决定之日起，按决定确定的期限（未确定的按20个工作日）
    重新计算。只给 CASE 时列出本案的全部记录。

    \b
    示例：
      casework remedy 2026-0001 --kind reconsideration --filed-on 2026-05-20 --organ 示例市人民政府
      casework remedy 2026-0001 --kind reconsideration --filed-on 2026-05-20 \\
          --result corrected --decided-on 2026-07-15 --reopen --reply-days 15 \\
          --decision-number 示府复决〔2026〕3号
    """
    from casework.entrypoints.cli.attachments import request
    from casework.errors import ValidationError
    from casework.services import remedies

    kind, filed_on = options.pop("kind"), options.pop("filed_on")
    attach = request(options.pop("attach"), options.pop("attach_kind"), None)
    if options["organ"] is not None and not options["organ"].strip():
        raise ValidationError("不能为空；不填时不记录", field="--organ（复议机关或法院）")
    if kind is None and filed_on is None and attach is None and not any(options.values()):
        case, records = remedies.list_remedies(
            app.uow(), case_ref, agency, app.context().default_agency
        )
        _print_remedies(case.number, [remedies.remedy_data(r) for r in records], as_json)
        return
    if kind is None or filed_on is None:
        raise click.UsageError("登记或更新记录须同时给出 --kind 和 --filed-on")
    reopen_keys = ("decision_received_on", "reply_days", "reply_due_on", "decision_number")
    if not options["reopen"] and any(options[key] is not None for key in reopen_keys):
        raise click.UsageError(
            "--decision-received-on、--reply-days、--reply-due-on、--decision-number"
            " 须与 --reopen 同用"
        )
    order = remedies.ReopenOrder(**{key: options[key] for key in reopen_keys})
    change = remedies.record_remedy(
        app.uow(),
        app.context(),
        case_ref,
        remedies.RemedyInput(
            kind, filed_on, options["organ"], options["result"], options["decided_on"]
        ),
        reopen=order if options["reopen"] else None,
        on=options["on"],
        agency=agency,
        attach=attach,
    )
    _report_change(change, as_json)


def _report_change(change: Any, as_json: bool) -> None:
    from casework.services.remedies import remedy_data

    case, record = change.case, remedy_data(change.remedy)
    if as_json:
        echo_json({"case": case.number, "created": change.created, "remedy": record})
        return
    verb = "登记" if change.created else "更新"
    click.echo(f"案件 {case.number}：已{verb}{record['kind_label']}（{record['filed_on']}）")
    if change.remedy.reopened_on is not None and change.event.action == "reopen":
        due = case.reply_due_on.isoformat() if case.reply_due_on else "计时中止"
        click.echo(f"已重新办理（重新答复），答复期限：{due}")


def _print_remedies(number: str, records: list[dict[str, Any]], as_json: bool) -> None:
    from casework.domain.case.remedy import RESULTS

    if as_json:
        echo_json({"case": number, "remedies": records})
        return
    if not records:
        click.echo(f"案件 {number} 没有行政复议、行政诉讼记录。")
        return
    rows = [
        (
            r["kind_label"],
            r["filed_on"],
            r["organ"],
            RESULTS[r["result"]],
            r["decided_on"],
            r["reopened_on"],
        )
        for r in records
    ]
    click.echo(table(["类型", "申请/起诉日期", "机关/法院", "结果", "决定日期", "重新答复"], rows))


COMMANDS: list[click.Command] = [report_group, remedy, export, stats, candidates]
