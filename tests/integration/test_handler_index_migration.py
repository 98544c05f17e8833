"""Revision 0012: the index behind one clerk's 待办 (``todo``, ``list --handler``), upgraded and
downgraded on SQLite and PostgreSQL, and used by the query."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from casework.adapters.database import (
    HEAD_REVISION,
    alembic_config,
    current_revision,
    make_engine,
    upgrade,
)
from casework.adapters.repository import SqlUnitOfWork
from casework.services.ports import CaseFilter

INDEX = "ix_cases_handler_next_deadline_on"


def indexes(engine: Engine) -> set[str]:
    return {str(index["name"]) for index in inspect(engine).get_indexes("cases")}


def test_revision_0012_adds_the_handler_index_and_takes_it_away_again(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine, "0009")
    assert INDEX not in indexes(engine)
    upgrade(engine)
    assert current_revision(engine) == HEAD_REVISION == "0016"
    assert INDEX in indexes(engine)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0009")
    assert INDEX not in indexes(engine)
    upgrade(engine)
    assert INDEX in indexes(engine)
    engine.dispose()


def test_one_clerks_work_by_next_deadline_reads_the_handler_index(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    # ``todo`` asks for every state that is not final (workflows/disclosure.yaml).
    not_final = (
        "registered", "correcting", "consulting", "awaiting_fee", "reviewing", "approved",
        "replied", "delivered", "withdrawn",
    )  # fmt: skip
    query = CaseFilter(states=not_final, handler="lisi", order_by_next_deadline=True)
    with SqlUnitOfWork(engine) as uow:
        compiled = uow.cases.list_statement(query).compile(
            engine, compile_kwargs={"literal_binds": True}
        )
    prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SET enable_seqscan = off"))
        plan = " ".join(str(row[-1]) for row in connection.execute(text(prefix + str(compiled))))
    assert INDEX in plan, plan
    engine.dispose()
