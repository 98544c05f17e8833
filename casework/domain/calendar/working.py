"""The working-day calendar (工作日历): which days count, and "N working days after D".

A working day is Monday–Friday, minus statutory holidays, plus the weekend days the State
Council designates as make-up working days (调休上班) — domain.md §2.1.  Years come in as
``CalendarYear`` values (national, or a local region's extra rest days on top); a year with no
national data is never silently "weekdays only": it rests on weekends and 1 January, and every
computation touching it is *provisional* (``missing_years``/``is_provisional``).  Counting
follows §2.2: the start day is never counted.  Lookups use a rank table built once per
calendar (engineering notes, "Working-day calendar"): ``W[cum[d - base] + n - 1]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import accumulate, compress
from types import MappingProxyType
from typing import TYPE_CHECKING

from casework.errors import CalendarDataError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

NATIONAL = "national"
# How far past the last year with data the table reaches before it must grow (provisional).
PROVISIONAL_HORIZON_YEARS = 30
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_LAST_YEAR = 9998


@dataclass(frozen=True)
class CalendarYear:
    """One year of holiday arrangements, national or for one local region.

    ``holidays`` maps each rest day (weekends inside a holiday included) to its Chinese name;
    ``workdays`` maps each make-up working day (调休上班) to the holiday it compensates.
    ``source`` is the provenance (notice number or title); ``published_on`` its date.
    """

    year: int
    region: str
    holidays: Mapping[date, str]
    workdays: Mapping[date, str]
    source: str
    published_on: date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "holidays", MappingProxyType(dict(self.holidays)))
        object.__setattr__(self, "workdays", MappingProxyType(dict(self.workdays)))
        where = f"{self.year}年日历（{self.region}）"
        for day in (*self.holidays, *self.workdays):
            if day.year != self.year:
                raise CalendarDataError(f"{day.isoformat()} 不在 {self.year} 年内", field=where)
        for day in self.holidays.keys() & self.workdays.keys():
            raise CalendarDataError(f"{day.isoformat()} 不能同时是节假日和调休上班日", field=where)

    @property
    def is_national(self) -> bool:
        return self.region == NATIONAL


@dataclass(frozen=True)
class _RankTable:
    """Day flags and ranks for the ordinals ``base .. base + len(cum) - 1``."""

    first_year: int
    last_year: int
    base: int  # ordinal of 1 January of first_year
    cum: list[int]  # cum[i]: working days in [base, base + i], inclusive
    work: list[int]  # ordinals of the working days, ascending
    # numpy copies of cum and work, made by the first add_working_days_many: a command that
    # counts one case's days never imports numpy (start-up, issue #18).
    arrays: dict[str, npt.NDArray[np.int64] | npt.NDArray[np.datetime64]] = field(
        default_factory=dict, repr=False
    )
    # n -> shifted[i] = W[cum[i] + n - 1], filled on demand by add_working_days_many
    shifted: dict[int, npt.NDArray[np.datetime64]] = field(default_factory=dict, repr=False)

    @property
    def cum_np(self) -> npt.NDArray[np.int64]:
        import numpy as np  # noqa: PLC0415

        if "cum" not in self.arrays:
            self.arrays["cum"] = np.asarray(self.cum, dtype=np.int64)
        return self.arrays["cum"]  # type: ignore[return-value]

    @property
    def work_np(self) -> npt.NDArray[np.datetime64]:
        import numpy as np  # noqa: PLC0415

        if "work" not in self.arrays:
            work = np.asarray(self.work, dtype=np.int64) - _EPOCH_ORDINAL
            self.arrays["work"] = work.astype("datetime64[D]")
        return self.arrays["work"]  # type: ignore[return-value]


class WorkingCalendar:
    """Working days for one region: the national years plus that region's local years.

    Years of other regions are ignored.  Two national years (or two local years) for the same
    year are refused.  The calendar is immutable; its lookup table grows on demand (pure).
    """

    def __init__(self, years: Iterable[CalendarYear], region: str | None = None) -> None:
        self.region = region
        self._national: dict[int, CalendarYear] = {}
        self._local: dict[int, CalendarYear] = {}
        for year in years:
            if year.is_national:
                target = self._national
            elif region is not None and year.region == region:
                target = self._local
            else:
                continue
            if year.year in target:
                raise CalendarDataError(
                    f"{year.year}年的日历数据重复", field=f"日历（{year.region}）"
                )
            target[year.year] = year
        self._check_local_against_national()
        known = sorted(self._national.keys() | self._local.keys())
        self._table: _RankTable | None = (
            self._build(known[0], known[-1] + PROVISIONAL_HORIZON_YEARS) if known else None
        )

    def _check_local_against_national(self) -> None:
        for year, local in self._local.items():
            national = self._national.get(year)
            if national is None and local.workdays:
                # A make-up working day only exists against the national schedule it shifts
                # (domain.md §2.1); without it no clash with a national holiday can be checked.
                raise CalendarDataError(
                    f"地方调休上班日须先导入该年全国节假日安排（{year}年尚无全国数据）",
                    field=f"{year}年日历（{local.region}）",
                )
            clash = sorted(local.workdays.keys() & national.holidays.keys()) if national else []
            if clash:
                raise CalendarDataError(
                    f"地方调休上班日 {clash[0].isoformat()} 是全国法定节假日",
                    field=f"{year}年日历（{local.region}）",
                )

    # -- the table -----------------------------------------------------------------------

    def _build(self, first_year: int, last_year: int) -> _RankTable:
        first_year, last_year = max(first_year, 1), min(last_year, _LAST_YEAR)
        base = date(first_year, 1, 1).toordinal()
        size = date(last_year + 1, 1, 1).toordinal() - base
        ordinals = range(base, base + size)
        working = [(ordinal - 1) % 7 < 5 for ordinal in ordinals]  # 0001-01-01 is a Monday
        for year in range(first_year, last_year + 1):
            national = self._national.get(year)
            if national is None:
                # Unknown year: weekends and 1 January only; callers flag it provisional.
                working[date(year, 1, 1).toordinal() - base] = False
            else:
                _apply(working, base, national)
            local = self._local.get(year)
            if local is not None:
                _apply(working, base, local)
        return _RankTable(
            first_year=first_year,
            last_year=last_year,
            base=base,
            cum=list(accumulate(working)),
            work=list(compress(ordinals, working)),
        )

    def _table_for(self, first_year: int, last_year: int) -> _RankTable:
        """The table, grown (and cached) so that it spans the years given."""
        table = self._table
        if table is None or first_year < table.first_year or last_year > table.last_year:
            if last_year > _LAST_YEAR or first_year < 1:
                raise ValueError(f"year out of range: {first_year}..{last_year}")
            lo = first_year if table is None else min(first_year, table.first_year)
            hi = last_year if table is None else max(last_year, table.last_year)
            # Each table is immutable; callers keep using the one they got (thread-safe).
            table = self._build(lo, hi + PROVISIONAL_HORIZON_YEARS)
            self._table = table
        return table

    def _rank(self, day: date) -> tuple[_RankTable, int]:
        table = self._table
        if table is None or not table.first_year <= day.year <= table.last_year:
            table = self._table_for(day.year, day.year)
        return table, table.cum[day.toordinal() - table.base]

    # -- the public contract -------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        table, rank = self._rank(day)
        index = day.toordinal() - table.base
        return rank != (table.cum[index - 1] if index else 0)

    def add_working_days(self, day: date, n: int) -> date:
        """The n-th working day strictly after ``day`` (ALL interp. art. 48; CPL art. 85)."""
        if n < 0:
            raise ValueError("n must be >= 0")
        if n == 0:
            return day
        table, rank = self._rank(day)
        while rank + n - 1 >= len(table.work):  # the answer lies beyond the table: grow it
            table = self._table_for(table.first_year, table.last_year + n // 200 + 1)
            rank = table.cum[day.toordinal() - table.base]
        return date.fromordinal(table.work[rank + n - 1])

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in the half-open interval (start, end]; 0 when end <= start."""
        if end <= start:
            return 0
        table = self._table_for(start.year, end.year)
        return table.cum[end.toordinal() - table.base] - table.cum[start.toordinal() - table.base]

    def next_working_day(self, day: date, *, inclusive: bool) -> date:
        """The first working day on or after (``inclusive``) or strictly after ``day``."""
        if inclusive and self.is_working_day(day):
            return day
        return self.add_working_days(day, 1)

    def covers(self, year: int) -> bool:
        """Whether national data exists for ``year`` (else computations are provisional)."""
        return year in self._national

    def missing_years(self, start: date, end: date) -> list[int]:
        """Years from start to end (inclusive, either order) without national data."""
        lo, hi = sorted((start.year, end.year))
        return [year for year in range(lo, hi + 1) if year not in self._national]

    def is_provisional(self, start: date, end: date) -> bool:
        return bool(self.missing_years(start, end))

    def years(self) -> list[CalendarYear]:
        """The years in effect: national first, then the region's, by year."""
        return sorted(
            (*self._national.values(), *self._local.values()),
            key=lambda y: (y.year, not y.is_national),
        )

    def year_data(self, year: int) -> tuple[CalendarYear | None, CalendarYear | None]:
        """(national, local) data for ``year``; either may be None."""
        return self._national.get(year), self._local.get(year)

    def add_working_days_many(
        self,
        starts: npt.ArrayLike,
        n: int | npt.ArrayLike,
    ) -> npt.NDArray[np.datetime64]:
        """Vectorised ``add_working_days`` over an array of ``datetime64[D]`` dates.

        ``n`` is one count for all or an array broadcast against ``starts``.  NaT is refused.
        """
        import numpy as np  # noqa: PLC0415  (batches only: start-up, issue #18)

        days = np.asarray(starts, dtype="datetime64[D]")
        if days.size == 0:
            return days.copy()
        offsets = days.view(np.int64)
        lo_day, hi_day = int(offsets.min()), int(offsets.max())
        if np.isnat(np.datetime64(lo_day, "D")):
            raise ValueError("NaT in starts")
        lo = date.fromordinal(lo_day + _EPOCH_ORDINAL).year
        hi = date.fromordinal(hi_day + _EPOCH_ORDINAL).year
        scalar = isinstance(n, int | np.integer)
        counts = np.asarray(n, dtype=np.int64)
        if counts.size and counts.min() < 0:
            raise ValueError("n must be >= 0")
        most = int(counts.max(initial=0))
        table = self._table_for(lo, hi)
        while table.cum[hi_day + _EPOCH_ORDINAL - table.base] + most - 1 >= len(table.work):
            table = self._table_for(table.first_year, table.last_year + most // 200 + 1)
        index = offsets - (table.base - _EPOCH_ORDINAL)
        if scalar:
            return days.copy() if most == 0 else _shifted(table, most)[index]
        result = table.work_np[table.cum_np[index] + (counts - 1)]
        return np.where(counts == 0, days, result)


def _shifted(table: _RankTable, n: int) -> npt.NDArray[np.datetime64]:
    """shifted[i] = W[cum[i] + n - 1] for the whole table (clipped where it runs off the end)."""
    import numpy as np  # noqa: PLC0415

    shifted = table.shifted.get(n)
    if shifted is None:
        shifted = table.work_np[np.minimum(table.cum_np + (n - 1), len(table.work) - 1)]
        table.shifted[n] = shifted
    return shifted


def _apply(working: list[bool], base: int, year: CalendarYear) -> None:
    for day in year.holidays:
        working[day.toordinal() - base] = False
    for day in year.workdays:
        working[day.toordinal() - base] = True
