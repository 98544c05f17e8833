"""Revision 0008 adds the history of replaced calendar years; a database with years loaded
under 0007 keeps them, and the first correction after the upgrade moves the old data into the
history (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from casework.adapters.database import HEAD_REVISION, current_revision, make_engine, upgrade
from casework.adapters.repository import SqlUnitOfWork
from casework.domain.calendar.working import CalendarYear

LOADED_AT = datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
FIRST_2027 = CalendarYear(
    year=2027,
    region="national",
    holidays={date(2027, 1, 1): "元旦"},
    workdays={},
    source="手工录入（待国务院通知发布后更正）",
)
NOTICE_2027 = CalendarYear(
    year=2027,
    region="national",
    holidays={date(2027, 1, 1): "元旦", date(2027, 1, 2): "元旦", date(2027, 1, 3): "元旦"},
    workdays={},
    source="国办发明电〔2026〕1号",
    published_on=date(2026, 11, 28),
)


def test_years_loaded_before_0008_stay_in_effect_and_a_later_correction_keeps_them_in_history(
    database_url: str,
) -> None:
    engine = make_engine(database_url)
    upgrade(engine, "0007")
    with SqlUnitOfWork(engine) as uow:
        checksum = uow.calendars.add(FIRST_2027, "admin", LOADED_AT)
        uow.commit()

    upgrade(engine)
    assert current_revision(engine) == HEAD_REVISION
    with SqlUnitOfWork(engine) as uow:
        assert uow.calendars.all() == [FIRST_2027]
        assert [row["sha256"] for row in uow.calendars.provenance()] == [checksum]
        assert uow.calendars.history() == []
        uow.calendars.replace(NOTICE_2027, FIRST_2027, "admin", LOADED_AT, "依国务院通知更正")
        uow.commit()
    with SqlUnitOfWork(engine) as uow:
        assert uow.calendars.all() == [NOTICE_2027]
        [replaced] = uow.calendars.history()
        assert (replaced["year"], replaced["source"], replaced["sha256"]) == (
            2027,
            FIRST_2027.source,
            checksum,
        )
        assert (replaced["loaded_by"], replaced["replaced_by"]) == ("admin", "admin")
    engine.dispose()
