"""The sweep's ledger bookkeeping: which deliveries are due, which an interrupted sweep left
``sending`` (resent on an idempotent channel, else ``uncertain`` and reported), and what
quiet hours hold back.  See ``casework.services.sweep`` for the order of writes and sends.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from casework.domain.alerts.model import LedgerStatus
from casework.domain.alerts.routing import IDEMPOTENT_CHANNELS, KEY_SEPARATOR, Delivery
from casework.services.ports import LedgerRow, UnitOfWork

# What ``settle_interrupted`` made of each interrupted row: its key, by new status.
Interrupted = dict[LedgerStatus, list[str]]


def settle_interrupted(uow: UnitOfWork) -> Interrupted:
    """The messages an interrupted sweep claimed and never settled (under the lease no live
    sweep owns one).  One never handed over certainly did not go out: its rows are pending
    again and go out with this sweep.  One handed over may have: on an idempotent channel its
    rows become ``failed`` and go out again with this sweep; elsewhere ``uncertain``, reported
    and not resent.  The attempt was counted when the message was claimed."""
    found: Interrupted = {LedgerStatus.FAILED: [], LedgerStatus.UNCERTAIN: []}
    for message in uow.alerts.in_flight():
        if message.handed_at is None:
            uow.alerts.settle(message.id, LedgerStatus.PENDING, None)
        elif message.channel in IDEMPOTENT_CHANNELS:
            uow.alerts.settle(message.id, LedgerStatus.FAILED, INTERRUPTED_ERROR)
            found[LedgerStatus.FAILED] += [row.key for row in message.rows]
        else:
            uow.alerts.settle(message.id, LedgerStatus.UNCERTAIN, None)
            found[LedgerStatus.UNCERTAIN] += [row.key for row in message.rows]
    return found


INTERRUPTED_ERROR = "上次扫描在发送时中断，未能确认是否已发送（日志渠道，重发无害，本次重发）"


def uncertain_problems(keys: Sequence[str]) -> list[str]:
    """One line per recipient and channel for the interrupted deliveries not resent."""
    by_recipient: dict[tuple[str, str], list[str]] = {}
    for key in keys:
        _agency, subject, _kind, _level, due, recipient, channel = key.split(KEY_SEPARATOR)
        by_recipient.setdefault((recipient, channel), []).append(f"{subject}（{due}）")
    return [
        f"{recipient}（{channel}）：上次扫描在发送时中断，无法确认 {len(subjects)} 条提醒是否已送达"
        f"（{'、'.join(subjects)}），为免重复未自动重发，请向收件人核实"
        for (recipient, channel), subjects in by_recipient.items()
    ]


# A delivery due now, with its ledger row when it has one (None: never recorded).
Due = tuple[LedgerRow | None, Delivery]


def due_deliveries(
    uow: UnitOfWork, deliveries: Sequence[Delivery], now: datetime, *, expire: bool
) -> list[Due]:
    """The deliveries to send: never sent, and not possibly sent (``possibly_sent``).  With
    ``expire``, pending or failed rows that are no longer due (the level or the date moved on)
    expire instead of going out stale."""
    known = uow.alerts.lookup(deliveries)
    if expire and (unsent := uow.alerts.unsent()):
        current = {delivery.key for delivery in deliveries}
        stale = [
            row.id
            for row in unsent
            if row.key not in current and row.status != LedgerStatus.SENDING
        ]
        uow.alerts.mark(stale, LedgerStatus.EXPIRED, now, None)
    return [
        (row, delivery)
        for delivery in deliveries
        if (row := known.get(delivery.key)) is None or not possibly_sent(row, delivery)
    ]


def possibly_sent(row: LedgerRow, delivery: Delivery) -> bool:
    """Whether the row's message may have gone out: sent, uncertain, or (seen by a dry run,
    which settles nothing) left ``sending`` on a channel where a repeat would reach a person."""
    status = row.status
    if status == LedgerStatus.SENDING:
        return delivery.recipient.channel not in IDEMPOTENT_CHANNELS
    return status in _DONE


_DONE = frozenset((LedgerStatus.SENT.value, LedgerStatus.UNCERTAIN.value))


def hold(uow: UnitOfWork, due: Sequence[Due], now: datetime) -> None:
    """Quiet hours: record what waits (new rows and revived expired ones are pending)."""
    uow.alerts.add([d for row, d in due if row is None], LedgerStatus.PENDING, now, None)
    revived = [row.id for row, _ in due if row is not None and row.status == LedgerStatus.EXPIRED]
    uow.alerts.mark(revived, LedgerStatus.PENDING, now, None)
