"""Issue 21, feedback on long work: click's progress bar on a terminal, never in ``--json``
output and never in a pipe.  Driven through a pseudo-terminal as standard error, with standard
output a pipe (as when a clerk redirects the results)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import write_home

REPO = Path(__file__).resolve().parents[2]
BATCH = REPO / "demo" / "applications.toml"


def run_on_terminal(home: Path, *args: str) -> tuple[str, str]:
    """Standard output (a pipe) and what the terminal on standard error showed."""
    primary, secondary = pty.openpty()
    env = {**os.environ, "CASEWORK_NOW": "2026-04-20T09:30:00+08:00", "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-m", "casework", "--home", str(home), "--user", "zhangsan", *args],
        stdout=subprocess.PIPE,
        stderr=secondary,
        env=env,
        cwd=REPO,
    )
    os.close(secondary)
    shown = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # the terminal's other end closed (Linux: EIO)
            break
        if not chunk:
            break
        shown += chunk
    assert process.stdout is not None
    with process.stdout:
        stdout = process.stdout.read()
    process.wait(timeout=120)
    os.close(primary)
    return stdout.decode(), shown.decode(errors="replace")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return write_home(tmp_path / "home")


def test_register_file_shows_a_progress_bar_on_the_terminal_only(home: Path) -> None:
    stdout, terminal = run_on_terminal(home, "register", "--file", str(BATCH))
    assert "登记" in terminal and "3/3" not in stdout
    assert "100%" in terminal
    assert "100%" not in stdout and "共 3 份：登记 2 份，失败 1 份。" in stdout


def test_register_file_with_json_shows_no_progress_bar_even_on_a_terminal(home: Path) -> None:
    stdout, terminal = run_on_terminal(home, "register", "--file", str(BATCH), "--json")
    assert "100%" not in terminal and "登记" not in terminal
    assert stdout.lstrip().startswith("[")
