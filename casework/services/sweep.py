"""One sweep (扫描): apply the lapses on their own dates, then send every alert due, once.

Idempotent by construction: each delivery (alert x recipient x channel) is a ledger row with a
unique key, committed as ``sending`` before its message is handed to the channel (its rows
claimed with an outbox row, ``AlertLedger.claim``) and settled (``sent``, or ``failed`` to be
retried by the next sweep) in the transaction right after, so a re-run sends nothing twice.
A sweep killed between the two leaves ``sending`` rows (its outbox row); the next
sweep cannot know whether their message went out, so it sends them again only on a channel
where a repeat does no harm (``IDEMPOTENT_CHANNELS``: the log) and otherwise marks them
``uncertain`` and reports them, never resending them blindly (issue 14).  A lease row lets one
process sweep at a time; a crashed sweeper's lease is taken over once it expires, or released
at once by an operator (``force_release``).  The same code serves ``casework alerts sweep``
(cron users) and the scheduler daemon; after downtime the first sweep catches up: lapses land
on their true dates and each deadline that passed meanwhile is reported as overdue with its
own due date.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from casework.domain.alerts.model import AlertRules, LedgerStatus
from casework.domain.alerts.routing import (
    Delivery,
    QuietHours,
    Routing,
    plan_deliveries,
)
from casework.errors import ValidationError
from casework.services.alerts import Progress, collect_alerts
from casework.services.context import ServiceContext
from casework.services.lapses import apply_lapses, due_lapses
from casework.services.ports import Notifier, SweepRecord, UnitOfWork
from casework.services.sweep_ledger import (
    due_deliveries,
    hold,
    settle_interrupted,
    uncertain_problems,
)
from casework.services.sweep_send import LEASE_NAME as _LEASE
from casework.services.sweep_send import send

LOGGER = logging.getLogger("casework.sweep")
LEASE_NAME = _LEASE  # the one lease of all sweepers (``casework.services.sweep_send``)
SWEEP_ACTOR = "系统（定时扫描）"
LAPSE_STATES = ("correcting", "consulting", "awaiting_fee")


@dataclass(frozen=True)
class SweepSetup:
    """What a sweep needs besides the database and the context: the rules, who gets what,
    the channels, quiet hours, and who is sweeping (the lease holder).  ``clock`` is the wall
    clock for the lease and the sent times (default: the context's moment)."""

    rules: AlertRules
    routing: Routing
    notifiers: Mapping[str, Notifier]
    holder: str
    quiet: QuietHours | None = None
    timezone: str = "Asia/Shanghai"
    lease_seconds: int = 900
    clock: Callable[[], datetime] | None = None
    progress: Progress | None = None


@dataclass(frozen=True)
class SweepReport:
    """What one sweep did.  ``skipped`` counts deliveries due but not sent now: sent before,
    uncertain, or held back by quiet hours (``deferred``).  ``uncertain``: deliveries an
    interrupted sweep left ``sending`` that this sweep found and did not resend (their channel
    is not idempotent).  ``busy``: another process held the lease (``held_by`` until
    ``held_until``), and nothing was done."""

    on: date
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    lapsed: int = 0
    deferred: int = 0
    uncertain: int = 0
    busy: bool = False
    dry_run: bool = False
    previous_on: date | None = None
    held_by: str | None = None
    held_until: datetime | None = None
    errors: tuple[str, ...] = field(default_factory=tuple)
    # A dry run's plan: the deliveries it would send (the counts say how many).
    planned: tuple[Delivery, ...] = ()

    def counts(self) -> dict[str, int]:
        return {
            "sent": self.sent,
            "skipped": self.skipped,
            "failed": self.failed,
            "lapsed": self.lapsed,
        }


def run_sweep(
    make_uow: Callable[[], UnitOfWork],
    ctx: ServiceContext,
    setup: SweepSetup,
    on: date | None = None,
    *,
    dry_run: bool = False,
) -> SweepReport:
    """Sweep as of ``on`` (default today); ``dry_run`` changes nothing and sends nothing."""
    day = on or ctx.today
    if day > ctx.today:
        # Lapses take effect on their own dates, which may not lie in the future.
        raise ValidationError(f"不能晚于今天（{ctx.today.isoformat()}）", field="--on（扫描日期）")
    if dry_run:
        return _rehearse(make_uow, ctx, setup, day)
    clock = setup.clock or (lambda: ctx.now)
    started = clock()
    with make_uow() as uow:
        acquired = uow.alerts.acquire_lease(LEASE_NAME, setup.holder, started, setup.lease_seconds)
        previous = uow.alerts.last_sweep_on()
        uow.commit()
    if not acquired:
        with make_uow() as uow:
            lease = uow.alerts.lease(LEASE_NAME)
        holder, until = lease if lease is not None else (None, None)
        return SweepReport(day, busy=True, previous_on=previous, held_by=holder, held_until=until)
    try:
        with _collector_paused():
            report = _sweep(make_uow, ctx, setup, day, clock)
        with make_uow() as uow:
            counts = report.counts()
            uow.alerts.add_sweep(SweepRecord(day, setup.holder, started, clock(), **counts))
            uow.commit()
    finally:
        with make_uow() as uow:
            uow.alerts.release_lease(LEASE_NAME, setup.holder, clock())
            uow.commit()
    return replace(report, previous_on=previous)


def force_release(make_uow: Callable[[], UnitOfWork], now: datetime) -> tuple[str, datetime] | None:
    """End the sweep lease now, whoever holds it (``casework alerts sweep --force-release``):
    for an operator who knows the holder is gone and will not wait for the lease to expire.
    The former holder and its expiry, logged; None when no lease was ever taken.  A holder that
    is still alive finds its lease taken over at its next renewal and sends nothing more."""
    with make_uow() as uow:
        lease = uow.alerts.lease(LEASE_NAME)
        uow.alerts.release_lease(LEASE_NAME, None, now)
        uow.commit()
    if lease is not None:
        holder, until = lease
        LOGGER.warning(
            "扫描租约被强制释放：原持有者 %s，原到期时间 %s，释放时间 %s",
            holder,
            until.isoformat(),
            now.isoformat(),
        )
    return lease


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the sweep (and back as it was after).

    A sweep holds a few hundred thousand objects (case snapshots, alerts, deliveries, ledger
    rows) without reference cycles; each collection would walk all of them again, and the
    bench measured the collections at about a third of a sweep's time.  Reference counting
    still frees them; the few cycles a sweep may leave (the workflow machinery of a lapse) are
    collected once the collector is back on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _sweep(
    make_uow: Callable[[], UnitOfWork],
    ctx: ServiceContext,
    setup: SweepSetup,
    day: date,
    clock: Callable[[], datetime],
) -> SweepReport:
    lapsed, errors = 0, []
    with make_uow() as uow:
        possible = uow.alerts.lapses_possible(LAPSE_STATES, day)
    if possible:
        # A lapse is the law's doing, not a clerk's: the journal names the sweep, and user roles
        # (which only gate what people do) do not apply to it.
        system = replace(ctx, actor=SWEEP_ACTOR, users={}, identity="system")
        for outcome in apply_lapses(make_uow, system, day):
            if outcome.error is None:
                lapsed += 1
            else:
                errors.append(f"{outcome.lapse.number}：{outcome.error}")
    deliveries = _plan(make_uow, ctx, setup, day)
    with make_uow() as uow:
        interrupted = settle_interrupted(uow)
        due = due_deliveries(uow, deliveries, clock(), expire=True)
        uow.commit()
    errors += uncertain_problems(interrupted[LedgerStatus.UNCERTAIN])
    uncertain = len(interrupted[LedgerStatus.UNCERTAIN])
    skipped = len(deliveries) - len(due)
    zone = ZoneInfo(setup.timezone)
    if setup.quiet is not None and setup.quiet.contains(clock().astimezone(zone).time()):
        with make_uow() as uow:
            hold(uow, due, clock())
            uow.commit()
        return SweepReport(
            day,
            skipped=skipped + len(due),
            lapsed=lapsed,
            deferred=len(due),
            uncertain=uncertain,
            errors=tuple(errors),
        )
    sent, failed, send_errors = send(make_uow, setup, due, clock)
    return SweepReport(
        day,
        sent=sent,
        skipped=skipped,
        failed=failed,
        lapsed=lapsed,
        uncertain=uncertain,
        errors=(*errors, *send_errors),
    )


def _plan(
    make_uow: Callable[[], UnitOfWork], ctx: ServiceContext, setup: SweepSetup, day: date
) -> list[Delivery]:
    alerts = collect_alerts(make_uow(), ctx, setup.rules, day, progress=setup.progress)
    names = {code: profile.name for code, profile in ctx.agencies.items()}
    return plan_deliveries(alerts, setup.routing, day, names)


def _rehearse(
    make_uow: Callable[[], UnitOfWork], ctx: ServiceContext, setup: SweepSetup, day: date
) -> SweepReport:
    """A dry run: what a sweep would lapse and send; nothing is written."""
    lapses = due_lapses(make_uow(), ctx, day)
    deliveries = _plan(make_uow, ctx, setup, day)
    with make_uow() as uow:
        due = due_deliveries(uow, deliveries, ctx.now, expire=False)
    return SweepReport(
        day,
        sent=len(due),
        skipped=len(deliveries) - len(due),
        lapsed=len(lapses),
        dry_run=True,
        planned=tuple(delivery for _row, delivery in due),
    )
