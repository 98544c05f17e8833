"""An action killed with SIGKILL never leaves a committed letter without its bytes, nor bytes
without their letter (issue 15): the letter is stored in the action's own transaction.

Revision 0009 committed the letter's row, then moved its file into place: a process killed in
between left a recorded letter whose file never arrived (「文件不存在」).  Here the action runs
as a real process (``tests.support.letter_crash``) that kills itself right after its commit
returned, and right before it; then registrations run as real processes killed at seeded
random moments.  After each, every documents row has its bytes in the store, every stored
blob belongs to a document, every journal entry's letters are rows, and ``check`` passes.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import text

from casework.adapters.database import make_engine
from casework.adapters.repository import SqlUnitOfWork
from casework.services.ports import CaseFilter
from tests.conftest import write_home

REPO = Path(__file__).resolve().parents[2]
NOW = "2026-06-30T10:00:00+08:00"
SEED = 15
KILLS = 8
RUN_TIMEOUT = 120.0
REGISTER = [
    "register",
    "--applicant",
    "张三",
    "--applicant-type",
    "natural",
    "--channel",
    "in-person",
    "--received-on",
    "2026-04-01",
    "--description",
    "2025年度部门预算",
]
CORRECTION = ["request-correction", "2026-0001", "--items", "请写明文件名称", "--on", "2026-04-03"]


def environment() -> dict[str, str]:
    env = {**os.environ, "CASEWORK_NOW": NOW}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(REPO), os.environ.get("PYTHONPATH"))))
    env.pop("CASEWORK_HOME", None)
    env.pop("CASEWORK_USER", None)
    return env


def start(home: Path, *args: str, moment: str | None = None) -> subprocess.Popen[str]:
    program = ["-m", "tests.support.letter_crash", moment] if moment else ["-m", "casework"]
    return subprocess.Popen(
        [sys.executable, *program, "--home", str(home), "--user", "zhangsan", *args],
        cwd=REPO,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def casework(home: Path, *args: str) -> Result:
    from casework.entrypoints.cli import cli

    return CliRunner(env={"CASEWORK_NOW": NOW}).invoke(
        cli, ["--home", str(home), "--user", "zhangsan", *args]
    )


def store_state(database_url: str) -> tuple[list[tuple[str, str]], set[str], list[tuple[str, str]]]:
    """(path, sha256) of every documents row, the stored sha256s, and (path, sha256) of every
    letter the journal lists."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT path, sha256 FROM documents ORDER BY id"))
            documents = [(path, digest) for path, digest in rows]
            blobs = set(connection.execute(text("SELECT sha256 FROM document_blobs")).scalars())
        journal = []
        with SqlUnitOfWork(engine) as uow:
            for case in uow.cases.list(CaseFilter()):
                for event in uow.events.for_case(case.id or 0):
                    journal += [(d["path"], d["sha256"]) for d in event.data.get("documents", [])]
        return documents, blobs, sorted(set(journal))
    finally:
        engine.dispose()


def assert_consistent(database_url: str) -> list[tuple[str, str]]:
    documents, blobs, journal = store_state(database_url)
    assert {digest for _path, digest in documents} == blobs  # no letter without its bytes
    assert sorted(set(documents)) == journal  # every journaled letter is a row, and back
    return documents


@pytest.fixture
def home(database_url: str, tmp_path: Path) -> Path:
    home = write_home(tmp_path / "home", database_url)
    assert casework(home, *REGISTER).exit_code == 0
    return home


def test_an_action_killed_right_after_its_commit_has_its_letter(
    home: Path, database_url: str
) -> None:
    killed = start(home, *CORRECTION, moment="after")
    killed.communicate(timeout=RUN_TIMEOUT)
    assert killed.returncode == -signal.SIGKILL
    documents = assert_consistent(database_url)
    assert [path for path, _digest in documents] == [
        "demo/2026/2026-0001/acknowledgement-1.docx",
        "demo/2026/2026-0001/correction_notice-1.docx",
    ]
    checked = casework(home, "check", "2026-0001")
    assert checked.exit_code == 0, checked.output
    assert checked.output.count("全部必备要素通过") == 2


def test_an_action_killed_right_before_its_commit_leaves_no_letter_and_no_bytes(
    home: Path, database_url: str
) -> None:
    before = store_state(database_url)
    killed = start(home, *CORRECTION, moment="before")
    killed.communicate(timeout=RUN_TIMEOUT)
    assert killed.returncode == -signal.SIGKILL
    assert store_state(database_url) == before
    redone = casework(home, *CORRECTION, "--json")
    assert redone.exit_code == 0, redone.output
    assert "示发改信补〔2026〕1号" in redone.output  # the number was never spent
    assert_consistent(database_url)


@pytest.mark.slow
def test_registrations_killed_at_random_moments_leave_every_letter_with_its_bytes(
    home: Path, database_url: str
) -> None:
    rng = random.Random(SEED)
    began = time.monotonic()
    whole = start(home, *REGISTER)  # how long one uninterrupted run takes here, for the moments
    whole.communicate(timeout=RUN_TIMEOUT)
    assert whole.returncode == 0
    span = time.monotonic() - began
    killed = 0
    for _ in range(KILLS):
        victim = start(home, *REGISTER)
        try:
            victim.communicate(timeout=rng.uniform(0.3, 1.1) * span)
        except subprocess.TimeoutExpired:
            victim.kill()  # SIGKILL, to our own child by its handle
            victim.communicate(timeout=RUN_TIMEOUT)
            killed += 1
        assert victim.returncode in (0, -signal.SIGKILL)
    assert killed > 0
    documents = assert_consistent(database_url)
    assert len(documents) >= 2  # the first registration and the uninterrupted one
    for number in (f"2026-{seq:04d}" for seq in range(1, len(documents) + 1)):
        checked = casework(home, "check", number)
        assert checked.exit_code == 0, checked.output
