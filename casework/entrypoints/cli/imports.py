"""``casework import``: an agency's history from its Excel 台账 (issue 17)."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from casework.entrypoints.cli import pass_app
from casework.entrypoints.cli.output import echo_json, table
from casework.entrypoints.cli.params import json_option

if TYPE_CHECKING:
    from casework.bootstrap import App
    from casework.services.importing import ImportReport

SHOWN_REFUSALS = 200  # the terminal lists this many; --json has all


@click.command(name="import")
@click.argument(
    "file_", metavar="台账.xlsx|台账.csv", required=False,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)  # fmt: skip
@click.option(
    "--template",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="文件",
    help="写出台账模板（.xlsx 含填写说明；.csv 仅表头），不导入。",
)
@click.option("--dry-run", is_flag=True, help="只校验并报告，不写入任何数据。")
@click.option("--partial", is_flag=True, help="导入通过校验的行（默认有一行不通过则全部不导入）。")
@json_option
@pass_app
def import_(
    app: App, file_: Path | None, template: Path | None, dry_run: bool, partial: bool, as_json: bool
) -> None:
    """从 Excel 台账导入历史案件（含已办结的），每行按登记规则校验，默认全部导入或全部不导入。

    \b
    示例：
      casework import --template 台账模板.xlsx
      casework import 台账.xlsx --dry-run
      casework import 台账.xlsx
      casework import 台账.csv --partial --json
    """
    from casework.adapters.ledger_file import read_ledger, write_template
    from casework.services.importing import import_ledger

    if template is not None:
        if file_ is not None:
            raise click.UsageError("--template 只写出模板，不能同时导入台账文件")
        write_template(template)
        click.echo(f"已写出台账模板：{template}")
        return
    if file_ is None:
        raise click.UsageError("请给出台账文件（.xlsx 或 .csv），或用 --template 写出模板")
    ledger = read_ledger(file_)
    source = {"file": file_.name, "sha256": hashlib.sha256(file_.read_bytes()).hexdigest()}
    report = import_ledger(
        app.uow(), app.case_importer(), app.context(), ledger.rows,
        source=source, dry_run=dry_run, partial=partial,
    )  # fmt: skip
    report.ignored_headers = ledger.ignored_headers
    if as_json:
        echo_json(_report_data(report))
    else:
        _print(report)
    if report.refused and not partial:
        raise click.exceptions.Exit(1)


def _report_data(report: ImportReport) -> dict[str, Any]:
    return {
        "rows": report.rows,
        "dry_run": report.dry_run,
        "written": report.written,
        "imported": len(report.imported) if report.written else 0,
        "passed": len(report.imported),
        "refused_rows": report.refused_rows,
        "refused": [{"row": r.row, "column": r.column, "rule": r.rule} for r in report.refused],
        "by_year": dict(sorted(Counter(str(c.year) for c in report.imported).items())),
        "numbers": [c.number for c in report.imported] if report.written else [],
        "ignored_headers": report.ignored_headers,
    }


def _print(report: ImportReport) -> None:
    if report.ignored_headers:
        click.echo(f"未使用的列：{'、'.join(report.ignored_headers)}")
    if report.refused:
        rows = [(r.row, r.column, r.rule) for r in report.refused[:SHOWN_REFUSALS]]
        click.echo(table(["行号", "列", "不符合的规则"], rows))
        if len(report.refused) > SHOWN_REFUSALS:
            click.echo(f"……另有 {len(report.refused) - SHOWN_REFUSALS} 条，用 --json 查看全部。")
    passed = len(report.imported) if report.imported else report.rows - report.refused_rows
    click.echo(f"共 {report.rows} 行：通过校验 {passed} 行，不通过 {report.refused_rows} 行。")
    if report.written:
        years = "，".join(
            f"{year} 年 {count} 件"
            for year, count in sorted(Counter(c.year for c in report.imported).items())
        )
        click.echo(f"已导入 {len(report.imported)} 件（{years}）。")
    elif report.dry_run:
        click.echo("试运行（--dry-run）：未写入任何数据。")
    elif report.refused:
        click.echo("有不通过校验的行，未导入任何数据（全部导入或全部不导入；可用 --partial）。")


COMMANDS = (import_,)
