"""Working-calendar data: ``casework calendar load | show | check``."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from casework.entrypoints.cli import pass_app
from casework.entrypoints.cli.output import echo_json, table, tally_bar
from casework.entrypoints.cli.params import json_option

if TYPE_CHECKING:
    from casework.bootstrap import App
    from casework.domain.calendar.notice import HolidayNotice
    from casework.services.calendar_admin import LoadResult
    from casework.services.clocks import MovedDate


@click.group(name="calendar")
def calendar_group() -> None:
    """工作日历：查看、导入节假日安排（法定节假日、调休上班日、地方性节假日）。

    \b
    示例：
      casework calendar show 2026
      casework calendar import-notice 2027年节假日安排通知.txt
      casework calendar load calendars/2027.toml
      casework calendar check
    """


@calendar_group.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--replace",
    is_flag=True,
    help="更正已有的年度数据（包括软件自带的年份）；原数据保留在历史记录中。",
)
@pass_app
def load(app: App, file: Path, replace: bool) -> None:
    """校验并导入一个年度的节假日安排（TOML 文件，格式见 calendars/README.md），
    并重新计算所有在办案件的期限（每个变动的期限记入办理日志）。

    \b
    示例：
      casework calendar load calendars/2027.toml
      casework calendar load --replace 2027-更正.toml
    """
    from casework.adapters.calendar_data import read_calendar_file
    from casework.services.calendar_admin import load_year, region_label

    year = read_calendar_file(file)
    with tally_bar("重新计算在办案件期限", enabled=True) as tally:
        result = load_year(app.uow(), app.context(), year, replace=replace, tally=tally)
    action = "已更正" if result.replaced else "已导入"
    click.echo(
        f"{action} {year.year} 年{region_label(year.region)}节假日安排：节假日 {len(year.holidays)} 天，"
        f"调休上班 {len(year.workdays)} 天；来源：{year.source}"
    )
    if result.replaced:
        click.echo("原数据已保留在日历历史记录中。")
    _report(result)


@calendar_group.command(name="import-notice")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--yes", is_flag=True, help="不询问，直接导入（供脚本使用）。")
@click.option("--replace", is_flag=True, help="更正已有的年度数据；原数据保留在历史记录中。")
@click.option(
    "--number", default=None, help="通知文号（正文未载明时填写），如 国办发明电〔2026〕8号。"
)
@pass_app
def import_notice(app: App, file: TextIO, yes: bool, replace: bool, number: str | None) -> None:
    """读取国务院办公厅《关于N年部分节假日安排的通知》的原文（从网页复制或保存的文本，
    FILE 为 - 时从标准输入读取），列出识别出的放假和调休上班日期，确认后导入，
    并重新计算所有在办案件的期限。

    \b
    示例：
      casework calendar import-notice 2027年节假日安排通知.txt
      pbpaste | casework calendar import-notice - --yes
    """
    from casework.domain.calendar.notice import parse_holiday_notice
    from casework.services.calendar_notice import import_notice as run_import
    from casework.services.calendar_notice import with_number

    try:
        text = file.read()
    except UnicodeDecodeError as error:
        from casework.errors import CalendarDataError

        raise CalendarDataError("文件不是 UTF-8 编码", field="FILE（通知原文）") from error
    notice = with_number(parse_holiday_notice(text), number)
    click.echo(notice_summary(notice))
    if not yes:
        try:
            confirmed = click.confirm("以上识别结果是否与通知原文一致并导入？", default=False)
        except click.Abort:
            confirmed = False
        if not confirmed:
            click.echo("已取消：未导入任何数据（从标准输入读取原文时请加 --yes）。")
            raise SystemExit(1)
    with tally_bar("重新计算在办案件期限", enabled=True) as tally:
        result = run_import(app.uow(), app.context(), notice, replace=replace, tally=tally)
    action = "已更正" if result.replaced else "已导入"
    click.echo(f"{action} {notice.year} 年全国节假日安排；来源：{notice.source}")
    for year in result.amended:
        click.echo(
            f"{year.year} 年 12 月的放假调休已并入 {year.year} 年数据（原数据保留在历史记录中）。"
        )
    _report(result)


def notice_summary(notice: HolidayNotice) -> str:
    """What the parser understood, as a table in Chinese, with the notes a reader must see."""
    published = notice.published_on.isoformat() if notice.published_on else "未识别"
    lines = [
        f"通知：{notice.title}",
        f"文号：{notice.number or '正文未载明（可用 --number 填写）'}；成文日期：{published}",
    ]
    rows = [
        (item.line, item.name, _days(item.holidays), _days(item.workdays)) for item in notice.items
    ]
    lines.append(table(["行", "节日", "放假日期", "调休上班日期"], rows))
    for ignored in notice.ignored:
        lines.append(
            f"注意：第 {ignored.line} 行「{ignored.text}」未识别为放假或上班安排，已忽略。"
        )
    return "\n".join(lines)


def _days(days: tuple[date, ...]) -> str:
    if not days:
        return "—"
    if len(days) > 2 and (days[-1] - days[0]).days == len(days) - 1:
        return f"{days[0].isoformat()} 至 {days[-1].isoformat()}（{len(days)} 天）"
    return "、".join(day.isoformat() for day in days)


@calendar_group.command()
@click.option("--agency", default=None, help="只重新计算该机关的案件（默认：所有机关）。")
@pass_app
def recompute(app: App, agency: str | None) -> None:
    """按现行工作日历重新计算在办案件的期限，例如修改机关的 calendar_region 之后
    （每个变动的期限记入办理日志）。

    \b
    示例：
      casework calendar recompute --agency demo
    """
    from casework.services.calendar_admin import recompute_calendar

    with tally_bar("重新计算在办案件期限", enabled=True) as tally:
        moved = recompute_calendar(app.uow(), app.context(), agency, tally)
    _moved(moved)


def _report(result: LoadResult) -> None:
    click.echo(f"校验值 sha256：{result.checksum}")
    _moved(result.moved)


def _moved(moved: list[MovedDate]) -> None:
    if not moved:
        click.echo("在办案件的期限均未变化。")
        return
    rows = [
        (
            m.agency,
            m.number,
            _date(m.before.reply_due_on),
            _date(m.after.reply_due_on),
            "是" if m.after.due_provisional else "否",
        )
        for m in moved
    ]
    click.echo(f"以下 {len(rows)} 件在办案件的期限已重新计算（已记入办理日志）：")
    click.echo(table(["机关", "案件编号", "原答复期限", "新答复期限", "仍为暂定"], rows))


def _date(value: date | None) -> str:
    return value.isoformat() if value else "—"


@calendar_group.command()
@click.argument("year", type=click.IntRange(1900, 2200))
@json_option
@pass_app
def show(app: App, year: int, as_json: bool) -> None:
    """显示某一年的节假日、调休上班日及数据来源。

    \b
    示例：
      casework calendar show 2026
    """
    from casework.services.calendar_admin import installed_years, region_label
    from casework.services.clocks import working_calendar

    infos = [info for info in installed_years(app.uow(), app.context()) if info.year == year]
    ctx = app.context()
    with app.uow() as uow:
        calendar = working_calendar(uow, ctx, ctx.default_agency)
    national, local = calendar.year_data(year)
    years = [y for y in (national, local) if y is not None]
    if as_json:
        echo_json(
            {
                "year": year,
                "covered": calendar.covers(year),
                "sources": [info.__dict__ for info in infos],
                "holidays": {
                    d.isoformat(): n for y in years for d, n in sorted(y.holidays.items())
                },
                "workdays": {
                    d.isoformat(): n for y in years for d, n in sorted(y.workdays.items())
                },
            }
        )
        return
    if not infos:
        click.echo(f"{year} 年没有节假日安排数据：涉及该年的期限只按周末和元旦计算，并标记为暂定。")
        click.echo("请取得国务院办公厅当年的节假日安排通知，按 calendars/README.md 的格式导入。")
        return
    for info in infos:
        published = f"，{info.published_on.isoformat()} 发布" if info.published_on else ""
        click.echo(
            f"{year} 年（{region_label(info.region)}）来源：{info.source}{published}；{info.origin}"
        )
    rows = [(d.isoformat(), "休息", n) for y in years for d, n in y.holidays.items()]
    rows += [(d.isoformat(), "调休上班", n) for y in years for d, n in y.workdays.items()]
    click.echo(table(["日期", "安排", "名称"], sorted(rows)))


@calendar_group.command()
@json_option
@pass_app
def check(app: App, as_json: bool) -> None:
    """检查日历数据覆盖情况：已有哪些年份、缺少哪些年份、哪些在办案件的期限是暂定的。

    \b
    示例：
      casework calendar check
    """
    from casework.services.calendar_admin import check_calendar, installed_years, region_label

    ctx = app.context()
    infos = installed_years(app.uow(), ctx)
    report = check_calendar(app.uow(), ctx)
    if as_json:
        echo_json(
            {
                "years": [{**info.__dict__, "published_on": info.published_on} for info in infos],
                "missing_national": report.missing_national,
                "provisional_cases": report.provisional_cases,
            }
        )
        return
    rows = [
        (
            info.year,
            region_label(info.region),
            info.holidays,
            info.workdays,
            info.source,
            info.origin,
        )
        for info in infos
    ]
    click.echo(table(["年份", "范围", "节假日", "调休上班", "来源", "取得方式"], rows))
    if report.missing_national:
        years = "、".join(str(y) for y in report.missing_national)
        click.echo(f"缺少全国节假日安排：{years} 年。涉及这些年份的期限将标记为暂定，请及时导入。")
    else:
        click.echo(f"全国节假日安排已覆盖 {report.first_year}–{report.last_year} 年。")
    if report.provisional_cases:
        click.echo("期限为暂定的在办案件：" + "、".join(report.provisional_cases))
    else:
        click.echo("没有期限为暂定的在办案件。")
