"""Benchmark of the year-end recompute; run ``python bench/bench_recompute.py``.

Prints the time to derive the stored dates of 20,000 plain open cases (received from October
2026 to January 2027, so many are due in 2027, a year without data: provisional) with the
batch ``derive_dates_many`` against calling ``derive_dates`` case by case in the same run,
after checking both give identical results (no assertions on time).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from casework.adapters.calendar_data import package_years
from casework.domain.application.vocabulary import Channel
from casework.domain.calendar.working import WorkingCalendar
from casework.domain.case.records import Applicant, Case
from casework.domain.clock.batch import derive_dates_many
from casework.domain.clock.case import derive_dates
from casework.domain.clock.model import ClockRules

N_CASES = 20_000
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _best(func: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        func()
        times.append(time.perf_counter() - began)
    return min(times)


def _cases() -> list[Case]:
    rng = np.random.default_rng(2026)
    channels = list(Channel)
    created = datetime(2026, 10, 1, 9, 0, tzinfo=SHANGHAI)
    first = date(2026, 10, 1)
    return [
        Case(
            agency="demo",
            number=f"2026-{seq:05d}",
            year=2026,
            seq=seq,
            query_code="ABCD2345",
            state="registered",
            workflow="disclosure",
            workflow_version="1",
            applicant=Applicant(name="张三", applicant_type="natural"),
            channel=channels[seq % len(channels)].value,
            received_on=first + timedelta(days=int(rng.integers(0, 120))),
            description="2025年度部门预算",
            handler="zhangsan",
            created_at=created,
            updated_at=created,
        )
        for seq in range(1, N_CASES + 1)
    ]


def main() -> None:
    calendar = WorkingCalendar(package_years())
    rules, today = ClockRules(), date(2026, 12, 1)
    cases = _cases()
    one_by_one = [derive_dates(case, calendar, rules, today) for case in cases]
    batch = derive_dates_many(cases, calendar, rules, today)
    same = batch == one_by_one
    provisional = sum(dates.due_provisional for dates in batch)

    t_batch = _best(lambda: derive_dates_many(cases, calendar, rules, today), 7)
    t_loop = _best(lambda: [derive_dates(case, calendar, rules, today) for case in cases], 3)
    print(
        f"{N_CASES:,} plain open cases ({provisional:,} provisional): "
        f"derive_dates one by one {t_loop * 1e3:.0f} ms, "
        f"derive_dates_many {t_batch * 1e3:.1f} ms, ratio {t_loop / t_batch:.1f}x, "
        f"identical results: {same}"
    )


if __name__ == "__main__":
    main()
