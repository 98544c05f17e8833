"""Deadline alerts and the scheduler daemon: ``casework alerts`` and ``casework scheduler`` (issue #6)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import click

from casework.entrypoints.cli import State
from casework.entrypoints.cli.output import echo_json, table
from casework.entrypoints.cli.params import DATE, agency_option, json_option

if TYPE_CHECKING:
    from casework.bootstrap import App


def _app(ctx: click.Context) -> App:
    state = ctx.find_object(State)
    assert state is not None, "the casework group sets its State"
    return state.app


@click.group(name="alerts", invoke_without_command=True)
@click.option("--on", type=DATE, help="按该日期计算，默认今天。")
@agency_option
@json_option
@click.pass_context
def alerts_group(ctx: click.Context, on: date | None, agency: str | None, as_json: bool) -> None:
    """期限提醒：列出到期、即将到期和已逾期的事项（只列出，不发送）。

    包括答复期限、补正告知期限、补正期限、征求意见期限、缴费期限、签发未送达、送达未归档、
    暂定期限和年度报告公布期限。发送提醒用 casework alerts sweep。

    \b
    示例：
      casework alerts
      casework alerts --on 2026-12-01 --json
      casework alerts sweep --dry-run
    """
    if ctx.invoked_subcommand is not None:
        return
    from casework.entrypoints.alerting import alert_rules
    from casework.entrypoints.json_views import alert_json
    from casework.services.alerts import collect_alerts

    app = _app(ctx)
    day = on or app.today()
    found = collect_alerts(
        app.uow(), app.system_context(), alert_rules(app.settings.alerts), day, agency=agency
    )
    if as_json:
        echo_json([alert_json(a) for a in found])
        return
    if not found:
        click.echo(f"{day.isoformat()} 没有到期提醒。")
        return
    rows = [
        (a.agency, a.case or "—", a.kind.label, a.level.label, a.due_on.isoformat(), a.message)
        for a in found
    ]
    click.echo(table(["机关", "案件编号", "事项", "级别", "期限", "说明"], rows))
    click.echo(f"共 {len(found)} 项提醒（{day.isoformat()}）。")


# Exit status of a sweep another process holds the lease of (documented in its help).
EXIT_HELD = 3


@alerts_group.command(name="sweep")
@click.option("--on", type=DATE, help="扫描日期，默认今天（不能晚于今天）。")
@click.option("--dry-run", is_flag=True, help="演练：只计算将处理和发送的事项，不发送、不记录。")
@click.option(
    "--force-release",
    is_flag=True,
    help="先强制释放扫描租约（仅在确认原扫描进程已终止时使用），再扫描。",
)
@json_option
@click.pass_context
def sweep(
    ctx: click.Context, on: date | None, dry_run: bool, force_release: bool, as_json: bool
) -> None:
    """扫描一次：按逾期之日处理到期的逾期事项，并发送到期提醒（每条只发送一次）。

    经办人收到自己案件的提醒，机构负责人（角色 head）收到每个机关的每日汇总；静默时段内
    不发送，留待下次扫描；发送失败的在下次扫描时重试。适合用 cron 定时运行。

    每条提醒发送前先记为“发送中”，发送后立即记为已发送或失败。扫描若在两者之间中断，
    下次扫描对日志渠道重发（重复无害），对邮件和机器人不重发，记为“未确认”并报告，
    请向收件人核实。

    同一时间只有持有扫描租约的进程扫描；中断的扫描进程的租约到期（alerts.lease_seconds）
    后由下次扫描接管，也可用 --force-release 立即释放（会写入日志）。

    \b
    退出码：0 完成；1 有发送失败、未确认的提醒或其他问题；
            3 租约由另一进程持有，本次未扫描（--json 中 "held": true）。

    \b
    示例：
      casework alerts sweep
      casework alerts sweep --dry-run --json
      casework alerts sweep --on 2026-11-20
      casework alerts sweep --force-release
    """
    from casework.entrypoints.alerting import report_json, summary, sweep_setup
    from casework.services.sweep import force_release as release
    from casework.services.sweep import run_sweep

    app = _app(ctx)
    stream = sys.stderr if as_json else sys.stdout
    if force_release and not dry_run:
        _release(app, release)
    with _progress(enabled=not as_json) as progress:
        setup = sweep_setup(app, stream, progress=progress)
        report = run_sweep(app.uow, app.system_context(), setup, on, dry_run=dry_run)
    if as_json:
        echo_json(report_json(report))
    else:
        click.echo(summary(report))
        for problem in report.errors:
            click.echo(f"问题：{problem}", err=True)
    if report.busy:
        ctx.exit(EXIT_HELD)
    if report.failed or report.errors:
        ctx.exit(1)


def _release(app: App, release: Callable[..., tuple[str, datetime] | None]) -> None:
    """``--force-release``: end the lease and say whose it was (on stderr, which ``--json``
    leaves to messages)."""
    now = app.system_context().now
    former = release(app.uow, now)
    if former is None:
        click.echo("扫描租约从未被占用，无需释放。", err=True)
        return
    holder, until = former
    state = "已过期" if until <= now else "尚未到期"
    click.echo(
        f"已强制释放扫描租约：原持有者「{holder}」，原到期时间 {until.isoformat()}（{state}）。",
        err=True,
    )


@contextmanager
def _progress(*, enabled: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """A progress bar on the terminal for long sweeps (none when not on a terminal)."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    bars: dict[str, Any] = {}

    def report(stage: str, done: int, total: int) -> None:
        if stage not in bars:
            for bar in bars.values():
                bar.render_finish()
            bars[stage] = click.progressbar(length=total, label=stage, file=sys.stderr)
        bar = bars[stage]
        bar.update(done - bar.pos)

    try:
        yield report
    finally:
        for bar in bars.values():
            bar.render_finish()


@click.group(name="scheduler")
def scheduler_group() -> None:
    """调度器：在每个工作日的设定时间自动扫描并发送期限提醒（配置见 config.toml [alerts]）。

    \b
    示例：
      casework scheduler run
    """


@scheduler_group.command(name="run")
@click.pass_context
def scheduler_run(ctx: click.Context) -> None:
    """启动调度器（前台运行）：启动时先补扫一次，之后在每个工作日的 sweep_times 扫描；
    收到 SIGTERM 或 Ctrl+C 后停止。多个调度器可指向同一数据库，只有持有租约者发送。

    \b
    示例：
      casework scheduler run
      CASEWORK_HOME=/srv/casework casework scheduler run >> /var/log/casework.log
    """
    import signal
    import threading

    from casework.entrypoints.alerting import Daemon

    app = _app(ctx)
    stop = threading.Event()

    def _stop(_signum: int, _frame: object) -> None:
        stop.set()  # only set the flag: printing from a signal handler may re-enter stdout

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    daemon = Daemon(app, click.echo, stream=sys.stdout)
    daemon.run(stop)


COMMANDS: list[click.Command] = [alerts_group, scheduler_group]
