"""A clerk running ``casework`` in-process on a temporary home (SQLite or PostgreSQL), and the
small files the attachment and archive tests hand it (issue 17)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from casework.entrypoints.cli import cli as root_command

NOW = "2026-06-30T10:00:00+08:00"
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


class Clerk:
    """``casework`` in-process on a temporary home (SQLite or PostgreSQL)."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.runner = CliRunner()

    def __call__(self, *args: str, user: str = "zhangsan", ok: bool = True) -> Result:
        result = self.runner.invoke(root_command, ["--home", str(self.home), "--user", user, *args])
        if ok:
            assert result.exit_code == 0, result.output + result.stderr
        return result

    def json(self, *args: str) -> Any:
        return json.loads(self(*args, "--json").output)

    def new_case(self) -> str:
        result = self(
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
        return str(result.output.strip().splitlines()[-1])

    def state(self) -> tuple[Any, ...]:
        number = "2026-0001"
        shown = self.json("show", number)
        history = self.json("history", number)["events"]
        return shown["state"], shown["attachments"], len(history), self.json("docs", number)


def write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decided(run: Clerk) -> str:
    number = run.new_case()
    run(
        "draft",
        number,
        "--outcome",
        "disclose",
        "--facts",
        "经审查，所申请信息可以公开",
        "--access",
        "随本答复书提供电子文档",
    )
    run("approve", number, user="lisi")
    run("issue", number, user="lisi")  # 签发 by a reviewer (issue 15)
    return number
