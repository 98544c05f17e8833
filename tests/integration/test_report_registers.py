"""The register (台账) written to .xlsx and read back, and the statistics over cases answered
through the real services (2026 calendar, hand-counted: 清明 04-04..06, 劳动节 05-01..05)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from casework.adapters.database import ensure_schema, make_engine
from casework.adapters.report_queries import SqlReportQueries
from casework.adapters.repository import SqlUnitOfWork
from casework.adapters.spreadsheets import ReportFileWriter
from casework.domain.application.validation import ApplicationInput
from casework.domain.report.statistics import LEDGER_COLUMNS
from casework.services import actions
from casework.services.context import ServiceContext
from casework.services.registers import case_statistics, export_ledger
from casework.services.registration import register
from tests.support.report_population import Desk, make_context


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    engine = make_engine(f"sqlite:///{tmp_path / 'casework.db'}")
    ensure_schema(engine)
    ctx = make_context(tmp_path / "home")
    desk = Desk(engine, ctx)
    with_id = ApplicationInput(
        applicant="张三",
        applicant_type="natural",
        id_type="resident-id",
        id_number="11010519491231002X",
        channel="in-person",
        received_on=date(2026, 4, 1),
        description="2025年度部门预算",
    )
    x = register(desk.uow(), ctx, with_id).number
    desk.reply(x, "disclose", date(2026, 4, 10), date(2026, 4, 13))  # 7 working days
    y = desk.register("enterprise", date(2026, 4, 1))
    desk.reply(y, "not_held", date(2026, 4, 30), date(2026, 5, 6))  # 21: due 04-30, late
    w = desk.register("natural", date(2026, 4, 2), channel="email")
    desk.reply(w, "disclose", date(2026, 4, 3), date(2026, 4, 3))  # 1 working day
    z = desk.register("research", date(2026, 4, 20))
    actions.withdraw(desk.uow(), ctx, z, how="written", on=date(2026, 4, 21))
    desk.register("natural", date(2026, 5, 8))  # outside the exported period, still open
    yield desk
    desk.engine.dispose()


def test_the_register_has_one_row_per_case_with_masked_identity(desk: Desk, tmp_path: Path) -> None:
    path = tmp_path / "台账.xlsx"
    rows, _ = export_ledger(
        SqlReportQueries(desk.engine),
        ReportFileWriter(),
        desk.ctx,
        first=date(2026, 4, 1),
        last=date(2026, 4, 30),
        xlsx=path,
    )
    sheet = load_workbook(path)["台账"]
    lines = list(sheet.iter_rows(min_row=2, values_only=True))
    assert list(lines[0]) == [header for _, header in LEDGER_COLUMNS]
    values = [
        dict(zip([key for key, _ in LEDGER_COLUMNS], line, strict=True)) for line in lines[1:]
    ]
    assert [v["number"] for v in values] == ["2026-0001", "2026-0002", "2026-0003", "2026-0004"]
    assert values[0]["id_number"] == "1101**********002X"
    assert "11010519491231002X" not in str(lines)
    assert [v["on_time"] for v in values] == ["是", "否", "是", None]
    assert [v["outcome"] for v in values][3] == "其他"
    assert values[1]["reply_due_on"] == "2026-04-30"
    assert len(rows) == 4


def test_the_statistics_of_the_year_count_and_time_the_replies(desk: Desk) -> None:
    stats, where = case_statistics(
        SqlUnitOfWork(desk.engine), SqlReportQueries(desk.engine), desk.ctx, year=2026
    )
    assert where.agency == "demo"
    assert (stats.cases, stats.timed, stats.on_time) == (4, 3, 2)
    assert (stats.median_days, stats.p90_days) == (7.0, 21)
    not_held = desk.ctx.catalogue.get("not_held").label
    assert stats.by_outcome == {"予以公开": 2, "其他": 1, not_held: 1}
    assert stats.by_channel == {"当面提交": 3, "电子邮件": 1}
    assert stats.by_handler == {"张三": 4}


def test_a_year_without_conclusions_has_empty_statistics(desk: Desk) -> None:
    ctx: ServiceContext = replace(desk.ctx)
    stats, _ = case_statistics(
        SqlUnitOfWork(desk.engine), SqlReportQueries(desk.engine), ctx, year=2025
    )
    assert (stats.cases, stats.on_time_rate, stats.median_days) == (0, None, None)
