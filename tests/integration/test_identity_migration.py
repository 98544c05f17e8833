"""Revision 0011 (issue 15): the journal's identity column, the agency grants and, on
PostgreSQL, row-level security; upgrade and downgrade on both engines, the journal staying
append-only throughout."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from click.testing import CliRunner
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from casework.adapters.database import (
    HEAD_REVISION,
    alembic_config,
    current_revision,
    make_engine,
    upgrade,
)
from casework.adapters.row_security import AGENCY_TABLES, CASE_TABLES
from casework.entrypoints.cli import cli
from tests.conftest import write_home
from tests.support.deployment import NOW, register_args

SECURED = (*AGENCY_TABLES, *CASE_TABLES, "applicants", "document_blobs", "document_renditions")


def secured_tables(engine: Engine) -> set[str]:
    if engine.dialect.name != "postgresql":
        return set()
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT relname FROM pg_class WHERE relrowsecurity AND relkind = 'r'")
        )
        return {str(name) for name in rows.scalars()}


def journal_refuses_update(engine: Engine) -> bool:
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE events SET actor = 'x'"))
    except DBAPIError:
        return True
    return False


def test_0011_upgrades_and_downgrades_on_both_engines(database_url: str, tmp_path: Path) -> None:
    home = write_home(tmp_path / "home", database_url)
    result = CliRunner().invoke(
        cli,
        ["--home", str(home), "--user", "zhangsan", *register_args()],
        env={"CASEWORK_NOW": NOW},
    )
    assert result.exit_code == 0, result.output
    engine = make_engine(database_url)
    assert current_revision(engine) == HEAD_REVISION == "0016"
    with engine.connect() as connection:
        identity = connection.execute(text("SELECT identity FROM events")).scalars().all()
    assert identity == ["declared"]
    expected = set(SECURED) if engine.dialect.name == "postgresql" else set()
    assert secured_tables(engine) == expected

    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0009")
    columns = {c["name"] for c in inspect(engine).get_columns("events")}
    assert "identity" not in columns and not inspect(engine).has_table("agency_grants")
    assert secured_tables(engine) == set()
    assert journal_refuses_update(engine)

    upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT identity FROM events")).scalars().all() == [None]
    assert secured_tables(engine) == expected and journal_refuses_update(engine)
    engine.dispose()


@pytest.mark.postgres
def test_init_against_postgresql_never_prints_the_password(
    postgres_url: str, tmp_path: Path
) -> None:
    with_password = postgres_url.replace("postgres@", "postgres:s3cret@")
    home = write_home(tmp_path / "home", with_password)
    (home / "config.toml").chmod(0o600)
    result = CliRunner().invoke(cli, ["--home", str(home), "init"])
    assert result.exit_code == 0, result.output
    assert "s3cret" not in result.output and "postgres:***@" in result.output
