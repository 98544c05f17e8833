"""Calendar years kept in the database, so that every process and agency sees the same data."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from casework.adapters.orm import calendar_years
from casework.domain.calendar.working import CalendarYear


class SqlCalendarStore:
    def __init__(self, session: Session) -> None:
        self.session = session

    def all(self) -> list[CalendarYear]:
        rows = self.session.execute(
            select(calendar_years).order_by(calendar_years.c.year, calendar_years.c.region)
        ).mappings()
        return [
            CalendarYear(
                year=row["year"],
                region=row["region"],
                holidays={date.fromisoformat(d): n for d, n in row["holidays"].items()},
                workdays={date.fromisoformat(d): n for d, n in row["workdays"].items()},
                source=row["source"],
                published_on=row["published_on"],
            )
            for row in rows
        ]

    def add(self, year: CalendarYear, loaded_by: str, loaded_at: datetime) -> str:
        """Store ``year``; returns the checksum of its days and provenance."""
        holidays = {d.isoformat(): n for d, n in sorted(year.holidays.items())}
        workdays = {d.isoformat(): n for d, n in sorted(year.workdays.items())}
        payload = json.dumps(
            [year.year, year.region, year.source, str(year.published_on), holidays, workdays],
            ensure_ascii=False,
        )
        checksum = hashlib.sha256(payload.encode("utf-8")).hexdigest()
        self.session.execute(
            insert(calendar_years).values(
                year=year.year,
                region=year.region,
                source=year.source,
                published_on=year.published_on,
                holidays=holidays,
                workdays=workdays,
                sha256=checksum,
                loaded_at=loaded_at,
                loaded_by=loaded_by,
            )
        )
        return checksum

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
