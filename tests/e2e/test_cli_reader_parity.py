"""Issue #18: ``show``, ``history`` and ``list`` read through the Core reader
(``casework.adapters.case_reader``) and print exactly what they printed through the ORM unit of
work, for cases in every kind of state, on SQLite and PostgreSQL; and run in a fresh process
they never load ``sqlalchemy.orm``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from casework.bootstrap import App
from tests.conftest import REPO, write_home
from tests.support.postgres import PostgresServer
from tests.support.read_population import ENVIRONMENT, Desk, commands, populate

Outputs = dict[str, list[Any]]

# Runs each read command in this fresh interpreter; after each, whether sqlalchemy.orm is loaded.
PROBE = """
import json, sys
from click.testing import CliRunner
from casework.entrypoints.cli import cli
home, reads = sys.argv[1], json.loads(sys.argv[2])
runner, seen = CliRunner(), {}
for args in reads:
    done = runner.invoke(cli, ["--home", home, "--user", "zhangsan", *args])
    orm = "sqlalchemy.orm" in sys.modules
    seen[" ".join(args)] = [done.exit_code, done.stdout, done.stderr, orm]
print(json.dumps(seen, ensure_ascii=False))
"""


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def population(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, list[tuple[str, ...]]]]:
    folder = tmp_path_factory.mktemp(f"reader-{request.param}")
    url = None
    if request.param == "postgresql":
        server: PostgresServer = request.getfixturevalue("postgres_server")
        url = server.make_database(f"casework_reader_{os.getpid()}")
    home = write_home(folder / "home", url)
    cases = populate(home, folder)
    shown = json.loads(Desk(home)("show", cases["registered"], "--json").output)
    yield home, commands(cases, shown["query_code"])


def read_all(home: Path, reads: list[tuple[str, ...]]) -> Outputs:
    desk = Desk(home)
    outputs: Outputs = {}
    for args in reads:
        done = desk(*args, ok=False)
        outputs[" ".join(args)] = [done.exit_code, done.stdout, done.stderr]
    return outputs


def through_the_orm(
    home: Path, reads: list[tuple[str, ...]], monkeypatch: pytest.MonkeyPatch
) -> Outputs:
    with monkeypatch.context() as patched:
        patched.setattr(App, "reader", App.uow)
        return read_all(home, reads)


def test_show_history_and_list_print_the_same_through_the_reader_as_through_the_orm(
    population: tuple[Path, list[tuple[str, ...]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    home, reads = population
    reader = read_all(home, reads)
    assert reader == through_the_orm(home, reads, monkeypatch)
    # The comparison is about something: every state of the population, the errors and lists.
    states = {json.loads(out[1])["state"] for key, out in reader.items() if key.startswith("show")
              and key.endswith("--json") and out[0] == 0}  # fmt: skip
    assert {"registered", "correcting", "consulting", "replied", "archived"} <= states
    assert {"withdrawn", "voided"} <= states
    assert reader["show 2099-0001"][0] == 1 and "未找到案件" in reader["show 2099-0001"][2]
    listed = json.loads(reader["list --all-agencies --all --json"][1])
    assert len(listed) == 15 and {case["agency"] for case in listed} == {"demo", "tj"}


def test_a_fresh_process_reads_the_same_without_ever_loading_sqlalchemy_orm(
    population: tuple[Path, list[tuple[str, ...]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    home, reads = population
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for name, value in ENVIRONMENT.items():
        env.pop(name, None) if value is None else env.__setitem__(name, value)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(home), json.dumps(reads)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    fresh = json.loads(done.stdout)
    assert [key for key, out in fresh.items() if out[3]] == []  # sqlalchemy.orm never loaded
    expected = through_the_orm(home, reads, monkeypatch)
    assert {key: out[:3] for key, out in fresh.items()} == expected
