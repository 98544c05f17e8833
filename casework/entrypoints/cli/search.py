"""Finding cases (``casework search``) and the earlier requests a case may repeat
(``casework repeats``; also printed by ``register``, Reg. art. 36 item 6)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from casework.entrypoints.cli import pass_app
from casework.entrypoints.cli.cases import outcome_text
from casework.entrypoints.cli.output import echo_json, table
from casework.entrypoints.cli.params import DATE, NOTE, agency_option, case_argument, json_option

if TYPE_CHECKING:
    from casework.bootstrap import App
    from casework.domain.case.records import Case
    from casework.services.search import EarlierRequest


@click.command()
@click.argument("text", required=False, type=NOTE, metavar="TEXT")
@click.option("--applicant", type=NOTE, metavar="姓名或名称", help="申请人姓名或名称（完全一致）。")
@click.option(
    "--id-number", type=NOTE, metavar="号码", help="证件号码（完全一致；结果中遮蔽显示）。"
)
@click.option("--from", "received_from", type=DATE, help="收到申请之日不早于该日。")
@click.option("--to", "received_to", type=DATE, help="收到申请之日不晚于该日。")
@click.option("--outcome", metavar="结果代码", help="办理结果代码，如 repeat、disclose。")
@agency_option
@click.option("--limit", type=int, default=100, show_default=True, help="最多显示条数。")
@click.option(
    "--include-voided",
    is_flag=True,
    help="同时列出已作废的登记（默认不列出；列出时标明「已作废」）。",
)
@json_option
@pass_app
def search(app: App, text: str | None, as_json: bool, **options: Any) -> None:
    """检索案件：申请人、证件号码、所需信息描述和答复内容中的词语（多个词以空格分隔，须同时出现）。
    已作废的登记（不是政府信息公开申请）默认不列出，加 --include-voided 列出并标明。

    \b
    示例：
      casework search 部门预算
      casework search 绿化 --from 2025-01-01 --to 2025-12-31
      casework search --id-number 11010519491231002X
      casework search --applicant 张三 --outcome repeat --json
      casework search 部门预算 --include-voided
    """
    from casework.domain.case.search import CaseSearch
    from casework.services.search import search_cases
    from casework.services.views import case_view

    if options["outcome"] is not None:
        app.context().catalogue.get(options["outcome"])  # refuses an unknown code in Chinese
    query = CaseSearch(terms=tuple((text or "").split()), **options)
    found = search_cases(app.uow(), query)
    flow = app.context().flow
    if as_json:
        echo_json([case_view(case, flow) for case in found])  # identity numbers masked
        return
    if not found:
        click.echo("没有符合条件的案件。")
        return
    click.echo(table(_HEADERS, [_row(app, case) for case in found]))
    more = "（已达 --limit 上限，可能还有更多）" if len(found) == query.limit else ""
    click.echo(f"共 {len(found)} 件{more}。")


_HEADERS = ["案件编号", "机关", "申请人", "收到日期", "所需信息", "结果", "答复文号"]


def _row(app: App, case: Case) -> tuple[str, ...]:
    description = case.description if len(case.description) <= 30 else case.description[:29] + "…"
    voided = "（已作废）" if case.state == "voided" else ""
    return (
        case.number + voided,
        case.agency,
        case.applicant.name,
        case.received_on.isoformat(),
        description,
        outcome_text(app, case.outcome) or "—",
        case.reply_number or "—",
    )


@click.command()
@case_argument
@agency_option
@json_option
@pass_app
def repeats(app: App, case_ref: str, agency: str | None, as_json: bool) -> None:
    """列出同一申请人此前内容实质相同的申请（条例第三十六条第（六）项），由经办人决定是否按重复申请处理。

    \b
    示例：
      casework repeats 2026-0007
    """
    from casework.entrypoints.json_views import repeat_json
    from casework.services.search import earlier_requests_of

    context = app.context()
    case, found = earlier_requests_of(app.uow(), case_ref, agency, context.default_agency)
    if as_json:
        echo_json({"case": case.number, "earlier": [repeat_json(context, e) for e in found]})
        return
    if not found:
        click.echo(f"案件 {case.number}：未发现同一申请人此前内容实质相同的申请。")
        return
    warn_repeats(app, found, err=False)


def repeat_view(app: App, earlier: EarlierRequest) -> dict[str, Any]:
    from casework.entrypoints.json_views import repeat_json

    return repeat_json(app.context(), earlier)


# At registration the clerk is shown the most similar few; `repeats CASE` lists them all.
REGISTER_SHOWS = 5


def warn_repeats(
    app: App, found: list[EarlierRequest], *, err: bool = True, number: str | None = None
) -> None:
    """The earlier requests as a warning: the clerk decides (Reg. art. 36 item 6).  With
    ``number`` (at registration) only the ``REGISTER_SHOWS`` most similar, newest first
    among equals, and a pointer to ``repeats`` for the rest."""
    click.echo(
        "注意：同一申请人此前提出过内容实质相同的申请（条例第三十六条第（六）项），"
        "是否按重复申请处理由经办人决定：",
        err=err,
    )
    shown = found
    if number is not None and len(found) > REGISTER_SHOWS:
        ranked = sorted(found, key=lambda e: e.case.received_on, reverse=True)
        shown = sorted(ranked, key=lambda e: e.similarity, reverse=True)[:REGISTER_SHOWS]
    for earlier in shown:
        view = repeat_view(app, earlier)
        replied = (
            f"已答复，{view['outcome_label'] or view['outcome']}，"
            f"答复文号 {view['reply_number']}（{view['replied_on']}）"
            if earlier.answered
            else "尚未答复（不能作为重复申请的依据）"
        )
        click.echo(
            f"  {view['number']}（{view['received_on']} 收到，相似度 {view['similarity']:.2f}）："
            f"{view['description']}；{replied}",
            err=err,
        )
    if len(shown) < len(found):
        click.echo(
            f"  另有 {len(found) - len(shown)} 件，全部列表：casework repeats {number}", err=err
        )


COMMANDS = (search, repeats)
