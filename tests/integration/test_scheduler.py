"""The scheduler daemon: its one stored job, the working-day decision with an injected clock,
and ``casework scheduler run`` as a real process that sweeps at a configured time and stops
cleanly on SIGTERM."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from casework.adapters.orm_scheduling import apscheduler_jobs, sweeps
from casework.adapters.scheduler import JOB_FUNCTION, JOB_ID, install_sweep_job, make_scheduler
from casework.bootstrap import App, bootstrap
from casework.entrypoints import alerting
from casework.entrypoints.alerting import Daemon, scheduled_sweep
from tests.support.alerts import RecordingNotifier, moment, new_case, write_alert_home
from tests.support.daemons import DaemonProcess, shanghai_times_from_now


@pytest.fixture
def app(tmp_path: Path) -> Iterator[App]:
    created = bootstrap(write_alert_home(tmp_path / "home"), user="zhangsan")
    yield created
    created.close()


def test_the_sweep_job_is_stored_once_with_coalescing_and_a_grace_of_hours(app: App) -> None:
    settings = app.settings.alerts
    for _restart in range(3):
        scheduler = make_scheduler(app.engine, settings.timezone)
        install_sweep_job(scheduler, settings.sweep_times, settings.timezone, grace_hours=12)
        scheduler.start(paused=True)
        scheduler.shutdown(wait=False)
    with app.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(apscheduler_jobs)) == 1
    scheduler = make_scheduler(app.engine, settings.timezone)
    scheduler.start(paused=True)
    job = scheduler.get_job(JOB_ID)
    scheduler.shutdown(wait=False)
    assert job is not None
    assert (job.func_ref, job.coalesce, job.max_instances) == (JOB_FUNCTION, True, 1)
    assert job.misfire_grace_time == 12 * 3600
    assert "hour='8', minute='30'" in str(job.trigger)


@pytest.mark.parametrize(
    ("day", "sweeps_today"),
    [
        (date(2026, 10, 9), True),  # Friday
        (date(2026, 10, 10), True),  # make-up Saturday (调休上班) after National Day
        (date(2026, 10, 11), False),  # Sunday
        (date(2026, 10, 5), False),  # National Day holiday, a Monday
    ],
)
def test_the_daemon_sweeps_on_working_days_as_the_calendar_decides(
    app: App, day: date, sweeps_today: bool
) -> None:
    new_case(app.engine, app.context(moment(date(2026, 9, 10))), date(2026, 9, 10))
    lines: list[str] = []
    log = RecordingNotifier()
    daemon = Daemon(app, lines.append, clock=lambda: moment(day), notifiers={"log": log})
    report = daemon.sweep_if_working_day("定时扫描")
    assert (report is not None) is sweeps_today
    # Every day the job fires, working or not, each agency's journal is anchored once
    # (issue 17), after the sweep's own lines.
    assert [line.split("（")[0] for line in lines[-2:]] == [
        f"{day.isoformat()} 09:00 定时扫描：机关 {code} 日志已锚定" for code in ("demo", "tj")
    ]
    assert "第 1 次，1 件案件，锚定哈希" in lines[-2]
    first = list(lines)
    daemon.sweep_if_working_day("定时扫描")  # a second firing that day anchors nothing more
    assert not any("日志已锚定" in line for line in lines[len(first) :])
    lines = first
    if not sweeps_today:
        assert lines[:-2] == [f"{day.isoformat()} 09:00 定时扫描：今天不是工作日，不扫描。"]
        return
    assert report is not None and report.sent > 0
    assert lines[0].startswith(
        f"{day.isoformat()} 09:00 定时扫描：{day.isoformat()} 扫描完成：发送"
    )


def test_the_stored_job_without_a_running_daemon_does_nothing(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="casework.scheduler"):
        scheduled_sweep()
    assert "没有运行中的调度器" in caplog.text


@pytest.mark.slow
def test_scheduler_run_sweeps_at_its_time_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    first, second = shanghai_times_from_now(6, 8)
    home = write_alert_home(tmp_path / "home", alerts={"sweep_times": f'["{first}", "{second}"]'})
    app = bootstrap(home, user="zhangsan")
    new_case(app.engine, app.context(moment(date(2026, 10, 23))), date(2026, 10, 23))
    app.close()
    with DaemonProcess(home, now="2026-11-20T09:30:00+08:00") as daemon:
        daemon.wait_for("定时扫描：2026-11-20 扫描完成", count=2, timeout=40)
        code, output = daemon.terminate()
    assert code == 0, output
    assert "调度器已启动：每个工作日" in output
    assert "启动补扫：2026-11-20 扫描完成：发送 2" in output
    assert "收到停止信号，正在停止调度器……" in output and output.rstrip().endswith("调度器已停止。")
    assert "Traceback" not in output
    engine = bootstrap(home).engine
    with engine.connect() as connection:
        ran = connection.scalar(select(func.count()).select_from(sweeps))
    assert ran is not None and ran >= 3  # the catch-up sweep and the two scheduled ones
    engine.dispose()


def test_an_unexpected_error_in_a_sweep_is_reported_and_the_daemon_goes_on(
    app: App, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_case(app.engine, app.context(moment(date(2026, 9, 10))), date(2026, 9, 10))
    day = date(2026, 10, 9)
    lines: list[str] = []
    log = RecordingNotifier()
    daemon = Daemon(app, lines.append, clock=lambda: moment(day), notifiers={"log": log})

    def defect(*args: object, **kwargs: object) -> None:
        raise KeyError("template")

    monkeypatch.setattr(alerting, "run_sweep", defect)
    with caplog.at_level(logging.ERROR, logger="casework.scheduler"):
        assert daemon.sweep_if_working_day("定时扫描") is None
    assert lines[0] == (
        f"{day.isoformat()} 09:00 定时扫描失败（程序错误，详情已写入日志）：KeyError：'template'"
    )
    # A failed sweep does not stop the day's anchor of each agency's journal (issue 17).
    assert [line.split("（")[0] for line in lines[1:]] == [
        f"{day.isoformat()} 09:00 定时扫描：机关 {code} 日志已锚定" for code in ("demo", "tj")
    ]
    assert "定时扫描出现程序错误" in caplog.text and "Traceback" in caplog.text
    monkeypatch.undo()  # the defect is fixed: the same daemon sweeps at its next time
    report = daemon.sweep_if_working_day("定时扫描")
    assert report is not None and report.sent > 0 and report.failed == 0
    assert [r.name for r, _ in log.sent] == ["zhangsan", "wangwu"]


@pytest.mark.parametrize(
    ("firing", "sweep"),
    [
        (date(2026, 10, 17), date(2026, 10, 19)),  # Saturday: the next sweep is Monday's
        (date(2026, 10, 10), date(2026, 10, 10)),  # make-up Saturday (调休上班): that day
        (date(2026, 10, 3), date(2026, 10, 8)),  # National Day holidays: after them (Thursday)
        (date(2026, 10, 9), date(2026, 10, 9)),  # an ordinary Friday
    ],
)
def test_the_daemon_announces_the_next_sweep_on_a_working_day_not_the_crons_next_day(
    app: App, firing: date, sweep: date
) -> None:
    lines: list[str] = []
    daemon = Daemon(app, lines.append, clock=lambda: moment(firing))
    assert daemon.next_working_sweep(moment(firing, 8, 30)) == moment(sweep, 8, 30)
