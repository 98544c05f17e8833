"""Issue 18: an action that renders one letter loads what rendering needs and no more — not
the letter checker and its reader, not the outcome catalogue (an acknowledgement and a
correction notice quote no outcome), not the modules of the other actions."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# Runs a casework command in-process, then prints which of the watched modules it loaded.
PROBE = """
import sys
from casework.entrypoints.cli import cli
try:
    cli.main(args=sys.argv[1:], prog_name="casework")
except SystemExit as done:
    assert not done.code, done.code
watched = (
    "casework.domain.letters.check",
    "casework.adapters.docx_text",
    "casework.adapters.pdf",
    "casework.adapters.outcome_file",
    "casework.domain.workflow.catalogue",
    "casework.services.actions.consultations",
    "casework.services.actions.fees",
    "casework.services.actions.periods",
    "docxtpl",
)
print("LOADED", " ".join(m for m in watched if m in sys.modules))
"""
REGISTER = (
    "register",
    "--applicant",
    "张三",
    "--applicant-type",
    "natural",
    "--channel",
    "email",
    "--received-on",
    "2026-11-02",
    "--description",
    "预算",
)


def loaded(home: Path, *args: str) -> list[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "CASEWORK_HOME": str(home),
        "CASEWORK_USER": "zhangsan",
        "CASEWORK_NOW": "2026-11-03",
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1].split()[1:]


def test_register_loads_the_renderer_and_not_the_checker_nor_the_catalogue(home: Path) -> None:
    assert loaded(home, *REGISTER) == ["docxtpl"]


def test_request_correction_loads_its_own_action_and_the_renderer_alone(home: Path) -> None:
    assert loaded(home, *REGISTER) == ["docxtpl"]
    asked = ("--items", "请写明文件名称", "--on", "2026-11-03")
    assert loaded(home, "request-correction", "2026-0001", *asked) == ["docxtpl"]
