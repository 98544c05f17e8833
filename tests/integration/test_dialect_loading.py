"""Issue #18: a SQLite command does not load SQLAlchemy's PostgreSQL dialect (~25–37 ms of
start-up), and the alert ledger's partial index keeps its condition on PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from casework.adapters.database import make_engine
from casework.adapters.orm import metadata
from casework.adapters.orm_scheduling import UNSENT_CONDITION, alerts

REPO = Path(__file__).resolve().parents[2]

# Every table module, a SQLite schema built from them and an upsert of each kind the adapters
# issue, in a fresh interpreter; then whether the PostgreSQL dialect was imported.
SCRIPT = """
import sys
from sqlalchemy import select
from casework.adapters import case_file_tables, orm_accounts, orm_documents, orm_integrity
from casework.adapters import orm_scheduling, repository, documents, alert_ledger
from casework.adapters.database import make_engine
from casework.adapters.orm import metadata, number_sequences
from casework.adapters.upserts import dialect_insert
engine = make_engine("sqlite:///" + sys.argv[1])
metadata.create_all(engine)
with engine.begin() as connection:
    statement = dialect_insert(connection.dialect.name, number_sequences).values(
        agency="demo", kind="case", year=2026, last_value=1
    )
    connection.execute(statement.on_conflict_do_nothing())
    print("ROWS", len(connection.execute(select(number_sequences)).all()))
print("POSTGRESQL", "sqlalchemy.dialects.postgresql" in sys.modules)
"""


def test_the_tables_and_an_upsert_on_sqlite_leave_the_postgresql_dialect_unloaded(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "casework.db")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["ROWS", "1", "POSTGRESQL", "False"]


def test_the_unsent_index_is_partial_on_sqlite_from_the_models(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'models.db'}")
    metadata.create_all(engine)
    with engine.connect() as connection:
        sql = connection.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'ix_alerts_unsent'")
        ).scalar_one()
    engine.dispose()
    assert f"WHERE {UNSENT_CONDITION}" in sql


@pytest.mark.postgres
def test_the_unsent_index_is_partial_on_postgresql_from_the_models(postgres_url: str) -> None:
    """``create_all`` on PostgreSQL gives the index its condition (the migrations give it too:
    revisions 0006 and 0009, checked by test_storage's comparison of models and migrations)."""
    engine = make_engine(postgres_url)  # a fresh, empty database
    alerts.create(engine)
    with engine.connect() as connection:
        definition = connection.execute(
            text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_alerts_unsent'")
        ).scalar_one()
    engine.dispose()
    assert "WHERE" in definition
    assert "'pending'" in definition and "'sending'" in definition
