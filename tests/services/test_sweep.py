"""The sweep with a controllable clock: once-only delivery over a week of daily sweeps, moved
due dates, catching up after downtime, failed sends, quiet hours, dry runs and the lease.

The services run on a real SQLite unit of work in a temporary file; every moment is given to
the context (and to the sweep's clock), never read from the machine.  Dates are hand-counted
from the 2026 calendar (Dragon Boat Festival: Fri 19 June 2026).
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from casework.adapters.database import ensure_schema, make_engine
from casework.adapters.orm import events
from casework.adapters.orm_scheduling import leases, sweeps
from casework.adapters.repository import SqlUnitOfWork
from casework.domain.alerts.model import AlertKind
from casework.domain.alerts.routing import Notice, QuietHours, Recipient
from casework.entrypoints.alerting import alert_rules
from casework.errors import ValidationError
from casework.services import actions
from casework.services.alerts import collect_alerts
from casework.services.context import ServiceContext
from casework.services.reasons import request_reasons
from casework.services.sweep import LEASE_NAME, SweepReport, SweepSetup, force_release, run_sweep
from casework.settings import Settings, load_settings
from tests.support.alerts import (
    FailingNotifier,
    RecordingNotifier,
    at,
    context,
    ledger,
    moment,
    new_case,
    sweep_setup,
    write_alert_home,
)

WEEK = [date(2026, 11, 16) + timedelta(days=i) for i in range(7)]  # Mon 16 - Sun 22 Nov


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    created = make_engine(f"sqlite:///{tmp_path / 'casework.db'}")
    ensure_schema(created)
    yield created
    created.dispose()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(write_alert_home(tmp_path / "home"))


@pytest.fixture
def ctx(settings: Settings) -> ServiceContext:
    return context(settings, moment(date(2026, 11, 16)))


def sweep(
    engine: Engine, ctx: ServiceContext, setup: SweepSetup, day: date, hour: int = 9
) -> SweepReport:
    now = moment(day, hour)
    return run_sweep(
        lambda: SqlUnitOfWork(engine), at(ctx, day, hour), replace(setup, clock=lambda: now)
    )


def test_a_week_of_daily_sweeps_sends_each_alert_exactly_once(
    engine: Engine, ctx: ServiceContext, settings: Settings
) -> None:
    # Reply due dates 16-24 Nov (received 19-27 Oct), and a correction-notice deadline on
    # Thu 19 Nov (received Tue 10 Nov).
    for received in (19, 20, 21, 22, 23, 26, 27):
        new_case(engine, ctx, date(2026, 10, received))
    new_case(engine, ctx, date(2026, 11, 10), name="李四")
    log = RecordingNotifier()
    setup = sweep_setup(settings, {"log": log})
    expected: set[tuple[object, ...]] = set()
    for day in WEEK:
        due = collect_alerts(SqlUnitOfWork(engine), at(ctx, day), alert_rules(settings.alerts), day)
        expected |= {a.key for a in due}
        report = sweep(engine, ctx, setup, day)
        assert report.failed == 0 and not report.busy
    rows = ledger(engine)
    assert {(r["status"], r["attempts"]) for r in rows} == {("sent", 1)}
    handler_rows = {
        (r["agency"], r["subject"], r["kind"], r["level"], r["due_on"])
        for r in rows
        if r["recipient"] == "zhangsan"
    }
    assert handler_rows == expected
    # One line per alert ever sent to the handler: nothing went out twice.
    assert len(log.lines_for("zhangsan")) == len(expected)
    levels = {key[3] for key in expected}
    assert levels == {"due_soon", "due_today", "overdue"}
    assert any(key[2] == "correction_notice" for key in expected)
    # The head of the office got one digest a day (overdue cases persist over the weekend).
    digests = [n.title for r, n in log.sent if r.name == "wangwu"]
    assert len(digests) == len(WEEK)
    assert all(
        f"政府信息公开期限提醒（{day.isoformat()}）" in t
        for t, day in zip(digests, WEEK, strict=True)
    )
    assert sweep(engine, ctx, setup, WEEK[-1], hour=15).counts()["sent"] == 0


def test_a_moved_due_date_is_a_new_alert_for_the_new_date(
    engine: Engine, ctx: ServiceContext, settings: Settings
) -> None:
    number = new_case(engine, ctx, date(2026, 10, 20))  # reply due Tue 17 Nov
    log = RecordingNotifier()
    setup = sweep_setup(settings, {"log": log})
    sweep(engine, ctx, setup, date(2026, 11, 16))
    actions.extend(
        SqlUnitOfWork(engine),
        at(ctx, date(2026, 11, 16), actor="wangwu"),  # the head (Reg. art. 33 para. 2)
        number,
        days=2,
        reason="需调取档案",
        on=date(2026, 11, 16),
    )
    for day in (date(2026, 11, 17), date(2026, 11, 19)):
        sweep(engine, ctx, setup, day)
    sent = [(r["level"], r["due_on"]) for r in ledger(engine) if r["recipient"] == "zhangsan"]
    assert sent == [
        ("due_soon", date(2026, 11, 17)),
        ("due_soon", date(2026, 11, 19)),
        ("due_today", date(2026, 11, 19)),
    ]


def test_three_days_of_downtime_are_caught_up_with_the_lapses_on_their_own_dates(
    engine: Engine, ctx: ServiceContext, settings: Settings
) -> None:
    def uow() -> SqlUnitOfWork:
        return SqlUnitOfWork(engine)

    correcting = new_case(engine, ctx, date(2026, 5, 26), name="甲")
    actions.request_correction(
        uow(), at(ctx, date(2026, 5, 28)), correcting, items="请写明文号", on=date(2026, 5, 28)
    )  # 15 working days: the period ends Thu 18 June
    paying = new_case(engine, ctx, date(2026, 5, 15), name="乙")
    actions.notify_fee(
        uow(),
        at(ctx, date(2026, 5, 21)),
        paying,
        method="per-page",
        pages=150,
        on=date(2026, 5, 21),
    )  # 20 working days from the day after: the window ends Thu 18 June
    deferred = new_case(engine, ctx, date(2026, 5, 25), name="丙")
    request_reasons(
        uow(), at(ctx, date(2026, 6, 1)), deferred, concern="申请数量较大", on=date(2026, 6, 1)
    )  # Reg. art. 35: the deferral answers a request for reasons
    actions.defer(
        uow(), at(ctx, date(2026, 6, 15)), deferred, until=date(2026, 6, 20),
        reasons_received_on=date(2026, 6, 10), reason="数量较大", on=date(2026, 6, 15),
    )  # fmt: skip
    due_monday = new_case(engine, ctx, date(2026, 5, 22), name="丁")  # reply due Mon 22 June
    log = RecordingNotifier()
    setup = sweep_setup(settings, {"log": log})
    for day in (15, 16, 17, 18):
        assert sweep(engine, ctx, setup, date(2026, 6, day)).lapsed == 0
    # Off on Fri 19 (holiday), Sat 20 and Sun 21 June.
    report = sweep(engine, ctx, setup, date(2026, 6, 22))
    assert report.lapsed == 2 and report.previous_on == date(2026, 6, 18)
    with engine.connect() as connection:
        lapse_events = connection.execute(
            select(events.c.action, events.c.effective_on).where(
                events.c.action.in_(("lapse-correction", "lapse-fee"))
            )
        ).all()
    assert sorted(lapse_events) == [
        ("lapse-correction", date(2026, 6, 19)),
        ("lapse-fee", date(2026, 6, 19)),
    ]
    caught = {(r["subject"], r["kind"], r["level"], r["due_on"]) for r in ledger(engine)}
    assert (deferred, "reply", "overdue", date(2026, 6, 20)) in caught
    assert (due_monday, "reply", "due_today", date(2026, 6, 22)) in caught
    assert (correcting, "correction_period", "due_today", date(2026, 6, 18)) in caught


def test_a_failed_send_is_retried_and_never_marked_sent(
    engine: Engine, ctx: ServiceContext, settings: Settings
) -> None:
    new_case(engine, ctx, date(2026, 10, 23))  # reply due Fri 20 Nov
    server = FailingNotifier()
    log = RecordingNotifier()
    failing = sweep_setup(settings, {"log": log, "email": server})
    first = sweep(engine, ctx, failing, date(2026, 11, 20))
    assert first.failed == 2 and first.sent == 2  # handler and head by mail fail; the log works
    mail_rows = [r for r in ledger(engine) if r["channel"] == "email"]
    assert {(r["status"], r["attempts"], r["sent_at"]) for r in mail_rows} == {("failed", 1, None)}
    assert all("451" in str(r["last_error"]) for r in mail_rows)
    again = sweep(engine, ctx, failing, date(2026, 11, 20), hour=11)
    assert (again.failed, again.sent, server.attempts) == (2, 0, 4)
    mail = RecordingNotifier()
    fixed = sweep_setup(settings, {"log": log, "email": mail})
    retried = sweep(engine, ctx, fixed, date(2026, 11, 20), hour=14)
    assert (retried.sent, retried.failed) == (2, 0)
    assert {r["attempts"] for r in ledger(engine) if r["channel"] == "email"} == {3}
    assert sorted(r.address for r, _ in mail.sent) == [
        "wangwu@example.gov.cn",
        "zhangsan@example.gov.cn",
    ]


def test_a_failed_alert_whose_level_moved_on_expires_instead_of_going_out_stale(
    engine: Engine, ctx: ServiceContext, settings: Settings
) -> None:
    new_case(engine, ctx, date(2026, 10, 23))  # reply due Fri 20 Nov
    sweep(engine, ctx, sweep_setup(settings, {"log": FailingNotifier()}), date(2026, 11, 19))
    log = RecordingNotifier()
    sweep(engine, ctx, sweep_setup(settings, {"log": log}), date(2026, 11, 20))
    statuses = {
        (r["recipient"], r["level"], r["status"]) for r in ledger(engine) if r["kind"] == "reply"
    }
    assert ("zhangsan", "due_soon", "expired") in statuses
    assert ("zhangsan", "due_today", "sent") in statuses
    assert all("还剩" not in line for line in log.lines_for("zhangsan"))


def test_quiet_hours_hold_everything_back_until_a_sweep_after_them(
    engine: Engine, ctx: ServiceContext, settings: Settings
) -> None:
    new_case(engine, ctx, date(2026, 10, 23))
    log = RecordingNotifier()
    setup = sweep_setup(settings, {"log": log}, quiet=QuietHours(time(20, 0), time(7, 0)))
    early = sweep(engine, ctx, setup, date(2026, 11, 20), hour=6)
    assert (early.sent, early.deferred, log.sent) == (0, 2, [])
    assert {r["status"] for r in ledger(engine)} == {"pending"}
    later = sweep(engine, ctx, setup, date(2026, 11, 20), hour=9)
    assert (later.sent, later.deferred) == (2, 0)
    assert {r["status"] for r in ledger(engine)} == {"sent"}


def test_a_dry_run_counts_what_a_sweep_would_do_and_changes_nothing(
    engine: Engine, ctx: ServiceContext, settings: Settings
) -> None:
    number = new_case(engine, ctx, date(2026, 10, 26))
    actions.request_correction(
        SqlUnitOfWork(engine), at(ctx, date(2026, 10, 27)), number, items="请写明文号",
        on=date(2026, 10, 27),
    )  # fmt: skip  # the correction period ends 17 Nov: lapses on the 18th
    new_case(engine, ctx, date(2026, 10, 23))
    setup = sweep_setup(settings, {"log": RecordingNotifier()})
    rehearsal = run_sweep(
        lambda: SqlUnitOfWork(engine), at(ctx, date(2026, 11, 20)), setup, dry_run=True
    )
    assert rehearsal.dry_run and rehearsal.lapsed == 1 and rehearsal.sent > 0
    assert ledger(engine) == []
    with engine.connect() as connection:
        assert (
            connection.scalar(select(events.c.id).where(events.c.action == "lapse-correction"))
            is None
        )
        assert connection.execute(select(sweeps)).all() == []


def test_only_one_sweeper_holds_the_lease_and_a_stale_lease_expires(
    engine: Engine, ctx: ServiceContext, settings: Settings
) -> None:
    new_case(engine, ctx, date(2026, 10, 23))
    noon = moment(date(2026, 11, 20), 12)
    with SqlUnitOfWork(engine) as uow:
        assert uow.alerts.acquire_lease(LEASE_NAME, "other-host:1", noon, 600)
        uow.commit()
    mine = sweep_setup(settings, {"log": RecordingNotifier()}, holder="this-host:2")
    busy = sweep(engine, ctx, mine, date(2026, 11, 20), hour=12)
    assert busy.busy and busy.sent == 0 and ledger(engine) == []
    # Ten minutes later the other holder has not renewed: its lease is stale.
    late = run_sweep(
        lambda: SqlUnitOfWork(engine),
        at(ctx, date(2026, 11, 20), 12),
        replace(mine, clock=lambda: noon + timedelta(minutes=10, seconds=1)),
    )
    assert not late.busy and late.sent == 2
    with engine.connect() as connection:
        holder, expires = connection.execute(select(leases.c.holder, leases.c.expires_at)).one()
    assert holder == "this-host:2" and expires <= noon + timedelta(minutes=11)


@dataclass
class StallingNotifier:
    """A channel whose first send hangs past the lease, while another host takes it over."""

    engine: Engine
    clock: list[datetime]
    sent: list[str] = field(default_factory=list)

    def send(self, recipient: Recipient, notice: Notice) -> None:
        self.sent.append(recipient.name)
        if len(self.sent) == 1:
            self.clock[0] += timedelta(minutes=11)  # the lease (10 minutes) has lapsed
            with SqlUnitOfWork(self.engine) as uow:
                assert uow.alerts.acquire_lease(LEASE_NAME, "other-host:1", self.clock[0], 600)
                uow.commit()


def test_a_sweep_whose_lease_was_taken_over_sends_nothing_more(
    engine: Engine, ctx: ServiceContext, settings: Settings
) -> None:
    new_case(engine, ctx, date(2026, 10, 23))  # reply due 20 Nov: zhangsan's alert, the digest
    clock = [moment(date(2026, 11, 20), 9)]
    channel = StallingNotifier(engine, clock)
    setup = replace(
        sweep_setup(settings, {"log": channel}), lease_seconds=600, clock=lambda: clock[0]
    )
    report = run_sweep(lambda: SqlUnitOfWork(engine), at(ctx, date(2026, 11, 20)), setup)
    # The first message went out and is recorded; the digest, claimed with it but never handed
    # over, is left to the new holder (pending: it certainly did not go out).
    assert channel.sent == ["zhangsan"]
    assert report.sent == 1 and "扫描租约已被其他进程接管，本次扫描提前结束" in report.errors
    assert [(row["recipient"], row["status"]) for row in ledger(engine)] == [
        ("zhangsan", "sent"),
        ("wangwu", "pending"),
    ]
    with engine.connect() as connection:
        assert connection.scalar(select(leases.c.holder)) == "other-host:1"


def test_a_long_sweep_renews_its_lease_every_third_of_it(
    engine: Engine, ctx: ServiceContext, settings: Settings
) -> None:
    new_case(engine, ctx, date(2026, 10, 23))
    start = moment(date(2026, 11, 20), 9)
    clock = [start]

    class Slow(RecordingNotifier):
        def send(self, recipient: Recipient, notice: Notice) -> None:
            super().send(recipient, notice)
            clock[0] += timedelta(minutes=4)  # each send outlasts a third of the lease

    channel = Slow()
    setup = replace(
        sweep_setup(settings, {"log": channel}), lease_seconds=600, clock=lambda: clock[0]
    )
    renewals: list[datetime] = []
    with SqlUnitOfWork(engine) as uow:
        original = type(uow.alerts).acquire_lease

    def counting(self: Any, name: str, holder: str, now: datetime, seconds: int) -> bool:
        renewals.append(now)
        return original(self, name, holder, now, seconds)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(type(uow.alerts), "acquire_lease", counting)
        report = run_sweep(lambda: SqlUnitOfWork(engine), at(ctx, date(2026, 11, 20)), setup)
    assert report.sent == 2 and report.errors == ()
    # At the start, before the first send, and before the second (4 minutes > 10/3 later).
    assert renewals == [start, start, start + timedelta(minutes=4)]


def test_a_sweep_cannot_be_dated_in_the_future(
    engine: Engine, ctx: ServiceContext, settings: Settings
) -> None:
    setup = sweep_setup(settings, {"log": RecordingNotifier()})
    with pytest.raises(ValidationError, match="不能晚于今天"):
        run_sweep(lambda: SqlUnitOfWork(engine), ctx, setup, date(2026, 11, 17))
    assert ledger(engine) == []


def test_the_annual_report_alert_goes_to_the_head(
    engine: Engine, ctx: ServiceContext, settings: Settings
) -> None:
    log = RecordingNotifier()
    report = sweep(engine, ctx, sweep_setup(settings, {"log": log}), date(2027, 1, 29))
    assert report.failed == 0
    yearly = [r for r in ledger(engine) if r["kind"] == AlertKind.ANNUAL_REPORT.value]
    assert {(r["agency"], r["recipient"], r["due_on"]) for r in yearly} == {
        ("demo", "wangwu", date(2027, 1, 31)),
        ("tj", "wangwu", date(2027, 1, 31)),
    }


def test_the_garbage_collector_is_paused_during_a_sweep_and_restored_after(
    engine: Engine, ctx: ServiceContext, settings: Settings
) -> None:
    new_case(engine, ctx, date(2026, 10, 23))
    seen: list[bool] = []

    class Watching(RecordingNotifier):
        def send(self, recipient: Recipient, notice: Notice) -> None:
            seen.append(gc.isenabled())
            super().send(recipient, notice)

    assert gc.isenabled()
    report = sweep(engine, ctx, sweep_setup(settings, {"log": Watching()}), date(2026, 11, 20))
    assert report.sent == 2 and seen == [False, False] and gc.isenabled()

    def broken_progress(step: str, done: int, total: int) -> None:
        raise RuntimeError("progress display bug")

    broken = sweep_setup(settings, {"log": RecordingNotifier()}, progress=broken_progress)
    with pytest.raises(RuntimeError):
        sweep(engine, ctx, broken, date(2026, 11, 23))
    assert gc.isenabled()  # back on after a failure too
    gc.disable()
    try:  # and left off when the caller had it off
        sweep(engine, ctx, sweep_setup(settings, {"log": RecordingNotifier()}), date(2026, 11, 24))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_defect_in_one_channel_fails_its_deliveries_only_and_they_are_retried(
    engine: Engine, ctx: ServiceContext, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    new_case(engine, ctx, date(2026, 10, 23))  # reply due 20 Nov: zhangsan's alert, the digest
    good = RecordingNotifier()

    class Buggy(RecordingNotifier):
        def send(self, recipient: Recipient, notice: Notice) -> None:
            if recipient.channel == "email":
                raise KeyError("subject")
            good.send(recipient, notice)

    setup = sweep_setup(settings, {"log": Buggy(), "email": Buggy()})
    with caplog.at_level(logging.ERROR, logger="casework.sweep"):
        report = sweep(engine, ctx, setup, date(2026, 11, 20))
    # The log channel still delivered both messages; each e-mail failed and was recorded so.
    assert [r.name for r, _ in good.sent] == ["zhangsan", "wangwu"]
    assert (report.sent, report.failed) == (2, 2)
    assert "zhangsan（email）：程序错误：KeyError：'subject'" in report.errors
    assert "通知渠道「email」出现程序错误" in caplog.text
    failed = [(r["recipient"], r["channel"]) for r in ledger(engine) if r["status"] == "failed"]
    assert failed == [("zhangsan", "email"), ("wangwu", "email")]
    mail = RecordingNotifier()
    retry = sweep(
        engine, ctx, sweep_setup(settings, {"log": good, "email": mail}), date(2026, 11, 20), 10
    )
    assert (retry.sent, retry.failed) == (2, 0) and len(mail.sent) == 2


class Killed(BaseException):
    """What a process killed mid-send looks like to the code after it: nothing more runs."""


@dataclass
class DyingNotifier:
    """A channel that hands the message over, then the process dies before the sweep records
    it (``after``), or dies before handing it over (not ``after``)."""

    after: bool = True
    sent: list[str] = field(default_factory=list)

    def send(self, recipient: Recipient, notice: Notice) -> None:
        if self.after:
            self.sent.append(recipient.name)
        raise Killed


def test_a_delivery_is_committed_as_sending_before_its_message_goes_out(
    engine: Engine, ctx: ServiceContext, settings: Settings
) -> None:
    new_case(engine, ctx, date(2026, 10, 23))  # reply due 20 Nov: zhangsan's alert, the digest
    seen: list[set[tuple[object, object]]] = []

    class Looking(RecordingNotifier):
        def send(self, recipient: Recipient, notice: Notice) -> None:
            # Another connection sees what is committed at the moment of the send.
            seen.append({(r["recipient"], r["status"]) for r in ledger(engine)})
            super().send(recipient, notice)

    sweep(engine, ctx, sweep_setup(settings, {"log": Looking()}), date(2026, 11, 20))
    # Both messages are claimed at once; each is handed over (sending) before it goes out, and
    # the first is settled (sent) when the second is handed over.
    assert seen == [
        {("zhangsan", "sending"), ("wangwu", "pending")},
        {("zhangsan", "sent"), ("wangwu", "sending")},
    ]
    assert {(r["status"], r["attempts"]) for r in ledger(engine)} == {("sent", 1)}


def test_an_interrupted_e_mail_is_reported_uncertain_and_never_resent(
    engine: Engine, ctx: ServiceContext, settings: Settings
) -> None:
    new_case(engine, ctx, date(2026, 10, 23))  # reply due Fri 20 Nov
    dying = DyingNotifier()
    with pytest.raises(Killed):
        sweep(engine, ctx, sweep_setup(settings, {"log": RecordingNotifier(), "email": dying}),
              date(2026, 11, 20))  # fmt: skip
    assert dying.sent == ["zhangsan"]  # the log line went out, then the e-mail, then death
    assert [(r["recipient"], r["channel"], r["status"]) for r in ledger(engine)] == [
        ("zhangsan", "log", "sent"),
        ("zhangsan", "email", "sending"),
        ("wangwu", "log", "pending"),  # claimed, never handed over
        ("wangwu", "email", "pending"),
    ]
    mail, log = RecordingNotifier(), RecordingNotifier()
    after = sweep(engine, ctx, sweep_setup(settings, {"log": log, "email": mail}),
                  date(2026, 11, 20), hour=10)  # fmt: skip
    # zhangsan's e-mail is not sent again; the head's log line and e-mail go out as usual.
    assert [r.name for r, _ in mail.sent] == ["wangwu"]
    assert (after.sent, after.failed, after.uncertain, after.skipped) == (2, 0, 1, 2)
    assert any(
        "zhangsan（email）：上次扫描在发送时中断，无法确认 1 条提醒是否已送达" in problem
        and "未自动重发" in problem
        for problem in after.errors
    )
    statuses = {(r["recipient"], r["channel"]): r["status"] for r in ledger(engine)}
    assert statuses[("zhangsan", "email")] == "uncertain"
    again = sweep(engine, ctx, sweep_setup(settings, {"log": log, "email": mail}),
                  date(2026, 11, 20), hour=11)  # fmt: skip
    assert (again.sent, again.uncertain, again.errors) == (0, 0, ())
    assert [r.name for r, _ in mail.sent] == ["wangwu"]


def test_an_interrupted_log_line_is_sent_again_because_a_repeat_does_no_harm(
    engine: Engine, ctx: ServiceContext, settings: Settings
) -> None:
    new_case(engine, ctx, date(2026, 10, 23))
    with pytest.raises(Killed):
        sweep(engine, ctx, sweep_setup(settings, {"log": DyingNotifier(after=False)}),
              date(2026, 11, 20))  # fmt: skip
    assert [r["status"] for r in ledger(engine)] == ["sending", "pending"]
    setup = sweep_setup(settings, {"log": RecordingNotifier()})
    rehearsal = run_sweep(
        lambda: SqlUnitOfWork(engine), at(ctx, date(2026, 11, 20), 10), setup, dry_run=True
    )
    assert (rehearsal.sent, rehearsal.skipped) == (2, 0)
    log = RecordingNotifier()
    after = sweep(engine, ctx, sweep_setup(settings, {"log": log}), date(2026, 11, 20), hour=10)
    assert (after.sent, after.uncertain, after.errors) == (2, 0, ())
    assert [r.name for r, _ in log.sent] == ["zhangsan", "wangwu"]
    # The interrupted attempt counts: zhangsan's line was tried twice.
    assert [(r["recipient"], r["status"], r["attempts"]) for r in ledger(engine)] == [
        ("zhangsan", "sent", 2),
        ("wangwu", "sent", 1),
    ]


def test_a_dry_run_after_an_interruption_does_not_count_an_uncertain_e_mail_as_due(
    engine: Engine, ctx: ServiceContext, settings: Settings
) -> None:
    new_case(engine, ctx, date(2026, 10, 23))
    with pytest.raises(Killed):
        sweep(engine, ctx, sweep_setup(settings, {"log": RecordingNotifier(),
              "email": DyingNotifier()}), date(2026, 11, 20))  # fmt: skip
    setup = sweep_setup(settings, {"log": RecordingNotifier(), "email": RecordingNotifier()})
    rehearsal = run_sweep(
        lambda: SqlUnitOfWork(engine), at(ctx, date(2026, 11, 20), 10), setup, dry_run=True
    )
    # zhangsan's log line was sent and the e-mail is in doubt: the head's two remain.
    assert (rehearsal.sent, rehearsal.skipped) == (2, 2)
    assert [r["status"] for r in ledger(engine)] == ["sent", "sending", "pending", "pending"]


def test_a_sweep_held_by_another_says_who_holds_the_lease_until_when(
    engine: Engine, ctx: ServiceContext, settings: Settings
) -> None:
    noon = moment(date(2026, 11, 20), 12)
    with SqlUnitOfWork(engine) as uow:
        assert uow.alerts.acquire_lease(LEASE_NAME, "other-host:1", noon, 600)
        uow.commit()
    held = sweep(engine, ctx, sweep_setup(settings, {"log": RecordingNotifier()}),
                 date(2026, 11, 20), hour=12)  # fmt: skip
    assert (held.busy, held.held_by, held.held_until) == (
        True, "other-host:1", noon + timedelta(minutes=10),
    )  # fmt: skip


def test_a_forced_release_ends_the_lease_of_whoever_holds_it_and_is_logged(
    engine: Engine, ctx: ServiceContext, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    noon = moment(date(2026, 11, 20), 12)
    with SqlUnitOfWork(engine) as uow:
        assert uow.alerts.acquire_lease(LEASE_NAME, "crashed-host:7", noon, 600)
        uow.commit()
    with caplog.at_level(logging.WARNING, logger="casework.sweep"):
        former = force_release(lambda: SqlUnitOfWork(engine), noon)
    assert former == ("crashed-host:7", noon + timedelta(minutes=10))
    assert "扫描租约被强制释放：原持有者 crashed-host:7" in caplog.text
    new_case(engine, ctx, date(2026, 10, 23))
    after = sweep(engine, ctx, sweep_setup(settings, {"log": RecordingNotifier()}),
                  date(2026, 11, 20), hour=12)  # fmt: skip
    assert not after.busy and after.sent == 2
    assert force_release(lambda: SqlUnitOfWork(engine), noon) == ("test-sweeper", noon)
