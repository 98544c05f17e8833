"""A shared PostgreSQL deployment for the issue-15 tests: the owner's home, clerks' logins
(PostgreSQL roles) and one home per clerk whose config connects as that login."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from click.testing import CliRunner, Result
from psycopg import sql

from tests.conftest import write_home
from tests.support.postgres import PostgresServer, libpq_url

REPO = Path(__file__).resolve().parents[2]
NOW = "2026-11-20T09:30:00+08:00"


def users_config(suffix: str) -> str:
    """Four people, each with their own PostgreSQL login: two clerks of agency demo, one
    clerk of agency tj, a reviewer and a head of demo."""
    people = [
        ("zhangsan", "张三", '["clerk"]', '["demo"]'),
        ("zhaoliu", "赵六", '["clerk"]', '["demo"]'),
        ("qianqi", "钱七", '["clerk"]', '["tj"]'),
        ("lisi", "李四", '["reviewer"]', '["demo"]'),
        ("wangwu", "王五", '["head", "reviewer"]', '["demo"]'),
    ]
    return "".join(
        f'\n[users.{code}]\nname = "{name}"\nroles = {roles}\nagencies = {agencies}\n'
        f'db_role = "{code}_{suffix}"\n'
        for code, name, roles, agencies in people
    )


@dataclass
class Deployment:
    server: PostgresServer
    database: str
    suffix: str
    base: Path

    def login(self, code: str) -> str:
        return f"{code}_{self.suffix}"

    def url(self, role: str) -> str:
        return f"postgresql+psycopg://{role}@127.0.0.1:{self.server.port}/{self.database}"

    def home(self, code: str | None) -> Path:
        """The home of ``code``'s machine (None: the administrator's, as the owner)."""
        role = "postgres" if code is None else self.login(code)
        home = self.base / (code or "admin")
        if not (home / "config.toml").exists():
            users = users_config(self.suffix)
            # These users replace the suite's three (same codes), each with a login.
            write_home(home, self.url(role))
            text = (home / "config.toml").read_text(encoding="utf-8")
            text = text[: text.index("\n[users.zhangsan]")] + users
            (home / "config.toml").write_text(text, encoding="utf-8")
            # Letters are still files under each home until the shared document store
            # (issue 15, "Shared documents", another branch) lands: the machines share one
            # folder here, as an office would share a network drive.
            shared = self.base / "shared-documents"
            shared.mkdir(exist_ok=True)
            (home / "documents").symlink_to(shared, target_is_directory=True)
        return home

    def run(self, code: str | None, *args: str, env: dict[str, str] | None = None) -> Result:
        """``casework`` in-process on ``code``'s home, identity from the database login."""
        from casework.entrypoints.cli import cli

        base = {"CASEWORK_NOW": NOW, "CASEWORK_IDENTITY": None, "CASEWORK_USER": None}
        merged: dict[str, str | None] = {**base, **(env or {})}
        return CliRunner().invoke(cli, ["--home", str(self.home(code)), *args], env=merged)

    def sql(self, role: str, statement: str) -> list[tuple[Any, ...]]:
        """One statement as ``role`` (trust authentication on the test server)."""
        with psycopg.connect(libpq_url(self.url(role))) as connection:
            rows = connection.execute(statement).fetchall()
        return list(rows)

    def execute(self, role: str, statement: str) -> int:
        """One writing statement as ``role``; the number of rows it changed."""
        with psycopg.connect(libpq_url(self.url(role))) as connection:
            return connection.execute(statement).rowcount


def make_deployment(server: PostgresServer, base: Path, suffix: str) -> Deployment:
    """A database, five login roles, the schema and the grants (``casework db grant``)."""
    database = f"deploy_{suffix}"
    server.make_database(database)
    deployment = Deployment(server, database, suffix, base)
    with psycopg.connect(libpq_url(server.url_for("postgres")), autocommit=True) as connection:
        for code in ("zhangsan", "zhaoliu", "qianqi", "lisi", "wangwu"):
            role = sql.Identifier(deployment.login(code))
            connection.execute(sql.SQL("CREATE ROLE {} LOGIN").format(role))
    granted = deployment.run(None, "db", "grant")
    assert granted.exit_code == 0, granted.output
    return deployment


def register_args(received_on: str = "2026-11-16", agency: str = "demo") -> list[str]:
    return [
        "register",
        "--agency",
        agency,
        "--applicant",
        "张三",
        "--applicant-type",
        "natural",
        "--id-type",
        "resident-id",
        "--id-number",
        "11010519491231002X",
        "--channel",
        "in-person",
        "--received-on",
        received_on,
        "--description",
        "2025年度部门预算",
    ]


def casework_process(home: Path, user: str, args: list[str]) -> subprocess.Popen[str]:
    """``python -m casework`` as a separate process (identity declared, one machine)."""
    env = {**os.environ, "CASEWORK_NOW": NOW, "CASEWORK_IDENTITY": "declared"}
    env["PYTHONPATH"] = str(REPO)
    return subprocess.Popen(
        [sys.executable, "-m", "casework", "--home", str(home), "--user", user, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )


def shown(result: Result) -> dict[str, Any]:
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.output))
