"""The column types of our own: timezone-aware timestamps and a case's typed decisions.

Both behave the same on SQLite and PostgreSQL: timestamps are stored in UTC and read back as
Asia/Shanghai; decisions go through the one serialiser (``casework.domain.case.storage``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import JSON, DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from casework.domain.case.decisions import CaseDecisions
from casework.domain.case.storage import decisions_from_json, decisions_to_json

SHANGHAI = ZoneInfo("Asia/Shanghai")


class AwareDateTime(TypeDecorator[datetime]):
    """A timezone-aware timestamp on both engines: stored as UTC, read as Asia/Shanghai."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive timestamps are not stored: pass an aware datetime")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        stamp: datetime = value if value.tzinfo else value.replace(tzinfo=UTC)
        return stamp.astimezone(SHANGHAI)


class DecisionsJSON(TypeDecorator[CaseDecisions]):
    """A case's typed decisions in a JSON column, through the one serialiser."""

    impl = JSON
    cache_ok = True

    def process_bind_param(
        self, value: CaseDecisions | None, dialect: Dialect
    ) -> dict[str, Any] | None:
        return None if value is None else decisions_to_json(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> CaseDecisions | None:
        return None if value is None else decisions_from_json(value)
