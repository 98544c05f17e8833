"""Revision 0018 and the plans of ``casework search`` on SQLite and PostgreSQL: the search text
is filled for existing cases and indexed by trigrams (FTS5 trigram, pg_trgm GIN), pg_trgm makes
trigrams of CJK under the server's C.UTF-8 ctype, and each indexed criterion is answered from
an index, never by scanning ``cases`` (EXPLAIN, not timing)."""

from __future__ import annotations

import importlib
import re
from datetime import date

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from casework.adapters.case_search import same_applicant_statement, search_statement
from casework.adapters.database import (
    HEAD_REVISION,
    alembic_config,
    current_revision,
    make_engine,
    upgrade,
)
from casework.adapters.orm import start_mappers
from casework.domain.case.records import Applicant, Case
from casework.domain.case.search import CaseSearch

REVISION = importlib.import_module("casework.adapters.migrations.versions.0018_case_search")
BEFORE = str(REVISION.down_revision)
NOW = "2026-04-01 02:00:00"
# A read of every row of ``cases`` (``cases_fts`` is the index, not the table).
TABLE_SCAN = re.compile(r"SCAN cases\b|Seq Scan on cases\b")


@pytest.fixture(autouse=True)
def _mapped() -> None:
    start_mappers()  # the statements select the mapped Case


def _insert_old_case(engine: Engine) -> None:
    """A case as a database before 0018 holds it (no search text), with a drafted reply."""
    facts = '{"reply": {"draft": {"outcome": "disclose", "drafter": "zhangsan", '
    facts += '"drafted_on": "2026-04-10", "facts": {"access": "随本答复书提供电子文档"}}}}'
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO applicants (id, name, applicant_type, id_type, id_number, contact, "
                "address) VALUES (1, '张三', 'natural', 'resident-id', '11010519491231002X', '', '')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO cases (id, agency, number, year, seq, query_code, state, workflow, "
                "workflow_version, applicant_id, channel, received_on, description, receipt, "
                "facts, due_provisional, handler, created_at, updated_at, version) VALUES "
                "(1, 'demo', '2026-0001', 2026, 1, 'ABCDEFGH', 'approved', 'disclosure', '5', 1, "
                "'in-person', '2026-04-01', '某路段绿化养护合同', '{}', :facts, false, "
                "'zhangsan', :now, :now, 1)"
            ),
            {"facts": facts, "now": NOW},
        )


def _found(engine: Engine, query: CaseSearch) -> list[int]:
    statement = search_statement(query, engine.dialect.name).with_only_columns(text("cases.id"))
    with engine.connect() as connection:
        return [row[0] for row in connection.execute(statement)]


def test_revision_0018_fills_and_indexes_the_search_text_and_goes_back(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine, BEFORE)
    _insert_old_case(engine)
    upgrade(engine)
    assert current_revision(engine) == HEAD_REVISION
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT search_text FROM cases")).scalar_one()
    assert stored == "张三\n某路段绿化养护合同\n随本答复书提供电子文档"
    assert _found(engine, CaseSearch(terms=("绿化养护",))) == [1]
    assert _found(engine, CaseSearch(terms=("电子文档",))) == [1]
    assert _found(engine, CaseSearch(terms=("养护", "合同"))) == [1]
    assert _found(engine, CaseSearch(terms=("决算报告",))) == []
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), BEFORE)
    columns = {column["name"] for column in inspect(engine).get_columns("cases")}
    assert "search_text" not in columns
    assert "cases_fts" not in inspect(engine).get_table_names()
    upgrade(engine)
    assert _found(engine, CaseSearch(terms=("绿化养护",))) == [1]  # filled again
    engine.dispose()


@pytest.mark.postgres
def test_pg_trgm_makes_trigrams_of_chinese_under_the_servers_ctype(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    upgrade(engine)
    with engine.connect() as connection:
        ctype = connection.execute(
            text("SELECT datctype FROM pg_database WHERE datname = current_database()")
        ).scalar_one()
        trigrams = connection.execute(text("SELECT show_trgm('绿化养护预算')")).scalar_one()
    assert ctype == "C.UTF-8"
    # One word of six characters: two padded ends and four inner trigrams (n + 1 = 7); were
    # CJK not word characters under this ctype, there would be none.
    assert len(trigrams) == 7
    engine.dispose()


def _plan(engine: Engine, statement: object) -> str:
    compiled = statement.compile(engine, compile_kwargs={"literal_binds": True})  # type: ignore[attr-defined]
    prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            # A small table would be read whole anyway; forbid that to see which index the
            # planner can use at 1M cases.
            connection.execute(text("SET enable_seqscan = off"))
        return "\n".join(str(row[-1]) for row in connection.execute(text(prefix + str(compiled))))


INDEXED = [
    (CaseSearch(terms=("绿化养护",)), {"sqlite": "VIRTUAL TABLE INDEX", "postgresql": "ix_cases_search_text_trgm"}),
    (CaseSearch(terms=("绿化养护", "验收报告"), outcome="disclose"), {"sqlite": "VIRTUAL TABLE INDEX", "postgresql": "ix_cases_search_text_trgm"}),
    (CaseSearch(id_number="11010519491231002X"), {"sqlite": "ix_applicants_id_number", "postgresql": "ix_applicants_id_number"}),
    (CaseSearch(applicant="张三"), {"sqlite": "ix_applicants_name", "postgresql": "ix_applicants_name"}),
    (CaseSearch(terms=("预算",), received_from=date(2025, 1, 1), received_to=date(2025, 12, 31)), {"sqlite": "ix_cases_received_on", "postgresql": "ix_cases_received_on"}),
]  # fmt: skip


@pytest.mark.parametrize(("query", "index"), INDEXED)
def test_every_indexed_criterion_is_answered_from_an_index(
    engine: Engine, query: CaseSearch, index: dict[str, str]
) -> None:
    plan = _plan(engine, search_statement(query, engine.dialect.name))
    assert index[engine.dialect.name] in plan, plan
    assert not TABLE_SCAN.search(plan), plan


def test_the_earlier_cases_of_an_applicant_are_found_through_its_indexes(engine: Engine) -> None:
    applicant = Applicant("张三", "natural", "resident-id", "11010519491231002X", id=1)
    case = Case(
        agency="demo", number="2026-0002", year=2026, seq=2, query_code="X", state="registered",
        workflow="disclosure", workflow_version="5", applicant=applicant, channel="in-person",
        received_on=date(2026, 4, 2), description="预算", handler="zhangsan",
        created_at=None, updated_at=None, id=2,  # type: ignore[arg-type]
    )  # fmt: skip
    plan = _plan(engine, same_applicant_statement(case))
    assert "ix_applicants_name" in plan, plan
    assert not TABLE_SCAN.search(plan), plan
