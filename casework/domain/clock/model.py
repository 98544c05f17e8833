"""The clock's vocabulary: its rules, the dated facts it reads, and what it returns.

``ClockRules`` holds the periods and counting choices of domain.md (Reg. arts. 30, 32–35 and
the Fee measures, all configurable); ``ClockFacts`` and ``Stop`` are the dated facts of a case
that move its reply clock; ``ReplyClock`` and ``Deadline`` are the results, each carrying its
derivation as ``DerivationStep``s: Chinese text with machine fields that add up to the date.
The functions that compute them live beside this module (``reply``, ``deadlines``, ``counting``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal, get_args

from casework.domain.application.vocabulary import Channel
from casework.errors import ValidationError

RestDayReceipt = Literal["roll-forward", "as-is"]
StopBoundary = Literal["day-after-through-end", "send-day-through-day-before-end"]
StopKind = Literal["third_party_consultation", "agency_consultation", "fee"]
FEE_RULE = "《政府信息公开信息处理费管理办法》"
STOP_WORDS: dict[str, tuple[str, str]] = {  # kind -> (Chinese name, legal basis)
    "third_party_consultation": ("征求第三方意见", "条例第三十三条第三款"),
    "agency_consultation": ("征求其他机关意见", "条例第三十三条第三款"),
    "fee": ("收费通知至缴费", FEE_RULE),
}


@dataclass(frozen=True)
class ClockRules:
    """The periods and counting choices; defaults are domain.md's, all configurable.

    ``stop_boundary``: "day-after-through-end" stops the clock from the day after the letter
    or notice is sent through the day the answer arrives, the window lapses or the fee is paid;
    "send-day-through-day-before-end" stops it from the send day through the day before.
    """

    # domain.md §1.2 (configurable): a receipt on a rest day counts from the next working day.
    rest_day_receipt: RestDayReceipt = "roll-forward"
    # Reg. art. 33 para. 1: reply within 20 working days of receipt.
    reply_days: int = 20
    # Reg. art. 33 para. 2: one extension, at most 20 working days.
    max_extension_days: int = 20
    # Reg. art. 30: the correction notice goes out within 7 working days of receipt.
    correction_notice_days: int = 7
    # Reg. art. 30 fixes no length; domain.md §1.3 default: 15 working days.
    correction_period_days: int = 15
    # Reg. arts. 32, 34: a third party or other agency answers within 15 working days.
    consultation_days: int = 15
    # Reg. art. 35 lets the agency ask for reasons but fixes no period to give them; our
    # default (configurable): 15 working days from the applicant's receipt of the notice.
    reasons_period_days: int = 15
    # Fee: pay within 20 working days from the day after receiving the fee notice.
    fee_payment_days: int = 20
    # Reg. art. 33 para. 3: consultation time is not counted; the boundaries are our default.
    stop_boundary: StopBoundary = "day-after-through-end"
    # Fee (configurable, default on): the time from the fee notice to payment is not counted.
    fee_stops_clock: bool = True

    def __post_init__(self) -> None:
        if self.rest_day_receipt not in get_args(RestDayReceipt):
            raise ValueError(f"unknown rest_day_receipt {self.rest_day_receipt!r}")
        if self.stop_boundary not in get_args(StopBoundary):
            raise ValueError(f"unknown stop_boundary {self.stop_boundary!r}")
        periods = (self.reply_days, self.correction_notice_days, self.correction_period_days)
        others = (self.reasons_period_days, self.consultation_days, self.fee_payment_days)
        if min(*periods, *others) < 1:
            raise ValueError("every period must be at least one working day")
        if self.max_extension_days < 0:
            raise ValueError("max_extension_days must be >= 0")


@dataclass(frozen=True)
class Stop:
    """A consultation letter or fee notice that stops the reply clock (open: no ended_on)."""

    kind: StopKind
    label: str
    sent_on: date
    ended_on: date | None = None

    def __post_init__(self) -> None:
        if self.kind not in STOP_WORDS:
            raise ValueError(f"unknown stop kind {self.kind!r}")
        if self.ended_on is not None and self.ended_on < self.sent_on:
            raise ValidationError(
                f"结束日期 {self.ended_on} 早于发出日期 {self.sent_on}",
                field=f"{STOP_WORDS[self.kind][0]}（{self.label}）",
            )


@dataclass(frozen=True)
class ClockFacts:
    """The dated facts of a case that move its reply clock."""

    received_on: date  # Reg. art. 31 receipt date
    channel: Channel
    correction_received_on: date | None = None
    stops: tuple[Stop, ...] = ()
    extension_days: int = 0  # Reg. art. 33 para. 2, approved
    extension_approved_on: date | None = None
    deferred_until: date | None = None  # Reg. art. 35: the agency's date replaces the budget
    concluded_on: date | None = None  # reply issued or case closed
    # 重新答复: a reconsideration decision (ARL art. 64) or a judgment (ALL art. 70) ordered a
    # new reply; the period runs afresh from the agency's receipt of it, for the days it set
    # (default: Reg. art. 33's 20 working days) or until the date it fixed.
    reopened_on: date | None = None
    reopen_days: int | None = None
    reopen_due_on: date | None = None
    reopen_basis: str = ""
    # How the case ended when not by a reply: ``voided`` (作废登记: the registration was no
    # application, so no reply period ever ran out) or ``withdrawn`` (撤回, seed 003).
    ended_by: str = ""


class StepKind(StrEnum):
    """What a derivation step records.

    received: the receipt of the application.  correction: a correction restarts the count.
    start: the day counting starts after.  budget: the statutory period.  extension: the
    approved extension.  deferred: an art. 35 date.  stop: a stopped interval (days = working
    days not counted).  stop_open: a stop not yet ended.  stop_ignored: a stop with no effect.
    due: the due date (days = working days after the start).  calendar: a year's data used.
    provisional: a year without data.  concluded: the case ended.  status: the count as of a day.
    reopened: a decision or judgment ordered a new reply (重新答复); the count restarts.
    """

    RECEIVED = "received"
    CORRECTION = "correction"
    START = "start"
    BUDGET = "budget"
    EXTENSION = "extension"
    DEFERRED = "deferred"
    STOP = "stop"
    STOP_OPEN = "stop_open"
    STOP_IGNORED = "stop_ignored"
    DUE = "due"
    CALENDAR = "calendar"
    PROVISIONAL = "provisional"
    CONCLUDED = "concluded"
    STATUS = "status"
    REOPENED = "reopened"


@dataclass(frozen=True)
class DerivationStep:
    """One line of "how was this date computed": Chinese ``text`` plus machine fields."""

    kind: StepKind
    text: str
    on: date | None = None
    until: date | None = None
    days: int | None = None
    year: int | None = None  # calendar and provisional steps: the year concerned


class ClockStatus(StrEnum):
    """running: counting, with a due date.  stopped: a stop is open, no due date.  ended:
    the case is concluded (days left are counted as of that day)."""

    RUNNING = "running"
    STOPPED = "stopped"
    ENDED = "ended"


@dataclass(frozen=True)
class ReplyClock:
    status: ClockStatus
    due_on: date | None
    working_days_left: int  # as of today (or the conclusion); negative when overdue
    start_on: date  # counting starts the day after
    budget_days: int  # reply days + extension (0 under an art. 35 date)
    stopped_days: int  # working days not counted before the due date
    provisional: bool
    missing_years: tuple[int, ...]
    derivation: tuple[DerivationStep, ...]


@dataclass(frozen=True)
class Deadline:
    due_on: date
    provisional: bool
    missing_years: tuple[int, ...]
    derivation: tuple[DerivationStep, ...]
