"""Calendar years kept in the database, so that every process and agency sees the same data.

``calendar_years`` holds the data in effect, one row per year and region; a correction moves
the data it replaces into ``calendar_year_history`` (issue #16).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select

from casework.adapters.tables import calendar_year_history, calendar_years
from casework.domain.calendar.working import CalendarYear

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session


# Who "loaded" a year of the chinese_calendar package, in the history of a corrected year.
BUILTIN_LOADER = "软件自带"


class SqlCalendarStore:
    def __init__(self, session: Session | Connection) -> None:
        self.session = session

    def all(self) -> list[CalendarYear]:
        rows = self.session.execute(
            select(calendar_years).order_by(calendar_years.c.year, calendar_years.c.region)
        ).mappings()
        return [_year(row) for row in rows]

    def add(self, year: CalendarYear, loaded_by: str, loaded_at: datetime) -> str:
        """Store ``year``; returns the checksum of its days and provenance."""
        values = _values(year)
        self.session.execute(
            insert(calendar_years).values(**values, loaded_at=loaded_at, loaded_by=loaded_by)
        )
        return str(values["sha256"])

    def replace(
        self,
        year: CalendarYear,
        previous: CalendarYear,
        loaded_by: str,
        loaded_at: datetime,
        reason: str,
    ) -> str:
        """Put ``year`` in effect instead of ``previous`` (stored, or of the package).

        The previous data goes to the history with who had loaded it; returns the checksum.
        """
        key = (calendar_years.c.year == year.year) & (calendar_years.c.region == year.region)
        row = self.session.execute(select(calendar_years).where(key)).mappings().first()
        self.session.execute(
            insert(calendar_year_history).values(
                **_values(previous),
                loaded_at=row["loaded_at"] if row else None,
                loaded_by=row["loaded_by"] if row else BUILTIN_LOADER,
                replaced_at=loaded_at,
                replaced_by=loaded_by,
                reason=reason,
            )
        )
        if row is not None:
            self.session.execute(delete(calendar_years).where(key))
        return self.add(year, loaded_by, loaded_at)

    def history(self) -> list[dict[str, object]]:
        """Every replaced year, oldest replacement first."""
        query = select(
            calendar_year_history.c.year,
            calendar_year_history.c.region,
            calendar_year_history.c.source,
            calendar_year_history.c.sha256,
            calendar_year_history.c.loaded_by,
            calendar_year_history.c.replaced_at,
            calendar_year_history.c.replaced_by,
            calendar_year_history.c.reason,
        ).order_by(calendar_year_history.c.id)
        return [dict(row) for row in self.session.execute(query).mappings()]

    def provenance(self) -> list[dict[str, object]]:
        """When and by whom each stored year was loaded."""
        query = select(
            calendar_years.c.year,
            calendar_years.c.region,
            calendar_years.c.sha256,
            calendar_years.c.loaded_at,
            calendar_years.c.loaded_by,
        ).order_by(calendar_years.c.year, calendar_years.c.region)
        return [dict(row) for row in self.session.execute(query).mappings()]


def _year(row: Any) -> CalendarYear:
    return CalendarYear(
        year=row["year"],
        region=row["region"],
        holidays={date.fromisoformat(d): n for d, n in row["holidays"].items()},
        workdays={date.fromisoformat(d): n for d, n in row["workdays"].items()},
        source=row["source"],
        published_on=row["published_on"],
    )


def _values(year: CalendarYear) -> dict[str, object]:
    holidays = {d.isoformat(): n for d, n in sorted(year.holidays.items())}
    workdays = {d.isoformat(): n for d, n in sorted(year.workdays.items())}
    payload = json.dumps(
        [year.year, year.region, year.source, str(year.published_on), holidays, workdays],
        ensure_ascii=False,
    )
    return {
        "year": year.year,
        "region": year.region,
        "source": year.source,
        "published_on": year.published_on,
        "holidays": holidays,
        "workdays": workdays,
        "sha256": hashlib.sha256(payload.encode("utf-8")).hexdigest(),
    }
