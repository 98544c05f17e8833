"""Issue 18: a command starts without the cyclic collector and resumes it, freezing what
start-up built, once its database engine is ready (``casework.start_up``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def run(script: str, *args: str, env: dict[str, str] | None = None) -> list[str]:
    """``script`` in a fresh interpreter (freezing objects would last in this one)."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


PAUSE_AND_RESUME = """
import gc
from casework.start_up import pause_collection, resume_collection
pause_collection()
paused = gc.isenabled()
resume_collection()
print(paused, gc.isenabled(), gc.get_freeze_count() > 0)
resume_collection()  # a second resume changes nothing
print(gc.isenabled())
"""


def test_pause_switches_collection_off_and_resume_freezes_and_switches_it_on() -> None:
    assert run(PAUSE_AND_RESUME) == ["False", "True", "True", "True"]


def test_resume_without_a_pause_leaves_the_collector_as_the_program_set_it() -> None:
    script = (
        "import gc\n"
        "from casework.start_up import pause_collection, resume_collection\n"
        "resume_collection()\n"
        "print(gc.isenabled(), gc.get_freeze_count())\n"
        "gc.disable()\n"
        "pause_collection()\n"  # already off: not ours to switch on again
        "resume_collection()\n"
        "print(gc.isenabled(), gc.get_freeze_count())\n"
    )
    assert run(script) == ["True", "0", "False", "0"]


# The console entry point on a home: whether the collector is on when the command is done.
ENTRY = """
import gc, sys
from casework.entrypoints.cli import main
sys.argv = ["casework", *sys.argv[1:]]
try:
    main()
except SystemExit as done:
    assert not done.code, done.code
print("COLLECTOR", gc.isenabled(), gc.get_freeze_count() > 0)
"""


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # The command opened the database: start-up is frozen and collection runs again.
        (("list",), ["COLLECTOR", "True", "True"]),
        # --help opens no database: it exits with collection still paused, nothing frozen.
        (("--help",), ["COLLECTOR", "False", "False"]),
    ],
)
def test_the_console_entry_point_resumes_collection_once_the_database_is_open(
    home: Path, args: tuple[str, ...], expected: list[str]
) -> None:
    env = {"CASEWORK_HOME": str(home), "CASEWORK_USER": "zhangsan", "CASEWORK_NOW": "2026-11-20"}
    assert run(ENTRY, *args, env=env)[-3:] == expected
