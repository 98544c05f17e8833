"""Revision 0021 adds the review console's accounts and sessions (issue 20); a database at 0019
with a case upgrades with the case untouched, keeps an account, and downgrades again (SQLite and
PostgreSQL)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from alembic import command
from sqlalchemy import inspect, text

from casework.adapters.account_store import SqlAccountStore
from casework.adapters.database import (
    HEAD_REVISION,
    alembic_config,
    current_revision,
    make_engine,
    upgrade,
)
from casework.services.account_ports import ConsoleSession
from tests.integration.test_decisions_migration import _insert as insert_raw_case

AT = datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TABLES = {"console_accounts", "console_sessions"}


def test_0021_adds_console_accounts_and_sessions_and_goes_back(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine, "0019")
    assert not TABLES & set(inspect(engine).get_table_names())
    insert_raw_case(engine, "2026-0001", {})
    upgrade(engine)
    assert current_revision(engine) == HEAD_REVISION
    store = SqlAccountStore(engine)
    store.add("lisi", "$argon2id$fake", AT)
    store.add_session("c" * 64, ConsoleSession("lisi", "t" * 43, AT, AT + timedelta(hours=8)))
    account = store.get("lisi")
    assert account is not None and (account.failed_attempts, account.created_at) == (0, AT)
    assert store.session("c" * 64) == ConsoleSession("lisi", "t" * 43, AT, AT + timedelta(hours=8))
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0019")
    assert current_revision(engine) == "0019"
    assert not TABLES & set(inspect(engine).get_table_names())
    with engine.connect() as connection:  # the case stays through the downgrade
        assert connection.execute(text("SELECT number FROM cases")).scalars().all() == ["2026-0001"]
    engine.dispose()
