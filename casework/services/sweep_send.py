"""The sending half of a sweep (``casework.services.sweep``): its messages claimed together,
then each committed as handed over before its channel gets it and settled in the transaction
that hands over the next, so nothing is sent twice and a crash leaves the next sweep to know
which messages may have gone out (issue 14; one claim for all, issue 18).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from casework.domain.alerts.model import AlertKind, LedgerStatus
from casework.domain.alerts.routing import Delivery, Recipient, compose
from casework.errors import NotificationError
from casework.services.alert_ports import Claim
from casework.services.ports import UnitOfWork
from casework.services.sweep_ledger import Due

if TYPE_CHECKING:
    from casework.services.sweep import SweepSetup

LOGGER = logging.getLogger("casework.sweep")
LEASE_NAME = "alert-sweep"
LEASE_LOST = "扫描租约已被其他进程接管，本次扫描提前结束"
# A message handed over, with how it went, to settle in the next transaction.
Settled = tuple[int, LedgerStatus, str | None]


def send(
    make_uow: Callable[[], UnitOfWork],
    setup: SweepSetup,
    due: Sequence[Due],
    clock: Callable[[], datetime],
) -> tuple[int, int, list[str]]:
    """One message per recipient (and per digest).  All are claimed in one transaction (their
    rows written as sent, reading ``sending`` while their outbox rows last); then each is
    committed as handed over before it goes out and settled in the next transaction (sent: its
    outbox row deleted; or failed, to be retried), so a crash leaves the next sweep a message
    handed over (may have gone out) or not (certainly did not).  The lease is taken with the
    claim and renewed, in a hand-over transaction, once a third of it has passed since the
    last renewal: it cannot lapse between two checks unless one send outlasts two thirds of
    it, and a lease another process took over stops the sweep before it sends anything more."""
    groups: dict[tuple[Recipient, str], list[Due]] = {}
    for row, delivery in due:
        alert = delivery.alert
        batch = f"digest:{alert.agency}" if alert.kind is AlertKind.DIGEST else "alerts"
        groups.setdefault((delivery.recipient, batch), []).append((row, delivery))
    if not groups:
        return 0, 0, []
    claims = [
        Claim(recipient, [d for row, d in items if row is None],
              [d for row, d in items if row is not None])
        for (recipient, _batch), items in groups.items()
    ]  # fmt: skip
    renewed = clock()
    with make_uow() as uow:
        if not uow.alerts.acquire_lease(LEASE_NAME, setup.holder, renewed, setup.lease_seconds):
            return 0, 0, [LEASE_LOST]
        messages = uow.alerts.claim(claims, renewed)
        uow.commit()
    return _hand_over_each(make_uow, setup, list(zip(messages, groups.values(), strict=True)),
                           clock, renewed)  # fmt: skip


def _hand_over_each(
    make_uow: Callable[[], UnitOfWork],
    setup: SweepSetup,
    messages: list[tuple[int, list[Due]]],
    clock: Callable[[], datetime],
    renewed: datetime,
) -> tuple[int, int, list[str]]:
    sent = failed = 0
    errors: list[str] = []
    renew_every = timedelta(seconds=setup.lease_seconds / 3)
    settled: Settled | None = None
    for index, (message, items) in enumerate(messages, 1):
        now = clock()
        renew = now - renewed >= renew_every
        with make_uow() as uow:
            if settled is not None:
                uow.alerts.settle(*settled)
            lost = renew and not uow.alerts.acquire_lease(
                LEASE_NAME, setup.holder, now, setup.lease_seconds
            )
            if not lost:
                uow.alerts.hand_over(message, now)
            uow.commit()
        settled = None
        if lost:
            errors.append(LEASE_LOST)
            break
        if renew:
            renewed = now
        recipient = items[0][1].recipient
        status, error = _deliver(setup, recipient, [d for _, d in items])
        settled = (message, status, error)
        if status is LedgerStatus.SENT:
            sent += len(items)
        else:
            failed += len(items)
            errors.append(f"{recipient.name}（{recipient.channel}）：{error}")
        if setup.progress:
            setup.progress("发送通知", index, len(messages))
    if settled is not None:
        with make_uow() as uow:
            uow.alerts.settle(*settled)
            uow.commit()
    return sent, failed, errors


def _deliver(
    setup: SweepSetup, recipient: Recipient, deliveries: Sequence[Delivery]
) -> tuple[LedgerStatus, str | None]:
    notifier = setup.notifiers.get(recipient.channel)
    if notifier is None:
        return LedgerStatus.FAILED, f"通知渠道「{recipient.channel}」未配置"
    try:
        notifier.send(recipient, compose([d.alert for d in deliveries]))
    except NotificationError as error:
        return LedgerStatus.FAILED, str(error)
    except Exception as error:
        # A defect in one channel must not keep the others' alerts from going out: this
        # recipient's deliveries are recorded as failed (retried by the next sweep), and the
        # traceback goes to the log.
        LOGGER.exception("通知渠道「%s」出现程序错误", recipient.channel)
        return LedgerStatus.FAILED, f"程序错误：{type(error).__name__}：{error}"
    return LedgerStatus.SENT, None
