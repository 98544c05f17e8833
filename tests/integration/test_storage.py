"""Storage on SQLite and PostgreSQL: migrations, the journal, numbering and lost updates."""

from __future__ import annotations

import multiprocessing
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from casework.adapters.database import (
    HEAD_REVISION,
    MIGRATIONS_DIR,
    alembic_config,
    current_revision,
    ensure_schema,
    make_engine,
)
from casework.adapters.repository import SqlUnitOfWork
from casework.domain.application.validation import ApplicationInput
from casework.errors import ConflictError
from casework.services.context import ServiceContext
from casework.services.registration import register
from casework.settings import load_settings
from tests.conftest import write_home
from tests.support.workers import register_batch

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 9, 30, tzinfo=SHANGHAI)
RAW = ApplicationInput(
    applicant="张三",
    applicant_type="natural",
    id_type="resident-id",
    id_number="11010519491231002X",
    channel="in-person",
    received_on=date(2026, 4, 1),
    description="2025年度部门预算",
)


def context(tmp_path: Path) -> ServiceContext:
    settings = load_settings(write_home(tmp_path / "home"))
    return ServiceContext(
        actor="zhangsan",
        now=NOW,
        agencies=settings.agencies,
        default_agency=settings.default_agency,
    )


def test_migrations_build_the_schema_from_empty(database_url: str) -> None:
    engine = make_engine(database_url)
    request_dispose(engine)
    assert current_revision(engine) is None
    assert ensure_schema(engine) is True
    assert current_revision(engine) == HEAD_REVISION
    assert ensure_schema(engine) is False  # a second start does nothing
    tables = set(inspect(engine).get_table_names())
    assert {"cases", "applicants", "events", "number_sequences", "alembic_version"} <= tables
    engine.dispose()


def request_dispose(engine: Engine) -> None:
    engine.dispose()


def test_the_models_and_the_migrations_describe_the_same_schema(engine: Engine) -> None:
    from alembic import command
    from alembic.script import ScriptDirectory

    with engine.begin() as connection:
        config = alembic_config(connection)
        command.check(config)  # raises when autogenerate would find a difference
        assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION
    assert MIGRATIONS_DIR.is_dir()


def test_a_registration_round_trips_with_aware_timestamps(engine: Engine, tmp_path: Path) -> None:
    case = register(SqlUnitOfWork(engine), context(tmp_path), RAW)
    with SqlUnitOfWork(engine) as uow:
        [stored] = uow.cases.find(case.number, "demo")
        assert stored.applicant.id_number == "11010519491231002X"
        assert stored.created_at == NOW
        assert stored.created_at.utcoffset() is not None
        assert str(stored.created_at.tzinfo) == "Asia/Shanghai"
        assert stored.received_on == date(2026, 4, 1)
        assert stored.receipt["channel"] == "in-person"
        [event] = uow.events.for_case(stored.id or 0)
        assert (event.action, event.state_before, event.state_after) == (
            "register",
            None,
            "registered",
        )
        assert event.effective_on == date(2026, 4, 1)
        assert event.recorded_at == NOW


def test_the_journal_refuses_updates_and_deletes(engine: Engine, tmp_path: Path) -> None:
    register(SqlUnitOfWork(engine), context(tmp_path), RAW)
    for statement in ("UPDATE events SET actor = 'mallory'", "DELETE FROM events"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT actor FROM events")).scalars().all() == ["zhangsan"]


def test_a_lost_update_is_refused_with_a_chinese_message(engine: Engine, tmp_path: Path) -> None:
    number = register(SqlUnitOfWork(engine), context(tmp_path), RAW).number
    first, second = SqlUnitOfWork(engine), SqlUnitOfWork(engine)
    with first:
        [mine] = first.cases.find(number, "demo")
        if engine.dialect.name == "sqlite":
            first.commit()  # SQLite holds one writer at a time: read, then let the other win
        with second:
            [theirs] = second.cases.find(number, "demo")
            theirs.description = "他人的修改"
            second.commit()
        mine.description = "我的修改"
        first.session.add(mine)
        with pytest.raises(ConflictError, match="已被他人修改"):
            first.commit()
    with SqlUnitOfWork(engine) as uow:
        assert uow.cases.find(number, "demo")[0].description == "他人的修改"


def test_case_numbers_are_sequential_per_agency_and_year(engine: Engine, tmp_path: Path) -> None:
    ctx = context(tmp_path)
    numbers = [register(SqlUnitOfWork(engine), ctx, RAW).number for _ in range(3)]
    other = register(
        SqlUnitOfWork(engine), ctx, ApplicationInput(**{**RAW.__dict__, "agency": "tj"})
    )
    last_year = register(
        SqlUnitOfWork(engine),
        ctx,
        ApplicationInput(**{**RAW.__dict__, "received_on": date(2025, 12, 31)}),
    )
    assert numbers == ["2026-0001", "2026-0002", "2026-0003"]
    assert (other.agency, other.number) == ("tj", "2026-0001")
    assert last_year.number == "2025-0001"


@pytest.mark.slow
def test_parallel_processes_never_share_or_skip_a_case_number(
    database_url: str, tmp_path: Path
) -> None:
    home = write_home(tmp_path / "home", database_url)
    setup = make_engine(database_url)
    ensure_schema(setup)
    setup.dispose()
    workers, per_worker = 4, 12
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        batches = pool.starmap(register_batch, [(str(home), w, per_worker) for w in range(workers)])
    numbers = [number for batch in batches for number in batch]
    expected = [f"2026-{seq:04d}" for seq in range(1, workers * per_worker + 1)]
    assert sorted(numbers) == expected  # no duplicate, no gap
    engine = make_engine(database_url)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT number FROM cases ORDER BY number")).scalars()
        assert list(stored) == expected
        codes = connection.execute(text("SELECT COUNT(DISTINCT query_code) FROM cases"))
        assert codes.scalar_one() == workers * per_worker
    engine.dispose()


def test_open_cases_due_by_a_date_are_an_index_range_scan(engine: Engine) -> None:
    from casework.services.ports import CaseFilter

    with SqlUnitOfWork(engine) as uow:
        still_open = (
            "approved",
            "awaiting_fee",
            "consulting",
            "correcting",
            "registered",
            "reviewing",
        )
        query = CaseFilter(states=still_open, due_on_or_before=date(2026, 12, 1))
        compiled = uow.cases.list_statement(query).compile(
            engine, compile_kwargs={"literal_binds": True}
        )
        prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
        with engine.connect() as connection:
            if engine.dialect.name == "postgresql":
                connection.execute(text("SET enable_seqscan = off"))
            plan = " ".join(
                str(row[-1]) for row in connection.execute(text(prefix + str(compiled)))
            )
    assert "ix_cases_state_reply_due_on" in plan, plan
