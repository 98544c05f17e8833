"""The working calendar is built once per process for the same data and region, and never
reused across a change of either (issue #18)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any, cast
from zoneinfo import ZoneInfo

from casework.adapters.calendar_data import package_years
from casework.domain.agency import AgencyProfile
from casework.domain.calendar.working import CalendarYear
from casework.services.clocks import working_calendar
from casework.services.context import ServiceContext
from casework.services.ports import UnitOfWork

YEAR_2027 = CalendarYear(
    year=2027,
    region="national",
    holidays={date(2027, 1, 1): "元旦"},
    workdays={},
    source="《国务院办公厅关于2027年部分节假日安排的通知》",
)


def uow_with(*stored: CalendarYear) -> UnitOfWork:
    return cast(UnitOfWork, SimpleNamespace(calendars=SimpleNamespace(all=lambda: list(stored))))


def context(region: str | None = None) -> ServiceContext:
    agency = AgencyProfile(
        name="示例", doc_code="示", reconsideration_organ="示例市人民政府", calendar_region=region
    )
    return ServiceContext(
        actor="t",
        now=datetime(2026, 12, 1, tzinfo=ZoneInfo("Asia/Shanghai")),
        agencies={"demo": agency},
        default_agency="demo",
        builtin_calendar=package_years(),
    )


def test_the_same_data_gives_the_same_calendar_object_across_calls() -> None:
    ctx = context()
    assert working_calendar(uow_with(), ctx, "demo") is working_calendar(uow_with(), ctx, "demo")


def test_a_loaded_or_corrected_year_gives_a_new_calendar_with_the_new_answer() -> None:
    ctx = context()
    bare = working_calendar(uow_with(), ctx, "demo")
    loaded = working_calendar(uow_with(YEAR_2027), ctx, "demo")
    assert loaded is not bare
    assert bare.covers(2027) is False and loaded.covers(2027) is True
    assert loaded.is_working_day(date(2027, 1, 4))
    holidays: dict[Any, str] = {date(2027, 1, 1): "元旦", date(2027, 1, 4): "元旦"}
    corrected = working_calendar(uow_with(replace(YEAR_2027, holidays=holidays)), ctx, "demo")
    assert corrected is not loaded
    assert not corrected.is_working_day(date(2027, 1, 4))
    assert working_calendar(uow_with(YEAR_2027), ctx, "demo").is_working_day(date(2027, 1, 4))


def test_another_region_in_the_configuration_gives_another_calendar() -> None:
    national = working_calendar(uow_with(), context(), "demo")
    regional = working_calendar(uow_with(), context("xinjiang"), "demo")
    assert regional is not national
    assert regional.region == "xinjiang"
