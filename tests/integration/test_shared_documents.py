"""Two clerks on their own machines (two homes, two config folders) share one database: the
letters one clerk's actions write, the other lists, checks, approves, copies out and converts
to PDF, with nothing in either home's folder (issue 15).  On PostgreSQL, the deployment the
issue is about, and on one SQLite file, which the same store serves."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.conftest import write_home

NOW = "2026-06-30T10:00:00+08:00"


@pytest.fixture
def homes(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setenv("CASEWORK_NOW", NOW)
    monkeypatch.delenv("CASEWORK_HOME", raising=False)
    monkeypatch.delenv("CASEWORK_USER", raising=False)
    return (
        write_home(tmp_path / "machine-a" / "casework", database_url),
        write_home(tmp_path / "machine-b" / "casework", database_url),
    )


def casework(home: Path, user: str, *args: str) -> Result:
    from casework.entrypoints.cli import cli

    result = CliRunner().invoke(cli, ["--home", str(home), "--user", user, *args])
    assert result.exit_code == 0, result.output + result.stderr
    return result


def new_case(home: Path) -> str:
    result = casework(
        home,
        "zhangsan",
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
    )
    return result.output.strip().splitlines()[-1]


def test_letters_written_by_one_clerk_are_listed_checked_approved_and_copied_by_another(
    homes: tuple[Path, Path], tmp_path: Path
) -> None:
    clerk, reviewer = homes
    number = new_case(clerk)
    draft = [
        "--outcome",
        "not_held",
        "--search-process",
        "检索了收文登记簿中的文件，关键词“绿化养护”",
        "--on",
        "2026-04-20",
    ]
    casework(clerk, "zhangsan", "draft", number, *draft)
    written = json.loads(casework(clerk, "zhangsan", "docs", number, "--json").output)

    seen = json.loads(casework(reviewer, "lisi", "docs", number, "--json").output)
    assert seen == written
    assert [d["kind"] for d in seen] == ["acknowledgement", "reply"]
    checked = json.loads(casework(reviewer, "lisi", "check", number, "--json").output)
    assert {item["status"] for item in checked} <= {"pass", "pending", "warning"}
    casework(reviewer, "lisi", "approve", number, "--on", "2026-04-21")  # reads the draft
    # 签发 by a reviewer (issue 15's role rule); the clerk then copies the numbered reply out.
    casework(reviewer, "lisi", "issue", number, "--on", "2026-04-22")

    out = tmp_path / "打印"
    copies = json.loads(
        casework(clerk, "zhangsan", "docs", number, "--out", str(out), "--json").output
    )
    final = json.loads(casework(reviewer, "lisi", "docs", number, "--json").output)
    assert [c["sha256"] for c in copies] == [d["sha256"] for d in final]
    for copy in copies:
        assert hashlib.sha256(Path(copy["file"]).read_bytes()).hexdigest() == copy["sha256"]
    assert not (clerk / "documents").exists() and not (reviewer / "documents").exists()


@pytest.mark.slow
def test_pdfs_made_by_one_clerk_are_read_by_another_without_converting_again(
    homes: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clerk, reviewer = homes
    number = new_case(clerk)
    soffice = shutil.which("soffice")
    assert soffice is not None
    calls = tmp_path / "calls"
    counting = tmp_path / "soffice"
    counting.write_text(f'#!/bin/sh\necho run >> "{calls}"\nexec "{soffice}" "$@"\n')
    counting.chmod(0o755)
    monkeypatch.setenv("CASEWORK_LETTERS__SOFFICE", str(counting))

    made = json.loads(casework(clerk, "zhangsan", "docs", number, "--pdf", "--json").output)
    out = tmp_path / "审核"
    read = json.loads(
        casework(reviewer, "lisi", "docs", number, "--pdf", "--out", str(out), "--json").output
    )
    assert [(r["name"], r["sha256"]) for r in read] == [(m["name"], m["sha256"]) for m in made]
    assert (out / "acknowledgement-1.pdf").read_bytes().startswith(b"%PDF")
    assert calls.read_text().splitlines() == ["run"]  # converted once, by the first clerk
