"""The interfaces the alert sweep needs from storage and the channels (issue #6), split from
``casework.services.ports`` (which re-exports them) to keep each module short."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    from casework.domain.alerts.model import CaseSnapshot
    from casework.domain.alerts.routing import Delivery, Notice, Recipient


@dataclass(frozen=True)
class AlertQuery:
    """The cases that may have an alert on ``on``: each part is an indexed range on the
    stored dates, so a sweep over many open cases reads only the few that are due."""

    agencies: tuple[str, ...]
    reply_states: tuple[str, ...]  # reply_due_on <= horizon_on
    window_states: tuple[str, ...]  # next_deadline_on <= horizon_on
    horizon_on: date
    received_since: date  # registered cases: the correction-notice window
    provisional_from: date | None  # open cases with a date in a year without calendar data
    open_states: tuple[str, ...]
    notice_states: tuple[str, ...] = ("correcting", "replied", "delivered")


# The ledger's unique key (agency, subject, kind, level, due date, recipient, channel) as one
# string: ``casework.domain.alerts.routing.Delivery.key``.
LedgerKey = str


class LedgerRow(NamedTuple):
    """An alert ledger row: its key, status and the attempts made (a named tuple: a daily
    sweep reads tens of thousands)."""

    id: int
    key: LedgerKey
    status: str
    attempts: int


class InFlight(NamedTuple):
    """A message claimed and not yet settled (``AlertLedger.claim``): its ledger rows, which
    read ``sending`` once it was handed to its channel (``handed_at``) and ``pending`` before
    (None: never handed over, so it certainly did not go out)."""

    id: int
    recipient: str
    channel: str
    rows: list[LedgerRow]
    handed_at: datetime | None


class Claim(NamedTuple):
    """One message to claim: its recipient, its deliveries not in the ledger yet, and those in
    it already (failed, pending or expired, sent again)."""

    recipient: Recipient
    new: Sequence[Delivery]
    retried: Sequence[Delivery]


@dataclass(frozen=True)
class SweepRecord:
    """One sweep that ran: its date, who ran it, and what it did."""

    swept_on: date
    holder: str
    started_at: datetime
    finished_at: datetime
    sent: int
    skipped: int
    failed: int
    lapsed: int


class Notifier(Protocol):
    """One alert channel (log, e-mail, webhook); raises ``NotificationError`` on failure."""

    def send(self, recipient: Recipient, notice: Notice) -> None: ...


class AlertLedger(Protocol):
    """The alert ledger (one row per alert, recipient and channel), the lease that lets one
    daemon sweep at a time, and the log of sweeps."""

    def candidates(self, query: AlertQuery) -> list[CaseSnapshot]: ...

    def lapses_possible(self, states: Sequence[str], on: date) -> bool:
        """Whether a case in ``states`` has a stored next deadline before ``on`` (or none)."""
        ...

    def lookup(self, deliveries: Sequence[Delivery]) -> dict[LedgerKey, LedgerRow]:
        """The ledger rows of ``deliveries`` that exist, by key (any status)."""
        ...

    def unsent(self) -> list[LedgerRow]:
        """Every pending, failed or sending row (of a message in flight)."""
        ...

    def add(
        self, deliveries: Sequence[Delivery], status: str, at: datetime, error: str | None
    ) -> None:
        """Record new deliveries with ``status`` (a sent or failed one counts one attempt)."""
        ...

    def mark(self, ids: Sequence[int], status: str, at: datetime, error: str | None) -> None:
        """Set ``status`` (sent, failed, expired, pending) and count the attempt of
        sent/failed."""
        ...

    def claim(self, claims: Sequence[Claim], at: datetime) -> list[int]:
        """Claim messages before they are sent: new deliveries recorded and retried ones
        updated as sent at ``at``, the attempt counted, all reading ``sending`` until
        ``settle``; the messages' ids, in order."""
        ...

    def hand_over(self, message: int, at: datetime) -> None:
        """Record that ``message`` is being handed to its channel (commit before sending)."""
        ...

    def settle(self, message: int, status: str, error: str | None) -> None:
        """Settle a claimed message: ``sent`` keeps its rows as claimed; ``failed`` (retried by
        the next sweep) or ``uncertain`` marks them so, with ``error``; ``pending`` (never
        handed over) makes them unsent again, the claim's attempt taken back."""
        ...

    def in_flight(self) -> list[InFlight]:
        """The messages claimed and not settled."""
        ...

    def lease(self, name: str) -> tuple[str, datetime] | None:
        """Who holds the lease ``name`` and until when (None: it was never taken)."""
        ...

    def acquire_lease(self, name: str, holder: str, now: datetime, seconds: int) -> bool: ...

    def release_lease(self, name: str, holder: str | None, now: datetime) -> None:
        """End the lease ``name`` of ``holder`` now (None: whoever holds it)."""
        ...

    def last_sweep_on(self) -> date | None: ...

    def add_sweep(self, record: SweepRecord) -> None: ...
