"""``casework init`` finishes or removes the staging files of letters (``.part``) that a killed
action left between rendering and publishing (issue 14)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from pathlib import Path

from tests.conftest import CliInvoke

HOUR = 3600


def register(cli: CliInvoke) -> str:
    result = cli(
        "register", "--applicant", "张三", "--applicant-type", "natural", "--channel",
        "in-person", "--received-on", "2026-11-02", "--description", "2025年度部门预算",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


def recorded(home: Path) -> list[tuple[str, str]]:
    connection = sqlite3.connect(home / "casework.db")
    try:
        return list(connection.execute("SELECT path, sha256 FROM documents ORDER BY id"))
    finally:
        connection.close()


def aged(path: Path, seconds: int) -> Path:
    """``path`` last written ``seconds`` ago (on the machine's clock, which file ages use)."""
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


def test_init_finishes_a_committed_letter_and_removes_an_uncommitted_one(
    cli: CliInvoke, home: Path
) -> None:
    register(cli)
    [(path, sha256)] = recorded(home)
    final = home / "documents" / path
    # Killed after the commit, before the rename: the letter is recorded, its file staged.
    committed = aged(final.rename(final.with_name(f".{final.name}.0123456789ab.part")), HOUR)
    # Killed before the commit: a letter nobody recorded.
    orphan = final.with_name(f".{final.stem}-9.docx.a1b2c3d4e5f6.part")
    orphan.write_bytes(b"half a letter")
    aged(orphan, HOUR)
    result = cli("init")
    assert result.exit_code == 0, result.output
    assert f"已补完办理时未移入的文书：{path}" in result.output
    assert "已删除 1 个残留的暂存文书文件" in result.output
    assert hashlib.sha256(final.read_bytes()).hexdigest() == sha256
    assert not committed.exists() and not orphan.exists()
    assert sorted(p.name for p in final.parent.iterdir()) == [final.name]
    again = cli("init")
    assert "暂存文书" not in again.output and "已补完" not in again.output


def test_init_removes_a_staging_copy_of_a_letter_already_in_place(
    cli: CliInvoke, home: Path
) -> None:
    register(cli)
    [(path, _sha256)] = recorded(home)
    final = home / "documents" / path
    copy = final.with_name(f".{final.name}.0123456789ab.part")
    copy.write_bytes(final.read_bytes())
    aged(copy, HOUR)
    before = final.read_bytes()
    result = cli("init")
    assert "已删除 1 个残留的暂存文书文件" in result.output
    assert not copy.exists() and final.read_bytes() == before


def test_init_leaves_a_fresh_staging_file_to_the_action_that_may_still_be_running(
    cli: CliInvoke, home: Path
) -> None:
    register(cli)
    [(path, _sha256)] = recorded(home)
    final = home / "documents" / path
    staged = final.rename(final.with_name(f".{final.name}.0123456789ab.part"))
    result = cli("init")
    assert "1 个暂存文书文件写入不足 15 分钟，可能属于正在进行的办理，未处理" in result.output
    assert staged.exists() and not final.exists()
