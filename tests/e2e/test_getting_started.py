"""Issue 21, getting started: the README says how to put ``casework`` on PATH, ``make install``
prints the line to add, and the demo's fresh cases are fresh on the demo's own "today"."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from datetime import date, timedelta
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def test_the_readme_says_how_to_put_casework_on_the_path_and_how_to_complete_it() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    using = text.split("## Using it", 1)[1].split("\n## ", 1)[0]
    assert 'export PATH="$PWD/.venv/bin:$PATH"' in using
    assert "make install" in using and ". .venv/bin/activate" in using
    for shell in ("bash", "zsh", "fish"):
        assert f"_CASEWORK_COMPLETE={shell}_source casework" in using


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_install_prints_the_line_to_add_to_the_path() -> None:
    # -o: the installed stamp counts as up to date, so nothing is installed by the test.
    printed = subprocess.run(
        ["make", "-s", "-o", ".venv/.installed", "install"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f'export PATH="{REPO}/.venv/bin:$PATH"' in printed


def test_the_demo_registers_its_applications_within_days_of_its_today() -> None:
    script = (REPO / "bin" / "demo").read_text(encoding="utf-8")
    registration = script.split("step ", 1)[0] + script.split('step "案件列表', 1)[0]
    first_day = date.fromisoformat(re.findall(r"^day (\S+)$", registration, re.M)[0])
    received = [date.fromisoformat(d) for d in re.findall(r"--received-on (\S+)", registration)]
    batch = tomllib.loads((REPO / "demo" / "applications.toml").read_text(encoding="utf-8"))
    received += [entry["received-on"] for entry in batch["applications"]]
    assert received
    # 20 working days are more than 20 calendar days: none of them can be overdue yet.
    assert all(first_day - timedelta(days=20) <= day <= first_day for day in received)
