"""Revision 0016 adds the staff API's tokens and the idempotency keys of online applications;
a database at 0009 with a case upgrades with the case untouched, and downgrades again (SQLite
and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from alembic import command
from sqlalchemy import inspect, text

from casework.adapters.database import (
    HEAD_REVISION,
    alembic_config,
    current_revision,
    make_engine,
    upgrade,
)
from casework.adapters.repository import SqlUnitOfWork
from casework.services.access_ports import ApiToken, IdempotencyRecord
from tests.integration.test_decisions_migration import _insert as insert_raw_case

AT = datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_0016_adds_tokens_and_idempotency_keys_and_goes_back(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine, "0011")  # the revision before 0016, populated with one case
    assert not {"api_tokens", "idempotency_keys"} & set(inspect(engine).get_table_names())
    insert_raw_case(engine, "2026-0001", {})
    upgrade(engine)
    assert current_revision(engine) == HEAD_REVISION
    with SqlUnitOfWork(engine) as uow:
        [case] = uow.cases.find("2026-0001", None)
        assert case.id is not None
        token = ApiToken("a" * 64, "cw_abcdefg", "lisi", "admin", AT, AT)
        assert uow.tokens.add(token) == 1
        uow.idempotency.add(IdempotencyRecord("applications", "k-1", "b" * 64, case.id, AT))
        uow.commit()
    with SqlUnitOfWork(engine) as uow:
        assert uow.tokens.by_sha256("a" * 64) == token
        record = uow.idempotency.find("applications", "k-1")
        assert record is not None and record.created_at == AT
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0011")
    assert current_revision(engine) == "0011"
    tables = set(inspect(engine).get_table_names())
    assert not tables & {"api_tokens", "idempotency_keys"}
    assert "cases" in tables
    with engine.connect() as connection:  # the case stays through the downgrade
        assert connection.execute(text("SELECT number FROM cases")).scalars().all() == ["2026-0001"]
    engine.dispose()
