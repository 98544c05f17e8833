"""The Core reader of ``show``, ``history`` and ``list`` (issue #18) against the ORM unit of
work, port by port, on SQLite and PostgreSQL: the same records, the same agency scope as
``SqlUnitOfWork(agencies=…)`` (the staff API's), and the Core tables (``adapters.tables``) are
the very metadata the ORM maps and the migrations compare, loadable without ``sqlalchemy.orm``."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

from casework.adapters import orm, tables
from casework.adapters.case_reader import SqlCaseReader
from casework.adapters.database import make_engine
from casework.adapters.repository import SqlUnitOfWork
from casework.services.ports import CaseFilter
from tests.conftest import REPO, write_home
from tests.support.clerk import PDF, write
from tests.support.metadata_shape import describe
from tests.support.read_population import Desk

ALL = CaseFilter()
SCOPES = [None, ("demo",), ("tj",), ("demo", "tj"), ()]


def plain(record: Any) -> dict[str, Any]:
    """A domain record's fields (the applicant's too), whatever loaded it."""
    values = {f.name: getattr(record, f.name) for f in fields(record)}
    if "applicant" in values:
        values["applicant"] = plain(values["applicant"])
    return values


@pytest.fixture
def home(database_url: str, tmp_path: Path) -> Path:
    home = write_home(tmp_path / "home", database_url)
    desk = Desk(home)
    first = desk.new_case()
    desk("attach", first, str(write(tmp_path, "申请表.pdf", PDF)), "--kind", "other")
    desk("request-correction", first, "--items", "请写明文件名称", "--on", "2026-04-03")
    desk.new_case("--agency", "tj")  # the same number, 2026-0001, in the second agency
    desk.new_case()
    return home


REFERENCES = [("2026-0001", None), ("2026-0001", "tj"), ("2026-0002", None)]


def read_everything(uow: Any) -> dict[str, Any]:
    """What the read ports of ``uow`` give for the fixture's cases, as plain values."""
    with uow:
        found = uow.cases.list(ALL)
        by_case = {
            case.id: (
                [plain(e) for e in uow.events.for_case(case.id)],
                uow.attachments.for_case(case.id),
            )
            for case in found
        }
        return {
            "find": [[plain(c) for c in uow.cases.find(r, a)] for r, a in REFERENCES],
            "list": [plain(c) for c in found],
            "stream": [plain(c) for c in uow.cases.stream(ALL)],
            "count": uow.cases.count(ALL),
            "rows": list(uow.cases.rows(ALL)),
            "by_case": by_case,
            "calendars": uow.calendars.all(),
        }


@pytest.mark.parametrize("scope", SCOPES)
def test_every_read_port_gives_what_the_orm_gives_within_the_same_scope(
    home: Path, database_url: str, scope: tuple[str, ...] | None
) -> None:
    engine = make_engine(database_url)
    try:
        theirs = read_everything(SqlUnitOfWork(engine, scope))
        ours = read_everything(SqlCaseReader(engine, scope))
    finally:
        engine.dispose()
    assert ours == theirs
    counts: dict[tuple[str, ...] | None, int] = {None: 3, ("demo",): 2, ("tj",): 1}
    expected = counts.get(scope, 3 if scope else 0)
    assert ours["count"] == len(ours["list"]) == expected
    if scope is None:  # the comparison covers a journal and an attachment
        events, attached = next(iter(ours["by_case"].values()))
        assert [e["action"] for e in events] == ["register", "attach", "request-correction"]
        assert [a.name for a in attached] == ["申请表.pdf"]


def test_a_case_of_an_agency_outside_the_scope_is_not_found(home: Path, database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        with SqlCaseReader(engine, ("tj",)) as reader:
            assert [c.agency for c in reader.cases.find("2026-0001", None)] == ["tj"]
            assert reader.cases.find("2026-0002", None) == []
            assert reader.cases.find("2026-0001", "demo") == []
    finally:
        engine.dispose()


def test_on_sqlite_a_reader_reads_while_a_writer_holds_the_lock(tmp_path: Path) -> None:
    home = write_home(tmp_path / "home")
    Desk(home).new_case()
    engine = make_engine(f"sqlite:///{home / 'casework.db'}")
    writer = sqlite3.connect(home / "casework.db", isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # an import or a sweep in another process
        writer.execute("UPDATE cases SET handler = 'lisi'")
        with SqlCaseReader(engine) as reader:  # deferred: no wait for the lock, no error
            (case,) = reader.cases.find("2026-0001", None)
            assert case.handler == "zhangsan"  # the last committed state
        writer.execute("COMMIT")
    finally:
        writer.close()
        engine.dispose()


def test_the_core_tables_are_the_orm_s_and_the_migrations_metadata_without_the_orm() -> None:
    assert orm.metadata is tables.metadata and orm.cases is tables.cases
    from casework.adapters import case_file_tables, orm_accounts  # noqa: F401 - as env.py

    script = (
        "import json, sys\n"
        "from casework.adapters import case_file_tables, orm_accounts, tables\n"
        "from tests.support.metadata_shape import describe\n"
        "print(json.dumps([describe(tables.metadata), 'sqlalchemy.orm' in sys.modules]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True
    )
    described, orm_loaded = json.loads(done.stdout)
    assert described == json.loads(json.dumps(describe(orm.metadata)))
    assert len(described) >= 20 and orm_loaded is False
