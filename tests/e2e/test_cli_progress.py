"""Issue 21, feedback on long work: click's progress bar on a terminal, never in ``--json``
output and never in a pipe.  Driven through a pseudo-terminal as standard error, with standard
output a pipe (as when a clerk redirects the results)."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import write_home

REPO = Path(__file__).resolve().parents[2]
BATCH = REPO / "demo" / "applications.toml"
CALENDAR_2027 = REPO / "calendars" / "sample-2027.toml"


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


def registered(home: Path, monkeypatch: pytest.MonkeyPatch, *more: tuple[str, ...]) -> None:
    """The demo batch registered (2026-0001, 2026-0002), then ``more`` commands, in-process."""
    from click.testing import CliRunner

    from casework.entrypoints.cli import cli

    monkeypatch.setenv("CASEWORK_NOW", "2026-04-20T09:30:00+08:00")
    runner = CliRunner()
    for args in (("register", "--file", str(BATCH)), *more):
        result = runner.invoke(cli, ["--home", str(home), "--user", "zhangsan", *args])
        assert result.exit_code in (0, 1), result.output  # the batch's refused entry exits 1


def test_docs_pdf_over_several_letters_shows_a_progress_bar_on_the_terminal_only(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    correction = (
        "request-correction",
        "2026-0001",
        "--items",
        "请写明文件名称",
        "--on",
        "2026-04-07",
    )
    registered(home, monkeypatch, correction)
    # The PDFs go to the document store; --out writes copies and lists their paths.
    out = home / "副本"
    stdout, terminal = run_on_terminal(home, "docs", "2026-0001", "--pdf", "--out", str(out))
    assert "转换 PDF" in terminal and "100%" in terminal
    pdfs = stdout.split()
    assert len(pdfs) == 2 and all(path.endswith(".pdf") for path in pdfs)
    assert "100%" not in stdout
    stdout, terminal = run_on_terminal(home, "docs", "2026-0001", "--pdf", "--json")
    assert "转换 PDF" not in terminal and "100%" not in terminal
    assert len(json.loads(stdout)) == 2


def test_calendar_load_shows_a_progress_bar_over_the_recomputed_cases(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registered(home, monkeypatch)
    stdout, terminal = run_on_terminal(home, "calendar", "load", str(CALENDAR_2027))
    assert "重新计算在办案件期限" in terminal and "100%" in terminal
    assert "已导入 2027 年" in stdout and "100%" not in stdout


def test_export_shows_a_progress_bar_on_the_terminal_and_none_with_json(
    home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    registered(home, monkeypatch)
    ledger = tmp_path / "台账.csv"
    period = ("--from", "2026-01-01", "--to", "2026-12-31")
    stdout, terminal = run_on_terminal(home, "export", *period, "--csv", str(ledger))
    assert "导出台账" in terminal and "100%" in terminal
    assert "已导出" in stdout and "2 件申请" in stdout and "100%" not in stdout
    stdout, terminal = run_on_terminal(home, "export", *period, "--json")
    assert "导出台账" not in terminal and "100%" not in terminal
    assert len(json.loads(stdout)) == 2


def test_report_shows_a_progress_bar_on_the_terminal_and_none_with_json(
    home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    registered(home, monkeypatch)
    workbook = tmp_path / "表三表四.xlsx"
    stdout, terminal = run_on_terminal(
        home, "report", "annual", "--year", "2026", "--xlsx", str(workbook)
    )
    assert "生成年度报告" in terminal and "100%" in terminal
    assert "2026年度" in stdout and "100%" not in stdout and workbook.is_file()
    stdout, terminal = run_on_terminal(home, "report", "annual", "--year", "2026", "--json")
    assert "生成年度报告" not in terminal and "100%" not in terminal
    assert json.loads(stdout)["year"] == 2026
