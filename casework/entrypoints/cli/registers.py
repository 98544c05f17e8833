"""The register of applications (台账), the desk's statistics, and the candidates for
proactive disclosure (issue #7); listed in ``reports.COMMANDS``."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from casework.entrypoints.cli import pass_app
from casework.entrypoints.cli.output import echo_json, fields, table, tally_bar
from casework.entrypoints.cli.params import DATE, OutputPath, agency_option, json_option

if TYPE_CHECKING:
    from casework.bootstrap import App

all_agencies_option = click.option(
    "--all-agencies", is_flag=True, help="汇总本系统中全部机关（不能与 --agency 同用）。"
)
XLSX = OutputPath(".xlsx")
DOCX = OutputPath(".docx")
CSV = OutputPath(".csv")


@click.command(name="export")
@click.option("--from", "first", type=DATE, required=True, help="收到申请日期的起始日。")
@click.option("--to", "last", type=DATE, required=True, help="收到申请日期的截止日。")
@click.option("--xlsx", type=XLSX, metavar="文件", help="保存为 Excel 台账。")
@click.option("--csv", "csv_", type=CSV, metavar="文件", help="保存为 CSV（UTF-8，首行为列名）。")
@agency_option
@all_agencies_option
@json_option
@pass_app
def export(
    app: App,
    first: date,
    last: date,
    xlsx: Path | None,
    csv_: Path | None,
    agency: str | None,
    all_agencies: bool,
    as_json: bool,
) -> None:
    """导出依申请公开台账：每件申请一行（申请人类型、渠道、各关键日期、办理结果、文号、
    是否按期、经办人），证件号码已遮蔽。

    \b
    示例：
      casework export --from 2026-01-01 --to 2026-12-31 --xlsx 台账2026.xlsx
      casework export --from 2026-01-01 --to 2026-12-31 --csv 台账2026.csv
    """
    from casework.services.registers import export_ledger

    if xlsx is None and csv_ is None and not as_json:
        raise click.UsageError("请用 --xlsx 或 --csv 指定保存的文件，或用 --json 输出")
    with tally_bar("导出台账", enabled=not as_json) as tally:
        rows, where = export_ledger(
            app.report_queries(),
            app.report_files(),
            app.context(),
            first=first,
            last=last,
            xlsx=xlsx,
            agency=agency,
            all_agencies=all_agencies,
            csv=csv_,
            tally=tally,
        )
    if as_json:
        echo_json([row.values for row in rows])
        return
    saved = "、".join(str(path) for path in (xlsx, csv_) if path is not None)
    click.echo(f"已导出 {where.label} {len(rows)} 件申请：{saved}")


@click.command(name="stats")
@click.option("--year", type=click.IntRange(min=2008), metavar="年度", help="办结年度；默认全部。")
@agency_option
@all_agencies_option
@json_option
@pass_app
def stats(
    app: App, year: int | None, agency: str | None, all_agencies: bool, as_json: bool
) -> None:
    """办理统计：按期答复率、答复用时（工作日，不含中止计算的时间）的中位数和第90百分位数，
    按办理结果、申请渠道、经办人的件数。统计对象为该年度办结的案件。

    \b
    示例：
      casework stats --year 2026
    """
    from casework.services.registers import case_statistics

    result, where = case_statistics(
        app.uow(),
        app.report_queries(),
        app.context(),
        year=year,
        agency=agency,
        all_agencies=all_agencies,
    )
    if as_json:
        echo_json({"year": year, "agency": where.agency, **asdict(result)})
        return
    rate = "—" if result.on_time_rate is None else f"{result.on_time_rate:.1%}"
    click.echo(f"{where.label}{'' if year is None else f' {year}年度'}办结案件统计")
    click.echo(
        fields(
            [
                ("办结件数", result.cases),
                ("按期答复率", f"{rate}（{result.on_time}/{result.timed}）"),
                ("答复用时中位数", _days(result.median_days)),
                ("答复用时第90百分位", _days(result.p90_days)),
            ]
        )
    )
    for title, counts in (
        ("办理结果", result.by_outcome),
        ("申请渠道", result.by_channel),
        ("经办人", result.by_handler),
    ):
        click.echo()
        click.echo(table([title, "件数"], list(counts.items())))


def _days(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g} 个工作日"


@click.command(name="candidates")
@click.option("--from", "first", type=DATE, help="收到申请日期的起始日，默认一年前。")
@click.option("--to", "last", type=DATE, help="收到申请日期的截止日，默认今天。")
@click.option("--threshold", type=float, default=0.7, show_default=True, help="描述相似度（0–1）。")
@click.option("--min-applicants", type=int, default=2, show_default=True, help="至少几个申请人。")
@agency_option
@all_agencies_option
@json_option
@pass_app
def candidates(
    app: App,
    first: date | None,
    last: date | None,
    threshold: float,
    min_applicants: int,
    agency: str | None,
    all_agencies: bool,
    as_json: bool,
) -> None:
    """列出可转为主动公开的信息（条例第四十四条）：多个申请人申请的相同或相近信息，以及已依申请
    公开的信息，按申请内容相似程度归组，供定期审查。

    \b
    示例：
      casework candidates --from 2026-01-01 --to 2026-12-31
    """
    from casework.entrypoints.json_views import candidates_json
    from casework.services.registers import disclosure_candidates

    ctx = app.context()
    last = last or ctx.today
    groups, _where = disclosure_candidates(
        app.report_queries(),
        ctx,
        first=first or last.replace(year=last.year - 1),
        last=last,
        agency=agency,
        all_agencies=all_agencies,
        threshold=threshold,
        min_applicants=min_applicants,
    )
    if as_json:
        echo_json(candidates_json(groups))
        return
    if not groups:
        click.echo("没有符合条件的信息。")
        return
    rows = [
        (
            g.description,
            g.applicants,
            g.disclosed,
            "；".join(g.reasons),
            "、".join(item.number for item in g.items),
        )
        for g in groups
    ]
    click.echo(table(["申请内容", "申请人数", "已公开件数", "理由", "案件"], rows))
