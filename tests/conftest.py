"""Shared fixtures: temporary homes, both database engines, the CLI runner.

The PostgreSQL server is real (Debian's binaries, a temporary data directory, loopback), one
per test session; each test that needs it gets a database of its own.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner, Result

from tests.support.postgres import PostgresServer, start_postgres

REPO = Path(__file__).resolve().parents[1]
SHANGHAI = ZoneInfo("Asia/Shanghai")
_databases = itertools.count(1)

SECOND_AGENCY = """
[agencies.tj]
name = "示例市统计局"
doc_code = "示统"
kind = "department"
reconsideration_organ = "示例市人民政府"
contact_person = "刘芳"
phone = "010-23456789"
"""


@pytest.fixture(autouse=True)
def declared_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite names its users with --user / CASEWORK_USER on one machine: identity
    "declared" (issue 15).  Tests of the other sources set CASEWORK_IDENTITY themselves."""
    monkeypatch.setenv("CASEWORK_IDENTITY", "declared")


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresServer]:
    if os.environ.get("CASEWORK_SKIP_POSTGRES") == "1":
        pytest.skip("CASEWORK_SKIP_POSTGRES=1: PostgreSQL tests skipped on request")
    server = start_postgres(tmp_path_factory.mktemp("postgres"))
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    return postgres_server.make_database(f"casework_{os.getpid()}_{next(_databases)}")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database on each engine."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'casework.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


def write_home(home: Path, database_url: str | None = None, extra: str = "") -> Path:
    """A home directory with the example configuration plus a second agency."""
    home.mkdir(parents=True, exist_ok=True)
    config = (REPO / "config.example.toml").read_text(encoding="utf-8")
    if database_url:
        config = config.replace('# database_url = ""', f'database_url = "{database_url}"')
    # The tests read bare numbers (2026-0001) although two agencies are configured.
    config = config.replace(
        '# case_number_format = "{year}-{seq:04d}"', 'case_number_format = "{year}-{seq:04d}"'
    )
    (home / "config.toml").write_text(config + SECOND_AGENCY + USERS + extra, encoding="utf-8")
    return home


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return write_home(tmp_path / "home")


@pytest.fixture
def now() -> datetime:
    return datetime(2026, 11, 20, 9, 30, tzinfo=SHANGHAI)


CliInvoke = Callable[..., Result]


@pytest.fixture
def cli(home: Path, monkeypatch: pytest.MonkeyPatch) -> CliInvoke:
    """Run ``casework`` in-process on the temporary home, as user ``zhangsan``."""
    from casework.entrypoints.cli import cli as command

    monkeypatch.setenv("CASEWORK_NOW", "2026-11-20T09:30:00+08:00")
    monkeypatch.delenv("CASEWORK_HOME", raising=False)
    monkeypatch.delenv("CASEWORK_USER", raising=False)
    runner = CliRunner()

    def invoke(*args: str, user: str = "zhangsan", **kwargs: Any) -> Result:
        return runner.invoke(command, ["--home", str(home), "--user", user, *args], **kwargs)

    return invoke


@pytest.fixture
def engine(database_url: str) -> Iterator[Any]:
    """A migrated engine on each database, disposed afterwards."""
    from casework.adapters.database import ensure_schema, make_engine

    created = make_engine(database_url)
    ensure_schema(created)
    yield created
    created.dispose()


USERS = """
[users.zhangsan]
name = "张三"
roles = ["clerk"]

[users.lisi]
name = "李四"
roles = ["reviewer"]

[users.wangwu]
name = "王五"
roles = ["head", "reviewer"]
"""


def dump(home: Path) -> list[str]:
    """Every row of every table of the home's SQLite database, to compare before and after."""
    connection = sqlite3.connect(home / "casework.db")
    try:
        return list(connection.iterdump())
    finally:
        connection.close()
