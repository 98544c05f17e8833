"""Issue 18: a command starts without cyclic collection (the first threshold raised beyond
what start-up builds) and collects as usual, with what start-up built frozen, once its
database engine is ready (``casework.start_up``)."""

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
from casework.start_up import START_UP_ALLOWANCE, pause_collection, resume_collection
gc.set_threshold(700, 10, 10)
pause_collection()
print(gc.get_threshold() == (START_UP_ALLOWANCE, 10, 10), gc.get_freeze_count() == 0)
resume_collection()
print(gc.get_threshold() == (700, 10, 10), gc.get_freeze_count() > 0)
frozen = gc.get_freeze_count()
resume_collection()  # a second resume changes nothing
print(gc.get_threshold() == (700, 10, 10), gc.get_freeze_count() == frozen)
"""


def test_pause_raises_the_threshold_and_resume_freezes_and_restores_it() -> None:
    assert run(PAUSE_AND_RESUME) == ["True"] * 6


def test_the_allowance_is_still_a_collection_when_start_up_runs_long() -> None:
    # Work before any database is opened: the cycles it leaves are collected all the same.
    script = (
        "import gc\n"
        "from casework.start_up import START_UP_ALLOWANCE, pause_collection\n"
        "pause_collection()\n"
        "collections = []\n"
        "gc.callbacks.append(lambda phase, info: collections.append(phase))\n"
        "for _ in range(START_UP_ALLOWANCE + 1000):\n"
        "    cycle = []\n"
        "    cycle.append(cycle)\n"
        "print(collections.count('stop') >= 1)\n"
    )
    assert run(script) == ["True"]


def test_resume_without_a_pause_leaves_the_collector_as_the_program_set_it() -> None:
    script = (
        "import gc\n"
        "from casework.start_up import pause_collection, resume_collection\n"
        "before = gc.get_threshold()\n"
        "resume_collection()\n"
        "print(gc.get_threshold() == before, gc.get_freeze_count())\n"
        "gc.disable()\n"
        "pause_collection()\n"  # switched off: not ours to change
        "resume_collection()\n"
        "print(gc.isenabled(), gc.get_threshold() == before, gc.get_freeze_count())\n"
    )
    assert run(script) == ["True", "0", "False", "True", "0"]


# The console entry point on a home: whether start-up's allowance is over when the command is
# done, and whether anything was frozen.
ENTRY = """
import gc, sys
from casework.entrypoints.cli import main
sys.argv = ["casework", *sys.argv[1:]]
try:
    main()
except SystemExit as done:
    assert not done.code, done.code
from casework.start_up import START_UP_ALLOWANCE
print("COLLECTOR", gc.get_threshold()[0] < START_UP_ALLOWANCE, gc.get_freeze_count() > 0)
"""
# Start-up ends when the first database engine is ready: the thresholds are back at once.
ENGINE = """
import gc, sys
from pathlib import Path
from casework.bootstrap import bootstrap
from casework.start_up import START_UP_ALLOWANCE, pause_collection
pause_collection()
app = bootstrap(Path(sys.argv[1]))
before = gc.get_threshold()[0] == START_UP_ALLOWANCE, gc.get_freeze_count() == 0
app.engine
print(*before, gc.get_threshold()[0] < START_UP_ALLOWANCE, gc.get_freeze_count() > 0)
app.close()
"""


def environment(home: Path) -> dict[str, str]:
    return {"CASEWORK_HOME": str(home), "CASEWORK_USER": "zhangsan", "CASEWORK_NOW": "2026-11-20"}


@pytest.mark.parametrize("args", [("list",), ("--help",)], ids=["list", "help"])
def test_the_console_entry_point_ends_start_up_whether_or_not_a_database_was_opened(
    home: Path, args: tuple[str, ...]
) -> None:
    assert run(ENTRY, *args, env=environment(home))[-3:] == ["COLLECTOR", "True", "True"]


def test_the_first_database_engine_ends_start_up(home: Path) -> None:
    assert run(ENGINE, str(home), env=environment(home)) == ["True"] * 4


LOADING_MORE = """
import gc, sys
from casework.start_up import START_UP_ALLOWANCE, loading_more, pause_collection, resume_collection
gc.set_threshold(700, 10, 10)
if sys.argv[1] == "console":
    pause_collection()
    resume_collection()
frozen = gc.get_freeze_count()
with loading_more():
    inside = gc.get_threshold()[0]
    made = [[] for _ in range(1000)]
print(inside == START_UP_ALLOWANCE, gc.get_threshold() == (700, 10, 10))
print(gc.get_freeze_count() > frozen)
"""


def test_a_heavy_import_after_start_up_is_frozen_in_a_console_command() -> None:
    assert run(LOADING_MORE, "console") == ["True", "True", "True"]


def test_a_heavy_import_outside_a_console_command_changes_nothing() -> None:
    # The test suite and programs calling casework in-process keep their collector as it is.
    assert run(LOADING_MORE, "library") == ["False", "True", "False"]
