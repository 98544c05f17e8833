"""Integrity (issue 17): ``casework verify`` and ``casework journal anchor``."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click

from casework.entrypoints.cli import State
from casework.entrypoints.cli.output import echo_json
from casework.entrypoints.cli.params import DATE, agency_option, json_option

if TYPE_CHECKING:
    from casework.bootstrap import App
    from casework.domain.case.chain import ChainBreak
    from casework.services.integrity import AnchorResult, VerifyReport

EXIT_BROKEN = 2  # the verification ran and found breaks


def _app(ctx: click.Context) -> App:
    state = ctx.find_object(State)
    assert state is not None, "the casework group sets its State"
    return state.app


@click.command()
@click.argument("case_ref", metavar="[CASE]", required=False)
@click.option("--all", "every", is_flag=True, help="核验全部案件（可与 --agency 合用）。")
@agency_option
@json_option
@click.pass_context
def verify(
    ctx: click.Context, case_ref: str | None, every: bool, agency: str | None, as_json: bool
) -> None:
    """核验办理日志哈希链、文书 sha256 和每日锚定，报告每一处不符。

    重新计算每个案件办理日志的哈希链（每条记录其内容的哈希和前一条的哈希），每份文书
    文件的 sha256，以及各机关每日锚定的日志头；任何删除、插入、调换或改动都报告案件、
    日志序号和不符之处。哈希链自数据库迁移 0017 起建立。

    \b
    退出码：0 完好；1 输入有误；2 发现不符（每处一行，或 --json 的 "breaks"）。

    \b
    示例：
      casework verify 2026-0001
      casework verify --all
      casework verify --all --agency demo --json
    """
    from casework.errors import ValidationError
    from casework.services.integrity import verify as run_verify

    if (case_ref is None) == (not every):
        raise ValidationError(
            "请指定一个案件编号，或用 --all 核验全部案件（二者取其一）", field="CASE"
        )
    app = _app(ctx)
    if agency is not None:
        app.context().agency(agency)  # an unknown --agency is refused here
    report = run_verify(app.uow(), app.context(), case_ref, agency)
    if as_json:
        echo_json(_report_json(report))
    else:
        _print_report(report)
    if not report.intact:
        ctx.exit(EXIT_BROKEN)


def _where(item: ChainBreak) -> str:
    case = f"案件 {item.case_number}" if item.case_number else f"机关 {item.agency}"
    return case + (f" 第 {item.seq} 条日志" if item.seq is not None else "")


def _print_report(report: VerifyReport) -> None:
    scope = (
        f"核验 {report.cases} 件案件、{report.events} 条日志、{report.documents} 份文书、"
        f"{report.anchors} 次锚定、{report.bundles} 个归档包"
    )
    if report.intact:
        click.echo(f"{scope}：完好，未发现不符。")
        return
    click.echo(f"{scope}：发现 {len(report.breaks)} 处不符：")
    for item in report.breaks:
        click.echo(f"  {_where(item)}：{item.problem}")


def _report_json(report: VerifyReport) -> dict[str, Any]:
    return {
        "intact": report.intact,
        "cases": report.cases,
        "events": report.events,
        "documents": report.documents,
        "anchors": report.anchors,
        "bundles": report.bundles,
        "breaks": [
            {"agency": b.agency, "case": b.case_number, "seq": b.seq, "problem": b.problem}
            for b in report.breaks
        ],
    }


@click.group(name="journal")
def journal_group() -> None:
    """办理日志的完整性：每日锚定各机关的日志哈希链头。

    \b
    示例：
      casework journal anchor
      casework journal anchor --agency demo --json
    """


@journal_group.command(name="anchor")
@click.option("--on", type=DATE, help="锚定日期，默认今天。")
@agency_option
@json_option
@click.pass_context
def anchor(ctx: click.Context, on: date | None, agency: str | None, as_json: bool) -> None:
    """把各机关案件日志的哈希链头锚定到本机关的锚定日志（每日一次）。

    记录自上次锚定以来有新日志的每个案件的最后一条日志的哈希，连同上次锚定的哈希一起
    封存；此后整条改写某案件日志也会在 casework verify 中被发现。每个机关每天只锚定一次，
    重复运行不再新增。调度程序（casework scheduler run）每天扫描时自动锚定。
    请把输出的锚定哈希另行留存（如打印或发送给上级机关），以便核对。

    \b
    示例：
      casework journal anchor
      casework journal anchor --agency demo --json
    """
    from casework.services.integrity import anchor as run_anchor

    app = _app(ctx)
    context = app.context()
    codes = [context.agency(agency)[0]] if agency else sorted(context.agencies)
    day = on or app.today()
    results = [run_anchor(app.uow(), context, code, day) for code in codes]
    if as_json:
        echo_json([_anchor_json(result) for result in results])
        return
    for result in results:
        click.echo(_anchor_line(result))


def _anchor_line(result: AnchorResult) -> str:
    done = "已锚定" if result.created else "当日已锚定，未新增"
    return (
        f"机关 {result.agency} {result.anchored_on.isoformat()} {done}：第 {result.seq} 次，"
        f"{result.cases} 件案件，锚定哈希 {result.anchor_hash}"
    )


def _anchor_json(result: AnchorResult) -> dict[str, Any]:
    return {
        "agency": result.agency,
        "seq": result.seq,
        "anchored_on": result.anchored_on.isoformat(),
        "cases": result.cases,
        "anchor_hash": result.anchor_hash,
        "created": result.created,
    }


COMMANDS = (verify, journal_group)
