"""The annual report over a realistic two-year population built by the real services, on
SQLite and PostgreSQL, compared cell by cell with counts written by hand (see the comments in
``tests/support/report_population.py`` for each case's place)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from casework.adapters.database import ensure_schema, make_engine
from casework.adapters.report_queries import SqlReportQueries
from casework.adapters.spreadsheets import ReportFileWriter
from casework.domain.report.annual import COLUMNS
from casework.domain.workflow.outcomes import REPORT_ROWS
from casework.services.context import ServiceContext
from casework.services.reports import annual_report
from tests.support.report_population import build_population, make_context

# Columns: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他.  Rows not listed are 0.
HAND_2025: dict[str, tuple[int, ...]] = {
    "1": (6, 2, 1, 1, 1, 1),  # A1 A4 A6 A8 A11 A12 | A2 A10 | A3 | A7 | A5 | A9
    "2": (0, 0, 0, 0, 0, 0),
    "3.1": (1, 0, 0, 0, 0, 0),  # A1 (its first reply, later corrected)
    "3.2": (0, 1, 0, 0, 0, 0),  # A2
    "3.3.1": (0, 0, 1, 0, 0, 0),  # A3
    "3.4.1": (1, 0, 0, 0, 1, 0),  # A4 not held, A5 not ours
    "3.5.1": (1, 0, 0, 0, 0, 0),  # A11
    "3.5.2": (1, 0, 0, 0, 0, 0),  # A12
    "3.6.3": (1, 0, 0, 0, 0, 0),  # A6 withdrawn
    "3.7": (5, 1, 1, 0, 1, 0),
    "4": (1, 1, 0, 1, 0, 1),  # A8 | A10 | A7 | A9
}
HAND_2026: dict[str, tuple[int, ...]] = {
    "1": (
        7,
        3,
        2,
        2,
        2,
        2,
    ),  # B1 B2 B8 B10 B12 B16 B18 | B3 B9 B13 | B4 B15 | B5 B17 | B6 B11 | B7 B14
    "2": (1, 1, 0, 1, 0, 1),  # A8 | A10 | A7 | A9 (A1 was concluded in 2025: not carried)
    "3.1": (3, 0, 0, 0, 0, 0),  # B1 B2 B18 (B18 counted once, with its first reply)
    "3.3.2": (0, 1, 0, 0, 0, 0),  # B3
    "3.3.3": (0, 0, 1, 0, 0, 0),  # B4
    "3.3.4": (0, 0, 0, 1, 0, 0),  # B5
    "3.3.5": (0, 0, 0, 0, 1, 0),  # B6
    "3.3.6": (0, 0, 0, 0, 0, 1),  # B7
    "3.3.7": (1, 0, 0, 0, 0, 0),  # B8
    "3.3.8": (0, 1, 0, 0, 0, 0),  # B9
    "3.4.1": (0, 0, 0, 1, 0, 0),  # B17
    "3.4.2": (1, 0, 0, 0, 0, 0),  # A8
    "3.4.3": (1, 0, 0, 0, 0, 0),  # B10
    "3.5.3": (0, 0, 0, 0, 1, 0),  # B11
    "3.5.4": (1, 0, 0, 0, 0, 0),  # B12
    "3.5.5": (0, 1, 0, 0, 0, 0),  # B13
    "3.6.1": (0, 0, 0, 1, 0, 0),  # A7 correction lapsed
    "3.6.2": (0, 1, 0, 0, 0, 0),  # A10 fee lapsed
    "3.6.3": (0, 0, 1, 0, 0, 1),  # B15 withdrawn | B14 other
    "3.7": (7, 4, 2, 3, 2, 2),
    "4": (1, 0, 0, 0, 0, 1),  # B16 | A9
}
TABLE4_2025 = {
    "reconsideration": {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1},
    # A2's lawsuit was decided on 2026-03-01: still pending on 31 Dec 2025.
    "litigation_direct": {"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1},
    "litigation_after_reconsideration": {
        "upheld": 0,
        "corrected": 0,
        "other": 1,
        "pending": 0,
        "total": 1,
    },
}
TABLE4_2026 = {
    # A1 and B18 corrected, B4 other, B3 pending
    "reconsideration": {"upheld": 0, "corrected": 2, "other": 1, "pending": 1, "total": 4},
    # B11 upheld, B9 corrected, B12 decided in 2027
    "litigation_direct": {"upheld": 1, "corrected": 1, "other": 0, "pending": 1, "total": 3},
    "litigation_after_reconsideration": {
        "upheld": 0,
        "corrected": 0,
        "other": 0,
        "pending": 1,
        "total": 1,
    },
}
HEADINGS = {"3", "3.3", "3.4", "3.5", "3.6"}


@pytest.fixture
def population(
    database_url: str, tmp_path: Path
) -> Iterator[tuple[Engine, ServiceContext, dict[str, str]]]:
    engine = make_engine(database_url)
    ensure_schema(engine)
    ctx = make_context(tmp_path / "home")
    names = build_population(engine, ctx)
    yield engine, ctx, names
    engine.dispose()


def expected_rows(hand: dict[str, tuple[int, ...]]) -> list[dict[str, Any]]:
    rows = []
    for key, label in REPORT_ROWS:
        if key in HEADINGS:
            values: dict[str, Any] = dict.fromkeys([*COLUMNS, "total"])
        else:
            numbers = hand.get(key, (0,) * 6)
            values = dict(zip(COLUMNS, numbers, strict=True)) | {"total": sum(numbers)}
        rows.append({"key": key, "label": label, **values})
    return rows


def report_data(engine: Engine, ctx: ServiceContext, year: int, **options: Any) -> dict[str, Any]:
    report, _ = annual_report(
        SqlReportQueries(engine), ReportFileWriter(), ctx, year=year, **options
    )
    return report.to_data()


def test_both_years_match_the_hand_counts_cell_by_cell(
    population: tuple[Engine, ServiceContext, dict[str, str]],
) -> None:
    engine, ctx, _names = population
    for year, hand, table4 in ((2025, HAND_2025, TABLE4_2025), (2026, HAND_2026, TABLE4_2026)):
        data = report_data(engine, ctx, year)
        assert (data["year"], data["agency"]) == (year, "demo")
        for got, want in zip(data["table3"], expected_rows(hand), strict=True):
            assert got == want, f"{year} {want['label']}"
        assert data["table4"] == table4


def test_all_agencies_add_the_second_agency_and_one_agency_alone_excludes_it(
    population: tuple[Engine, ServiceContext, dict[str, str]],
) -> None:
    engine, ctx, _names = population
    both = {row["key"]: row for row in report_data(engine, ctx, 2026, all_agencies=True)["table3"]}
    alone = {row["key"]: row for row in report_data(engine, ctx, 2026, agency="tj")["table3"]}
    # tj: C1 received and disclosed in 2026 (natural), C2 received 2025-12-29, still open.
    assert [alone[k]["natural"] for k in ("1", "2", "3.1", "3.7", "4")] == [1, 0, 1, 1, 0]
    assert [alone[k]["enterprise"] for k in ("1", "2", "3.7", "4")] == [0, 1, 0, 1]
    assert [both[k]["total"] for k in ("1", "2", "3.1", "3.7", "4")] == [19, 5, 4, 21, 3]


def test_a_reopened_case_keeps_its_first_conclusion_in_the_report(
    population: tuple[Engine, ServiceContext, dict[str, str]],
) -> None:
    from casework.adapters.repository import SqlUnitOfWork
    from casework.services.queries import case_history

    engine, ctx, names = population
    case, events = case_history(SqlUnitOfWork(engine), names["A1"], "demo")
    # The case itself carries the new reply of 2026 …
    assert (case.outcome, case.concluded_on.isoformat() if case.concluded_on else None) == (
        "not_held",
        "2026-03-25",
    )
    assert [e.action for e in events].count("issue") == 2
    assert case.decisions.reopenings[0].outcome == "disclose"
    # … while the 2025 report still counts its first reply (disclose) and 2026 does not.
    rows_2025 = {r["key"]: r for r in report_data(engine, ctx, 2025)["table3"]}
    assert rows_2025["3.1"]["natural"] == 1
    assert rows_2025["3.4.1"]["natural"] == 1  # A4 only


def test_the_spreadsheet_and_the_word_table_carry_the_same_cells(
    population: tuple[Engine, ServiceContext, dict[str, str]], tmp_path: Path
) -> None:
    from tests.support.report_files import docx_headers, docx_tables, xlsx_cells, xlsx_merges

    engine, ctx, _names = population
    xlsx, docx = tmp_path / "r.xlsx", tmp_path / "r.docx"
    report, _ = annual_report(
        SqlReportQueries(engine), ReportFileWriter(), ctx, year=2026, xlsx=xlsx, docx=docx
    )
    expected = expected_rows(HAND_2026)
    for table3, table4 in (xlsx_cells(xlsx), docx_tables(docx)):
        numbered = [row for row in expected if row["key"] not in HEADINGS]
        assert [(label, values) for label, values in table3] == [
            (row["label"], [row[c] for c in (*COLUMNS, "total")]) for row in numbered
        ]
        assert table4 == [
            TABLE4_2026[group][result]
            for group in TABLE4_2026
            for result in ("upheld", "corrected", "other", "pending", "total")
        ]
    # Laid out like the official form: the note over the label columns, 申请人情况 over the
    # numbers, 三、本年度办理结果 down all 22 result rows, （三）不予公开 down its 8 items.
    assert {"A2:C4", "D2:J2", "D3:D4", "E3:I3", "J3:J4", "A5:C5", "A7:A28", "B9:B16"} <= (
        xlsx_merges(xlsx)
    )
    assert {"表四!A2:E3", "表四!F2:O2", "表四!F3:J3", "表四!K3:O3"} <= xlsx_merges(xlsx)
    headers = docx_headers(docx)
    assert headers[0][3:] == ["申请人情况"] * 7
    assert headers[1][3:] == ["自然人", *["法人或其他组织"] * 5, "总计"]
    assert headers[2][4:9] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert report.year == 2026
