"""The derived dates of many cases at once: the recompute after calendar data changes.

Most open cases have a *plain* reply clock: it runs from the receipt (Reg. art. 31) with
nothing that moves it — no correction (art. 30), consultation (arts. 32, 34, 33 para. 3), fee
notice (Fee), extension (art. 33 para. 2), deferral (art. 35), reopening (ARL art. 64) or
conclusion.  Its due date is the reply period (art. 33 para. 1) counted strictly after the
effective start (domain.md §1.2 and §2.2), so the starts of the whole set go through the rank
table of ``WorkingCalendar.add_working_days_many`` in one vectorised call.  Every other case
goes through ``derive_dates``; for every case the result is exactly what ``derive_dates`` gives
(a property test holds the two together).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import numpy.typing as npt

from casework.domain.application.vocabulary import Channel
from casework.domain.calendar.working import WorkingCalendar
from casework.domain.case.records import Case
from casework.domain.clock.case import DerivedDates, derive_dates
from casework.domain.clock.model import ClockRules, ClockStatus

_DAY = np.timedelta64(1, "D")
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_RUNNING = ClockStatus.RUNNING.value
_CHANNELS = frozenset(channel.value for channel in Channel)


def is_plain(case: Case) -> bool:
    """Whether nothing but the receipt and the reply period fixes the case's reply clock.

    These are exactly the records ``derive_dates`` reads; a request for reasons (art. 35)
    does not move the clock and so leaves a case plain.
    """
    decisions, reply = case.decisions, case.decisions.reply
    return not (
        decisions.corrections
        or decisions.consultations
        or decisions.fee is not None
        or decisions.reopenings
        or reply.extension is not None
        or reply.deferral is not None
        or reply.concluded_on is not None
    )


def derive_dates_many(
    cases: Sequence[Case], calendar: WorkingCalendar, rules: ClockRules, today: date
) -> list[DerivedDates]:
    """``derive_dates`` of every case in ``cases`` (in their order), plain ones vectorised."""
    results: list[DerivedDates | None] = []
    plain: list[int] = []
    for index, case in enumerate(cases):
        if is_plain(case):
            if case.channel not in _CHANNELS:
                Channel(case.channel)  # the refusal derive_dates gives for an unknown channel
            plain.append(index)
            results.append(None)
        else:
            results.append(derive_dates(case, calendar, rules, today))
    ordinals = [cases[index].received_on.toordinal() for index in plain]
    received = (np.array(ordinals, dtype=np.int64) - _EPOCH_ORDINAL).astype("datetime64[D]")
    for index, dates in zip(plain, plain_dates(received, calendar, rules, today), strict=True):
        results[index] = dates
    return [dates for dates in results if dates is not None]


def plain_dates(
    received: npt.NDArray[np.datetime64],
    calendar: WorkingCalendar,
    rules: ClockRules,
    today: date,
) -> list[DerivedDates]:
    """The stored dates of plain clocks received on ``received``: running, due the reply
    period after the effective start; provisional when a year from the receipt through the
    due date (or today, if later) has no national data — as ``reply_clock`` derives them."""
    if received.size == 0:
        return []
    due = calendar.add_working_days_many(
        effective_starts(received, calendar, rules), rules.reply_days
    )
    last = np.maximum(due, np.datetime64(today, "D"))
    provisional = _missing_any(_years(received), _years(last), calendar)
    # Many cases share a due date: build one (immutable) result per distinct pair.
    keys, which = np.unique(due.view(np.int64) * 2 + provisional, return_inverse=True)
    shared = [
        _running(date.fromordinal(key // 2 + _EPOCH_ORDINAL), bool(key % 2))
        for key in keys.tolist()
    ]
    return [shared[index] for index in which.ravel().tolist()]


def _running(due_on: date, provisional: bool) -> DerivedDates:
    """A running clock: the reply is the next deadline (no other window is open)."""
    return DerivedDates(
        reply_due_on=due_on,
        clock_status=_RUNNING,
        due_provisional=provisional,
        next_deadline_on=due_on,
        next_deadline_kind="reply",
    )


def effective_starts(
    received: npt.NDArray[np.datetime64], calendar: WorkingCalendar, rules: ClockRules
) -> npt.NDArray[np.datetime64]:
    """The day counting starts after, for each receipt (``counting.effective_start``).

    domain.md §1.2: a receipt on a rest day counts from the next working day — the first
    working day on or after the receipt, i.e. the first one strictly after the day before.
    """
    if rules.rest_day_receipt == "as-is":
        return received
    return calendar.add_working_days_many(received - _DAY, 1)


def _years(days: npt.NDArray[np.datetime64]) -> npt.NDArray[np.int64]:
    return days.astype("datetime64[Y]").astype(np.int64) + 1970


def _missing_any(
    first: npt.NDArray[np.int64], last: npt.NDArray[np.int64], calendar: WorkingCalendar
) -> npt.NDArray[np.bool_]:
    """Whether any year in ``first[i]..last[i]`` lacks national data (``missing_years``)."""
    lo = int(first.min())
    years = range(lo, int(last.max()) + 1)
    # missing[k]: years without data among lo .. lo + k - 1
    missing = np.concatenate(([0], np.cumsum([not calendar.covers(year) for year in years])))
    result: npt.NDArray[np.bool_] = missing[last - lo + 1] > missing[first - lo]
    return result
