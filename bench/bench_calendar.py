"""Benchmark of the working-day calendar and the reply clock; run ``python bench/bench_calendar.py``.

Prints timings and ratios against baselines measured in the same run (no assertions):
- 1,000,000 "date + n working days" with the rank table vs ``numpy.busday_offset`` given the
  same calendar (weekmask of seven days, every non-working day listed as a holiday,
  ``roll="backward"``), after checking both give identical results;
- one scalar ``add_working_days`` vs a day-by-day walk (goal: under 5 µs);
- one full reply clock with two overlapping stops and an extension (goal: under 50 µs).
"""

from __future__ import annotations

import statistics
import time
import timeit
from collections.abc import Callable
from datetime import date, timedelta

import numpy as np

from casework.adapters.calendar_data import package_years
from casework.domain.application.vocabulary import Channel
from casework.domain.calendar.working import WorkingCalendar
from casework.domain.clock.model import ClockFacts, ClockRules, Stop
from casework.domain.clock.reply import reply_clock

N_DATES = 1_000_000


def _best(func: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        func()
        times.append(time.perf_counter() - began)
    return min(times)


def _per_call(func: Callable[[], object], number: int) -> float:
    """Median seconds per call over five rounds of ``number`` calls."""
    return statistics.median(timeit.repeat(func, number=number, repeat=5)) / number


def main() -> None:
    began = time.perf_counter()
    calendar = WorkingCalendar(package_years())
    calendar.is_working_day(date(2020, 1, 1))
    print(f"calendar 2004–2026 built (rank table to 2056): {time.perf_counter() - began:.3f} s")

    first, last = date(2004, 1, 1), date(2056, 12, 31)
    rest_days = [
        first + timedelta(days=i)
        for i in range((last - first).days + 1)
        if not calendar.is_working_day(first + timedelta(days=i))
    ]
    busdays = np.busdaycalendar(
        weekmask="1111111", holidays=np.array(rest_days, dtype="datetime64[D]")
    )
    rng = np.random.default_rng(2026)
    lo = np.datetime64("2019-01-01").astype(np.int64)
    hi = np.datetime64("2025-12-31").astype(np.int64)
    starts = rng.integers(lo, hi, N_DATES).astype("datetime64[D]")
    counts = rng.integers(1, 41, N_DATES)

    n_all: int | np.ndarray = 20
    for label, n_all in (("n = 20", 20), ("n = 1..40 per date", counts)):
        ours = calendar.add_working_days_many(starts, n_all)
        theirs = np.busday_offset(starts, n_all, roll="backward", busdaycal=busdays)
        same = bool(np.array_equal(ours, theirs))

        def rank_table(n: int | np.ndarray = n_all) -> object:
            return calendar.add_working_days_many(starts, n)

        def busday(n: int | np.ndarray = n_all) -> object:
            return np.busday_offset(starts, n, roll="backward", busdaycal=busdays)

        t_ours, t_numpy = _best(rank_table, 7), _best(busday, 3)
        print(
            f"1,000,000 dates, {label}: rank table {t_ours * 1e3:.1f} ms, "
            f"numpy.busday_offset {t_numpy * 1e3:.1f} ms, ratio {t_numpy / t_ours:.1f}x, "
            f"identical results: {same}"
        )

    day = date(2022, 9, 30)

    def walk() -> date:
        current, left = day, 20
        while left:
            current += timedelta(days=1)
            left -= calendar.is_working_day(current)
        return current

    same = walk() == calendar.add_working_days(day, 20)
    t_scalar = _per_call(lambda: calendar.add_working_days(day, 20), 100_000)
    t_walk = _per_call(walk, 10_000)
    print(
        f"scalar add_working_days: {t_scalar * 1e6:.2f} µs (goal < 5 µs); "
        f"day-by-day walk {t_walk * 1e6:.2f} µs, ratio {t_walk / t_scalar:.1f}x, "
        f"identical results: {same}"
    )

    facts = ClockFacts(
        received_on=date(2026, 4, 1),
        channel=Channel.ONLINE,
        stops=(
            Stop("third_party_consultation", "甲公司", date(2026, 4, 7), date(2026, 4, 20)),
            Stop("agency_consultation", "乙局", date(2026, 4, 14), date(2026, 4, 24)),
        ),
        extension_days=15,
        extension_approved_on=date(2026, 5, 6),
    )
    rules, today = ClockRules(), date(2026, 5, 8)
    t_clock = _per_call(lambda: reply_clock(facts, calendar, rules, today), 10_000)
    print(
        f"reply clock (2 overlapping stops + extension, derivation included): "
        f"{t_clock * 1e6:.1f} µs (goal < 50 µs), {t_clock / t_scalar:.1f}x one scalar add"
    )


if __name__ == "__main__":
    main()
