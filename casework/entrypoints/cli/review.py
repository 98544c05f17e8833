"""Deciding and replying: draft, return, approve, issue; lapses; the machine (送达 and 归档:
``delivery.py``)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import click

from casework.entrypoints.cli import pass_app
from casework.entrypoints.cli.actions import action_command, report
from casework.entrypoints.cli.completion import complete_outcome
from casework.entrypoints.cli.output import echo_json, table
from casework.entrypoints.cli.params import (
    DATE,
    NOTE,
    PARAGRAPHS,
    PAST_DATE,
    REFERENCE,
    json_option,
)

if TYPE_CHECKING:
    from casework.bootstrap import App

FACT_OPTIONS = (
    "facts",
    "reasons",
    "search_process",
    "responsible_agency",
    "access",
    "convenience",
    "earlier_case",
    "ground",
    "prohibiting_law",
    "published_at",
    "withheld_part",
    "interest",
    "basis",
)


@action_command(
    "draft",
    "拟定答复：选择办理结果并填写该结果必需的事实（见办理结果目录）。",
    'casework draft 2026-0001 --outcome not_held --search-process "检索了…" --facts "…"',
)
@click.option(
    "--outcome",
    required=True,
    metavar="代码",
    shell_complete=complete_outcome,
    help="办理结果代码，如 disclose（予以公开）、not_held（经检索不存在）、partial（部分公开）；"
    "全部代码及名称见 workflows/outcomes.yaml，按 Tab 补全。",
)
@click.option("--facts", type=PARAGRAPHS, metavar="文字", help="事实认定。")
@click.option(
    "--reasons", type=PARAGRAPHS, metavar="文字", help="理由（不予公开、部分公开时必填）。"
)
@click.option(
    "--search-process",
    type=PARAGRAPHS,
    metavar="文字",
    help="检索过程：检索范围、方式、关键词（经检索不存在时必填）。",
)
@click.option(
    "--responsible-agency", type=NOTE, metavar="文字", help="负责公开该信息的机关名称及联系方式。"
)
@click.option("--access", type=NOTE, metavar="文字", help="获取信息的方式、地点和时间。")
@click.option("--convenience", type=NOTE, metavar="文字", help="便民答复内容。")
@click.option("--earlier-case", type=NOTE, metavar="编号", help="重复申请时，此前的案件及答复。")
@click.option(
    "--ground",
    type=REFERENCE,
    metavar="代码",
    help="部分公开时，不公开部分所依据的不予公开结果代码。",
)
@click.option("--prohibiting-law", type=NOTE, metavar="文字", help="禁止公开的法律、行政法规。")
@click.option("--published-at", type=NOTE, metavar="文字", help="已主动公开的，公开的位置和途径。")
@click.option(
    "--withheld-part", type=PARAGRAPHS, metavar="文字", help="部分公开时，不予公开的内容。"
)
@click.option(
    "--override-objection",
    is_flag=True,
    help="第三方不同意公开，但认为不公开会对公共利益造成重大影响，决定予以公开（条例第三十二条；"
    "须同时写明 --public-interest 和 --provide-on，签发时向第三方发出公开告知书）。",
)
@click.option(
    "--public-interest",
    type=PARAGRAPHS,
    metavar="文字",
    help="不公开会对公共利益造成重大影响的理由。",
)
@click.option("--provide-on", type=DATE, help="向申请人提供该政府信息的日期（告知第三方）。")
@click.option(
    "--interest",
    type=NOTE,
    metavar="权益",
    help="保护第三方合法权益而不予公开时，第三方的具体权益：trade-secret（商业秘密）、"
    "privacy（个人隐私），或直接写明其他权益（条例第十五条）。",
)
@click.option(
    "--basis",
    "basis",
    type=NOTE,
    metavar="文字",
    help="办理结果为 other（其他）时必填：处理的法律依据，如法律、法规的名称和条款。",
)
def draft(
    app: App,
    case_ref: str,
    on: date | None,
    agency: str | None,
    as_json: bool,
    outcome: str,
    override_objection: bool,
    public_interest: str | None,
    provide_on: date | None,
    **facts: str | None,
) -> None:
    from casework.entrypoints.cli.letters import echo_check
    from casework.services import letter_checks, review
    from casework.services.objections import OverrideInput

    objection = OverrideInput(override_objection, public_interest, provide_on)
    result = review.draft(
        app.uow(),
        app.context(),
        case_ref,
        outcome=outcome,
        facts=facts,
        on=on,
        agency=agency,
        objection=objection,
    )
    report(app, result, as_json)
    # Issue #5: the draft letter read back and checked; warnings shown, nothing blocked here.
    checked = letter_checks.check_draft(
        app.uow(), app.context(), result.case.number, result.case.agency
    )
    if checked is not None and not as_json:
        echo_check(checked)


@action_command(
    "return",
    "审核退回：将拟稿退回经办人修改。",
    'casework return 2026-0001 --reason "检索过程不完整"',
)
# One word for one idea: every command's free-text "why" is --reason (extend, withdraw,
# defer); --comment is kept as an alias for scripts written before.
@click.option(
    "--reason",
    "--comment",
    "comment",
    type=NOTE,
    required=True,
    metavar="文字",
    help="退回意见（旧写法 --comment 仍可用）。",
)
def return_(
    app: App, case_ref: str, on: date | None, agency: str | None, as_json: bool, comment: str
) -> None:
    from casework.services import review

    report(
        app,
        review.return_draft(
            app.uow(), app.context(), case_ref, comment=comment, on=on, agency=agency
        ),
        as_json,
    )


@action_command(
    "approve", "审签：由拟稿人以外的审核人批准答复。", "casework --user lisi approve 2026-0001"
)
def approve(app: App, case_ref: str, on: date | None, agency: str | None, as_json: bool) -> None:
    from casework.services import review

    report(app, review.approve(app.uow(), app.context(), case_ref, on=on, agency=agency), as_json)


@action_command(
    "issue", "签发答复：编发文字号，记录答复日期。", "casework issue 2026-0001 --on 2026-04-28"
)
def issue(app: App, case_ref: str, on: date | None, agency: str | None, as_json: bool) -> None:
    from casework.services import review

    report(app, review.issue(app.uow(), app.context(), case_ref, on=on, agency=agency), as_json)


@click.command()
@click.option(
    "--on", type=PAST_DATE, help="处理截至该日已到期的逾期事项，默认今天（不能晚于今天）。"
)
@json_option
@pass_app
def lapse(app: App, on: date | None, as_json: bool) -> None:
    """处理到期的逾期事项：逾期未补正、逾期未缴费转入审核（预设办理结果，仍须书面告知），
    征求意见期满未答复的结束征求（其他机关视为同意）。每项以其逾期之日为生效日期。

    \b
    示例：
      casework lapse
      casework lapse --on 2026-05-31
    """
    from casework.entrypoints.json_views import lapses_json
    from casework.services.lapses import apply_lapses

    outcomes = apply_lapses(app.uow, app.context(), on or app.today())
    if as_json:
        echo_json(lapses_json(outcomes))
        return
    if not outcomes:
        click.echo("没有到期的逾期事项。")
        return
    kinds = {"correction": "逾期未补正", "fee": "逾期未缴费", "consultation": "征求意见期满"}
    rows = [
        (
            o.lapse.agency,
            o.lapse.number,
            kinds[o.lapse.kind],
            o.lapse.lapses_on.isoformat(),
            "已处理" if o.error is None else f"未处理：{o.error}",
        )
        for o in outcomes
    ]
    click.echo(table(["机关", "案件编号", "事项", "生效日期", "结果"], rows))
    if any(o.error for o in outcomes):
        raise click.exceptions.Exit(1)


@click.group(name="workflow")
def workflow_group() -> None:
    """流程定义（workflows/disclosure.yaml）。

    \b
    示例：
      casework workflow show --mermaid
    """


@workflow_group.command(name="show")
@click.option("--mermaid", is_flag=True, help="输出 Mermaid 状态图（用于文档）。")
@json_option
@pass_app
def workflow_show(app: App, mermaid: bool, as_json: bool) -> None:
    """显示流程：状态、操作及其条件。

    \b
    示例：
      casework workflow show
      casework workflow show --json
      casework workflow show --mermaid > docs/workflow.mmd
    """
    flow = app.context().flow
    if mermaid:
        click.echo(flow.mermaid())
        return
    if as_json:
        echo_json(_workflow_data(app))
        return
    click.echo(f"流程 {flow.name}（版本 {flow.version}）")
    rows = [
        (
            t.label,
            t.trigger,
            flow.state_label(source),
            "（不变）" if t.target(source) == source else flow.state_label(t.target(source)),
            "、".join(t.conditions),
        )
        for t in flow.definition.transitions
        for source in t.source
    ]
    click.echo(table(["操作", "命令", "来源状态", "目标状态", "条件"], rows))


def _workflow_data(app: App) -> dict[str, object]:
    """The machine for programs: states with their labels, transitions with their commands."""
    flow = app.context().flow
    definition = flow.definition
    return {
        "name": flow.name,
        "version": flow.version,
        "initial": definition.initial,
        "states": [
            {"name": s.name, "label": s.label, "open": s.open, "final": s.final}
            for s in definition.states
        ],
        "transitions": [
            {
                "trigger": t.trigger,
                "label": t.label,
                "source": source,
                "dest": t.target(source),
                "conditions": list(t.conditions),
            }
            for t in definition.transitions
            for source in t.source
        ],
    }
