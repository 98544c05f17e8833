"""Deadline alerts (期限提醒): which alerts a case or an agency has on a given date, and at
which level, in the Chinese words a clerk reads.

A missed reply deadline is an unlawful non-reply (Reg. art. 33); the alerts warn before it
happens.  Everything here is pure: the case snapshot, the working calendar, the rules and the
date are passed in, so a sweep after downtime, a dry run and the listing all decide the same
way.  An alert is identified by (agency, subject, kind, level, due date): the ledger sends each
one once, and a due date that moves (extension, stopped clock) is a new alert.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from operator import attrgetter
from typing import Any, NamedTuple

from casework.domain.calendar.working import WorkingCalendar
from casework.domain.case.decisions import CaseDecisions
from casework.domain.clock.counting import effective_start
from casework.domain.clock.model import ClockRules


class AlertKind(StrEnum):
    """What an alert is about.

    reply: the reply period (Reg. art. 33).  correction_notice: the 7 working days to send a
    correction notice (art. 30); also a notice sent late.  correction_period: the applicant's
    correction period (art. 30).  consultation: a consulted party's 15 working days (arts. 32,
    34).  fee_payment: the applicant's 20 working days to pay (Fee).  not_delivered: a reply
    issued but not delivered (Delivery).  not_archived: a delivered case not archived (art. 45).
    provisional: a date resting on a year without calendar data (domain.md §2.1).
    annual_report: the annual report's publication date (arts. 49-50).  digest: the daily
    digest for the head of the office (one per agency and day).  returned: a draft the
    reviewer returned with a comment, for its drafter until they draft again (审核, seed 002).
    extension_refused: the head did not consent to an extension request, for the clerk who
    asked (Reg. art. 33 para. 2).
    """

    REPLY = "reply"
    CORRECTION_NOTICE = "correction_notice"
    CORRECTION_PERIOD = "correction_period"
    CONSULTATION = "consultation"
    FEE_PAYMENT = "fee_payment"
    NOT_DELIVERED = "not_delivered"
    NOT_ARCHIVED = "not_archived"
    PROVISIONAL = "provisional"
    ANNUAL_REPORT = "annual_report"
    DIGEST = "digest"
    RETURNED = "returned"
    EXTENSION_REFUSED = "extension_refused"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    AlertKind.REPLY: "答复期限",
    AlertKind.CORRECTION_NOTICE: "补正告知期限",
    AlertKind.CORRECTION_PERIOD: "补正期限",
    AlertKind.CONSULTATION: "征求意见期限",
    AlertKind.FEE_PAYMENT: "缴费期限",
    AlertKind.NOT_DELIVERED: "签发未送达",
    AlertKind.NOT_ARCHIVED: "送达未归档",
    AlertKind.PROVISIONAL: "暂定期限",
    AlertKind.ANNUAL_REPORT: "年度报告",
    AlertKind.DIGEST: "每日汇总",
    AlertKind.RETURNED: "退回修改",
    AlertKind.EXTENSION_REFUSED: "延期未获同意",
}


class AlertLevel(StrEnum):
    """How urgent: due_soon: due within the lead time (working days).  due_today: today is
    the last day.  overdue: the day has passed.  notice: a fact to act on, not a countdown."""

    DUE_SOON = "due_soon"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    NOTICE = "notice"

    @property
    def label(self) -> str:
        return _LEVEL_LABELS[self]

    @property
    def rank(self) -> int:
        """Most urgent first when sorting."""
        return _LEVEL_RANKS[self]


_LEVEL_LABELS = {
    AlertLevel.OVERDUE: "已逾期",
    AlertLevel.DUE_TODAY: "今日到期",
    AlertLevel.DUE_SOON: "即将到期",
    AlertLevel.NOTICE: "提示",
}
_LEVEL_RANKS = {level: rank for rank, level in enumerate(_LEVEL_LABELS)}


class LedgerStatus(StrEnum):
    """Where a delivery stands in the alert ledger.

    pending: recorded, not sent yet (new, held back by quiet hours, or claimed by a sweep that
    has not handed its message over yet).  sending: committed just before the message is
    handed to its channel, settled (sent or failed) right after; a row still ``sending`` when
    the next sweep starts belongs to a sweep that died in between, and nobody knows whether the
    message went out.  (Revision 0022 keeps these two states of a claimed message in the
    ledger's outbox table; the rows read as here.)  sent: delivered; never sent again.  failed: the
    last attempt failed; retried by the next sweep while it is still due.  expired: no longer due
    (the level or the date moved on) before it could be sent.  uncertain: an interrupted
    ``sending`` on a channel where a second copy would reach a person twice (e-mail, robots):
    reported, never resent automatically.
    """

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    EXPIRED = "expired"
    SENDING = "sending"
    UNCERTAIN = "uncertain"


@dataclass(frozen=True)
class AlertRules:
    """Lead times and the states alerts look at; lead times are configurable ([alerts] in
    config.toml), ``open_states`` come from the workflow definition (services fill them in).
    """

    open_states: frozenset[str] = frozenset()
    due_soon_days: int = 5
    correction_notice_lead_days: int = 2
    not_delivered_days: int = 5
    not_archived_days: int = 20
    annual_report_lead_days: int = 20

    def __post_init__(self) -> None:
        leads = (self.due_soon_days, self.correction_notice_lead_days)
        if min(*leads, self.not_delivered_days, self.not_archived_days) < 0:
            raise ValueError("alert lead times must be >= 0 working days")

    @property
    def horizon_days(self) -> int:
        """The longest lead time of a case alert, in working days."""
        return max(self.due_soon_days, self.correction_notice_lead_days)


class CaseSnapshot(NamedTuple):
    """The columns of a case row an alert decision reads (its stored dates and decisions).

    A named tuple, like ``Alert``: a sweep makes one per candidate case, tens of thousands, and
    a tuple is made several times faster than a frozen dataclass (measured: 0.3 against 1.5
    microseconds)."""

    agency: str
    number: str
    handler: str
    state: str
    received_on: date
    reply_due_on: date | None
    next_deadline_on: date | None
    due_provisional: bool
    decisions: CaseDecisions


class Alert(NamedTuple):
    """One alert: about ``subject`` (a case number, or an agency-level subject such as the
    annual report), its kind, level and the due date it concerns.  Immutable, as a tuple."""

    agency: str
    subject: str
    kind: AlertKind
    level: AlertLevel
    due_on: date
    message: str
    case: str | None = None
    handler: str | None = None

    @property
    def key(self) -> tuple[str, str, str, str, date]:
        # The members are str: equal (and hashing equal) to the values read from the ledger.
        return (self.agency, self.subject, self.kind, self.level, self.due_on)


def level_on(
    due_on: date, on: date, calendar: WorkingCalendar, lead_days: int
) -> AlertLevel | None:
    """The level of a deadline on ``on``: due within ``lead_days`` working days, today, past."""
    if on > due_on:
        return AlertLevel.OVERDUE
    if on == due_on:
        return AlertLevel.DUE_TODAY
    if calendar.working_days_between(on, due_on) <= lead_days:
        return AlertLevel.DUE_SOON
    return None


def sort_key(alert: Alert) -> tuple[int, date, str, str]:
    """Most urgent first, then by due date, agency and subject."""
    return (alert.level.rank, alert.due_on, alert.agency, alert.subject)


# ``sort_key`` among alerts of one level (an attrgetter: no Python call per alert).
same_level_key = attrgetter("due_on", "agency", "subject")


def sort_alerts(alerts: Iterable[Alert]) -> list[Alert]:
    """``sorted(alerts, key=sort_key)``, without a Python call per alert: a stable sort by
    (due date, agency, subject), then the levels concatenated most urgent first."""
    by_level: dict[AlertLevel, list[Alert]] = {level: [] for level in _LEVEL_RANKS}
    for alert in sorted(alerts, key=same_level_key):
        by_level[alert.level].append(alert)
    return [alert for level in _LEVEL_RANKS for alert in by_level[level]]


class AlertDay:
    """The working-day arithmetic of the alerts of one date and one calendar, each distinct
    question answered once.  A sweep decides tens of thousands of cases whose dates fall on a
    few dozen days: per case it then compares dates instead of counting working days."""

    def __init__(
        self, calendar: WorkingCalendar, clock_rules: ClockRules, rules: AlertRules, on: date
    ) -> None:
        self.calendar, self.clock_rules, self.rules, self.on = calendar, clock_rules, rules, on
        self._soon_until: dict[int, date] = {}
        self._added: dict[tuple[date, int], date] = {}
        self._counted: dict[tuple[date, date], int] = {}
        self._starts: dict[date, date] = {}
        # What the deadline rules found for a state and stored dates, kept by
        # ``alert_deadlines.day_alerts`` for every case that shares them.
        self.shared: dict[tuple[Any, ...], Any] = {}

    def add(self, day: date, n: int) -> date:
        """``calendar.add_working_days(day, n)``, remembered."""
        found = self._added.get((day, n))
        if found is None:
            found = self._added[day, n] = self.calendar.add_working_days(day, n)
        return found

    def between(self, start: date, end: date) -> int:
        """``calendar.working_days_between(start, end)``, remembered."""
        found = self._counted.get((start, end))
        if found is None:
            found = self._counted[start, end] = self.calendar.working_days_between(start, end)
        return found

    def start(self, received_on: date) -> date:
        """The day counting starts after (``clock.effective_start``, domain.md §1.2)."""
        found = self._starts.get(received_on)
        if found is None:
            found = effective_start(received_on, self.calendar, self.clock_rules)[0]
            self._starts[received_on] = found
        return found

    def level(self, due_on: date, lead_days: int) -> AlertLevel | None:
        """``level_on(due_on, on, calendar, lead_days)``: (on, due] holds at most
        ``lead_days`` working days exactly when the due date comes before the
        (lead_days + 1)-th working day after ``on``."""
        on = self.on
        if on > due_on:
            return AlertLevel.OVERDUE
        if on == due_on:
            return AlertLevel.DUE_TODAY
        until = self._soon_until.get(lead_days)
        if until is None:
            until = self._soon_until[lead_days] = self.calendar.add_working_days(on, lead_days + 1)
        return AlertLevel.DUE_SOON if due_on < until else None
