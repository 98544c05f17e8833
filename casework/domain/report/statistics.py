"""The register of applications (台账) and the working statistics of the disclosure desk.

The register (Reg. art. 45: 登记、审核、办理、答复、归档; seed 002's 台账) has one row per case
with the applicant type, the channel, every key date, the outcome, the reply number, whether
the reply was on time and the handler; identity numbers are masked (PIPL art. 51).

The statistics cover cases concluded in a period: the on-time rate, the median and the 90th
percentile (nearest rank) of the working days a reply took — counted like the reply period,
from the start of the count through the day the reply was made (Delivery: handed over or
posted; the issue date until delivery is recorded), stopped time excluded (Reg. art. 33
para. 3) — and counts by outcome, channel and handler.  Withdrawals and uncorrected
applications have no reply period to measure (Reg. art. 30: the period restarts only on the
correction) and are left out of the timing, not out of the counts.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from casework.domain.application.masking import mask_identity
from casework.domain.application.vocabulary import ApplicantType, Channel, IdType
from casework.domain.case.records import Case

UNTIMED_OUTCOMES = frozenset({"correction_lapsed"})

LEDGER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("number", "案件编号"),
    ("agency", "机关"),
    ("applicant", "申请人"),
    ("applicant_type", "申请人类型"),
    ("id_type", "证件类型"),
    ("id_number", "证件号码"),
    ("channel", "申请渠道"),
    ("arrived_on", "到达日期"),
    ("received_on", "收到申请日期"),
    ("description", "申请内容"),
    ("correction_requested_on", "补正告知日期"),
    ("correction_received_on", "收到补正日期"),
    ("consulted_on", "征求意见日期"),
    ("extension_approved_on", "延期批准日期"),
    ("fee_notified_on", "收费通知日期"),
    ("fee_paid_on", "缴费日期"),
    ("reply_due_on", "答复期限"),
    ("issued_on", "签发日期"),
    ("made_on", "答复作出日期"),
    ("concluded_on", "办结日期"),
    ("outcome", "办理结果"),
    ("reply_number", "答复文号"),
    ("on_time", "是否按期"),
    ("handler", "经办人"),
    ("state", "状态"),
)


@dataclass(frozen=True)
class LedgerRow:
    """One register row: column key -> printable value (dates as ISO text, or None)."""

    values: dict[str, Any]


def _decision_dates(case: Case) -> dict[str, str | None]:
    decisions, reply = case.decisions, case.decisions.reply
    first = decisions.corrections[0] if decisions.corrections else None
    last = decisions.last_correction
    consulted = decisions.consultations[0] if decisions.consultations else None
    fee = decisions.fee
    return {
        "correction_requested_on": _iso(first.requested_on if first else None),
        "correction_received_on": _iso(last.received_on if last else None),
        "consulted_on": _iso(consulted.sent_on if consulted else None),
        "extension_approved_on": _iso(reply.extension.approved_on if reply.extension else None),
        "fee_notified_on": _iso(fee.notified_on if fee else None),
        "fee_paid_on": _iso(fee.paid_on if fee else None),
        "issued_on": _iso(reply.issued_on),
        "made_on": made_on_text(case),
    }


def made_on_text(case: Case) -> str | None:
    """The day the reply counts as made (Delivery): delivery, else the issue date."""
    reply = case.decisions.reply
    return _iso(reply.delivery.made_on if reply.delivery else reply.issued_on)


def on_time(case: Case) -> bool | None:
    """Whether the reply was made by its due date (domain.md §2.4); None if not measurable."""
    made = made_on_text(case)
    if made is None or case.reply_due_on is None or case.outcome in UNTIMED_OUTCOMES:
        return None
    return date.fromisoformat(made) <= case.reply_due_on


def ledger_row(case: Case, outcome_label: str, state_label: str, handler: str) -> LedgerRow:
    applicant = case.applicant
    flag = on_time(case)
    values: dict[str, Any] = {
        "number": case.number,
        "agency": case.agency,
        "applicant": applicant.name,
        "applicant_type": ApplicantType(applicant.applicant_type).label,
        "id_type": IdType(applicant.id_type).label if applicant.id_type else None,
        "id_number": mask_identity(applicant.id_number) if applicant.id_number else None,
        "channel": Channel(case.channel).label,
        "arrived_on": _iso(case.arrived_on),
        "received_on": case.received_on.isoformat(),
        "description": case.description,
        **_decision_dates(case),
        "reply_due_on": _iso(case.reply_due_on),
        "concluded_on": _iso(case.concluded_on),
        "outcome": outcome_label or None,
        "reply_number": case.reply_number,
        "on_time": None if flag is None else ("是" if flag else "否"),
        "handler": handler,
        "state": state_label,
    }
    return LedgerRow(values)


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


@dataclass(frozen=True)
class CaseTiming:
    """What the statistics need of one concluded case."""

    outcome: str
    channel: str
    handler: str
    on_time: bool | None
    working_days: int | None


@dataclass(frozen=True)
class Statistics:
    cases: int
    timed: int
    on_time: int
    on_time_rate: float | None  # on_time / timed
    median_days: float | None
    p90_days: int | None
    by_outcome: dict[str, int]
    by_channel: dict[str, int]
    by_handler: dict[str, int]


def nearest_rank(values: Sequence[int], fraction: float) -> int:
    """The nearest-rank percentile: the ⌈fraction·n⌉-th smallest value (n ≥ 1)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def summarise(timings: Sequence[CaseTiming]) -> Statistics:
    judged = [t.on_time for t in timings if t.on_time is not None]
    days = [t.working_days for t in timings if t.working_days is not None]
    return Statistics(
        cases=len(timings),
        timed=len(judged),
        on_time=sum(judged),
        on_time_rate=sum(judged) / len(judged) if judged else None,
        median_days=float(statistics.median(days)) if days else None,
        p90_days=nearest_rank(days, 0.9) if days else None,
        by_outcome=_count(t.outcome for t in timings),
        by_channel=_count(t.channel for t in timings),
        by_handler=_count(t.handler for t in timings),
    )


def _count(values: Any) -> dict[str, int]:
    """Counts, most frequent first, ties in name order."""
    counted = Counter(values)
    return dict(sorted(counted.items(), key=lambda item: (-item[1], item[0])))
