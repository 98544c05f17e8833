"""Wiring of the alert sweep, and the scheduler daemon (``casework scheduler run``).

``sweep_setup`` builds the sweep's rules, routing and channels from ``[alerts]`` in config.toml.
``Daemon`` runs the sweep at the configured times on working days (the working calendar of the
configured agencies decides, not cron), once at start to catch up after downtime, and stops
cleanly when told to.  ``scheduled_sweep`` is the stable function APScheduler stores by name;
it hands over to the daemon running in this process.  The clock is injected so tests can move
time; the command line uses ``casework.bootstrap.current_time`` (which honours CASEWORK_NOW).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, TextIO
from zoneinfo import ZoneInfo

from casework.bootstrap import current_time
from casework.domain.alerts.model import AlertRules
from casework.domain.alerts.routing import QuietHours, Routing, Webhook, webhook_kind
from casework.errors import CaseworkError, ConfigurationError
from casework.services.alerts import Progress
from casework.services.clocks import working_calendar
from casework.services.ports import Notifier
from casework.services.sweep import SweepReport, SweepSetup, run_sweep

if TYPE_CHECKING:
    from casework.bootstrap import App
    from casework.settings import AlertSettings, Settings

LOGGER = logging.getLogger("casework.scheduler")
SHANGHAI = ZoneInfo("Asia/Shanghai")
_active: Daemon | None = None


def default_holder() -> str:
    """Who holds the sweep lease: this host and process."""
    return f"{socket.gethostname()}:{os.getpid()}"


def alert_rules(settings: AlertSettings) -> AlertRules:
    return AlertRules(
        due_soon_days=settings.due_soon_days,
        correction_notice_lead_days=settings.correction_notice_lead_days,
        not_delivered_days=settings.not_delivered_days,
        not_archived_days=settings.not_archived_days,
        annual_report_lead_days=settings.annual_report_lead_days,
    )


def routing(settings: Settings) -> Routing:
    alerts = settings.alerts
    hooks = []
    for hook in alerts.webhooks:
        if hook.agency not in settings.agencies:
            raise ConfigurationError(
                f"机关「{hook.agency}」未在 [agencies] 中配置", field="alerts.webhooks.agency"
            )
        hooks.append(Webhook(hook.agency, hook.name, hook.url, hook.kind or webhook_kind(hook.url)))
    return Routing(
        users=settings.users, webhooks=tuple(hooks), log=alerts.log, email=alerts.smtp is not None
    )


def sweep_setup(
    app: App,
    stream: TextIO | None,
    *,
    holder: str | None = None,
    clock: Callable[[], datetime] | None = None,
    notifiers: Mapping[str, Notifier] | None = None,
    progress: Progress | None = None,
) -> SweepSetup:
    """The sweep as configured; ``notifiers`` replaces the configured channels (tests)."""
    from casework.adapters.notifiers import build_notifiers

    alerts = app.settings.alerts
    quiet = None
    if alerts.quiet_start is not None and alerts.quiet_end is not None:
        quiet = QuietHours(alerts.quiet_start, alerts.quiet_end)
    return SweepSetup(
        rules=alert_rules(alerts),
        routing=routing(app.settings),
        notifiers=notifiers if notifiers is not None else build_notifiers(alerts, stream),
        holder=holder or default_holder(),
        quiet=quiet,
        timezone=alerts.timezone,
        lease_seconds=alerts.lease_seconds,
        clock=clock,
        progress=progress,
    )


def summary(report: SweepReport) -> str:
    """The one line a sweep prints: what was sent, skipped and failed."""
    if report.busy:
        holder = f"「{report.held_by}」" if report.held_by else "另一进程"
        until = (
            f"，至 {report.held_until.astimezone(SHANGHAI):%Y-%m-%d %H:%M:%S} 到期"
            if report.held_until
            else ""
        )
        return (
            f"{report.on.isoformat()}：扫描租约由{holder}持有（未到期{until}），本次未扫描。"
            "如确认该进程已终止，可用 casework alerts sweep --force-release 强制释放。"
        )
    head = "演练（未发送、未记录）" if report.dry_run else "扫描完成"
    words = "将发送" if report.dry_run else "发送"
    line = (
        f"{report.on.isoformat()} {head}：{words} {report.sent}，跳过 {report.skipped}，"
        f"失败 {report.failed}，逾期处理 {report.lapsed}"
    )
    if report.deferred:
        line += f"（静默时段，{report.deferred} 条待发送）"
    if report.uncertain:
        line += f"；未确认 {report.uncertain}（上次扫描在发送时中断，未重发，请核实）"
    if report.previous_on is not None and (report.on - report.previous_on).days > 1:
        line += f"；上次扫描为 {report.previous_on.isoformat()}，已补扫其后各日"
    return line


def report_json(report: SweepReport) -> dict[str, object]:
    """A sweep's ``--json``: its counts, the interrupted deliveries it did not resend
    (``uncertain``) and whether another process held the lease (``held``, with whom and until
    when)."""
    found: dict[str, object] = {**report.counts(), "uncertain": report.uncertain}
    found["held"] = report.busy
    if report.dry_run:
        # Issue 21: what a dry run would send, one entry per recipient and channel.
        found["would_send"] = [
            {
                "case": d.alert.case,
                "agency": d.alert.agency,
                "kind": d.alert.kind.value,
                "level": d.alert.level.value,
                "due_on": d.alert.due_on.isoformat(),
                "recipient": d.recipient.name,
                "channel": d.recipient.channel,
            }
            for d in report.planned
        ]
    if report.busy:
        found["held_by"] = report.held_by
        found["held_until"] = report.held_until.isoformat() if report.held_until else None
    return found


def scheduled_sweep() -> None:
    """The job APScheduler stores by name: a sweep by the daemon of this process."""
    daemon = _active
    if daemon is None:
        LOGGER.warning("没有运行中的调度器，本次定时扫描跳过")
        return
    daemon.sweep_if_working_day("定时扫描")


class Daemon:
    """The scheduler daemon of one home: sweeps on working days at the configured times."""

    def __init__(
        self,
        app: App,
        out: Callable[[str], None],
        *,
        clock: Callable[[], datetime] = current_time,
        stream: TextIO | None = None,
        notifiers: Mapping[str, Notifier] | None = None,
        holder: str | None = None,
    ) -> None:
        self.app, self.out, self.clock = app, out, clock
        self.setup = sweep_setup(app, stream, holder=holder, clock=clock, notifiers=notifiers)
        self.lock = threading.Lock()
        self.anchored_on: date | None = None  # the day this daemon last anchored every agency

    def is_working_day(self, now: datetime) -> bool:
        """Whether any configured agency works today (make-up Saturdays included)."""
        ctx = self.app.system_context(now)
        with self.app.uow() as uow:
            return any(
                working_calendar(uow, ctx, code).is_working_day(ctx.today) for code in ctx.agencies
            )

    def next_working_sweep(self, upcoming: datetime) -> datetime:
        """The first sweep time at or after ``upcoming`` (the cron's next firing, which is
        daily) that falls on a working day: the job fires on a Saturday too but only sweeps on
        working days, so printing the cron's time would announce a sweep that never runs."""
        times = sorted(self.app.settings.alerts.sweep_times)
        when = upcoming
        for _day in range(400):  # a year ahead at most: a calendar always has working days
            if self.is_working_day(when):
                return when
            first = times[0]
            when = (when + timedelta(days=1)).replace(
                hour=first.hour, minute=first.minute, second=first.second, microsecond=0
            )
        return upcoming

    def sweep_if_working_day(self, reason: str, *, anchor: bool = True) -> SweepReport | None:
        """Sweep if today is a working day; then, every day, anchor the journals (issue 17)."""
        now = self.clock()
        report = self._sweep(now, reason)
        if anchor:
            self.anchor_journals(now, reason)
        return report

    def anchor_journals(self, now: datetime, reason: str) -> None:
        """The daily anchor of each agency's chain heads, on every day the job fires (not only
        working days); one per agency and day, so later firings of the day add nothing."""
        from casework.services.integrity import anchor

        ctx = self.app.context(now)
        if self.anchored_on == ctx.today:
            return  # this daemon anchored today already: later firings stay as short as before
        complete = True
        for code in sorted(ctx.agencies):
            try:
                result = anchor(self.app.uow(), ctx, code, ctx.today)
            except CaseworkError as error:
                self.out(f"{now:%Y-%m-%d %H:%M} {reason}：机关 {code} 日志锚定失败：{error}")
                complete = False
                continue
            if result.created:
                self.out(
                    f"{now:%Y-%m-%d %H:%M} {reason}：机关 {code} 日志已锚定（第 {result.seq} 次，"
                    f"{result.cases} 件案件，锚定哈希 {result.anchor_hash}）"
                )
        if complete:  # a failed agency is tried again at the next firing
            self.anchored_on = ctx.today

    def _sweep(self, now: datetime, reason: str) -> SweepReport | None:
        try:
            if not self.is_working_day(now):
                self.out(f"{now:%Y-%m-%d %H:%M} {reason}：今天不是工作日，不扫描。")
                return None
            with self.lock:
                report = run_sweep(self.app.uow, self.app.system_context(now), self.setup)
        except CaseworkError as error:
            # The daemon keeps running; the next sweep tries again.
            self.out(f"{now:%Y-%m-%d %H:%M} {reason}失败：{error}")
            return None
        except Exception as error:
            # A defect (or a channel's own bug) must not stop the daemon either: the clerk sees
            # it in Chinese, the traceback goes to the log, and the next sweep tries again.
            # The sweep left nothing half written: each of its transactions stands or falls
            # alone, and the lease was released.
            LOGGER.exception("定时扫描出现程序错误")
            self.out(
                f"{now:%Y-%m-%d %H:%M} {reason}失败（程序错误，详情已写入日志）："
                f"{type(error).__name__}：{error}"
            )
            return None
        self.out(f"{now:%Y-%m-%d %H:%M} {reason}：{summary(report)}")
        for problem in report.errors:
            self.out(f"  问题：{problem}")
        return report

    def run(self, stop: threading.Event) -> None:
        """Catch up, then sweep on schedule until ``stop`` is set; shuts down cleanly."""
        from casework.adapters.scheduler import install_sweep_job, make_scheduler, next_sweep_at

        global _active  # noqa: PLW0603 - APScheduler calls a module-level function by name
        alerts = self.app.settings.alerts
        scheduler = make_scheduler(self.app.engine, alerts.timezone)
        install_sweep_job(
            scheduler, alerts.sweep_times, alerts.timezone, alerts.misfire_grace_hours
        )
        times = "、".join(t.isoformat(timespec="seconds") for t in sorted(alerts.sweep_times))
        self.out(
            f"调度器已启动：每个工作日 {times} 扫描（时区 {alerts.timezone}）；发送 SIGTERM 或按 Ctrl+C 停止。"
        )
        _active = self
        try:
            # The catch-up sweep first, the scheduler right after it, then the day's anchor:
            # a sweep time that falls during start-up is not missed for the anchor's sake.
            self.sweep_if_working_day("启动补扫", anchor=False)
            if stop.is_set():
                return
            scheduler.start()
            self.anchor_journals(self.clock(), "启动补扫")
            upcoming = next_sweep_at(scheduler)
            if upcoming is not None:
                upcoming = self.next_working_sweep(upcoming)
                self.out(f"下次扫描：{upcoming:%Y-%m-%d %H:%M:%S}（工作日）")
            while not stop.wait(0.5):
                pass
            self.out("收到停止信号，正在停止调度器……")
        finally:
            if scheduler.running:
                scheduler.shutdown(wait=True)
            _active = None
            self.out("调度器已停止。")
