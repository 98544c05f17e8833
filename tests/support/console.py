"""The review console on a temporary home (issue 20): accounts, a case with a draft to review,
and signing in through the form as a browser does (the form's CSRF token read from the page)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tests.conftest import CliInvoke

PASSWORD = "审核控制台口令2026"
# Reg. art. 36 item 4: the search process names its keywords (the letters checker asks).
SEARCH = "在档案室和公文系统中以“预算”为关键词检索了2025年以来的收文、发文记录"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
NOW = "2026-11-20T09:30:00+08:00"
# A reviewer who works for the statistics bureau only (conftest's second agency).
AGENCY_USER = """
[users.zhouqi]
name = "周七"
roles = ["reviewer"]
agencies = ["tj"]
"""


def add_account(cli: CliInvoke, user: str, password: str = PASSWORD) -> None:
    made = cli("user", "add", user, "--password-stdin", input=password + "\n")
    assert made.exit_code == 0, made.output


def register(cli: CliInvoke) -> str:
    made = cli(
        "register", "--applicant", "张三", "--applicant-type", "natural", "--channel",
        "in-person", "--received-on", "2026-11-16", "--description", "2025年度部门预算",
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    return made.stdout.strip().splitlines()[-1]


def draft(cli: CliInvoke, number: str, user: str = "zhangsan", search: str = SEARCH) -> None:
    """The reply (not held, Reg. art. 36 item 4) drafted by ``user``."""
    made = cli("draft", number, "--outcome", "not_held", "--search-process", search, user=user)
    assert made.exit_code == 0, made.output


def drafted_case(cli: CliInvoke, user: str = "zhangsan") -> str:
    number = register(cli)
    draft(cli, number, user)
    return number


def with_agency_user(home: Path) -> None:
    config = home / "config.toml"
    config.write_text(config.read_text(encoding="utf-8") + AGENCY_USER, encoding="utf-8")


@contextmanager
def console_client(home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The app in process over HTTPS (the session cookie is Secure)."""
    from casework.bootstrap import bootstrap
    from casework.entrypoints.http.app import create_app

    monkeypatch.setenv("CASEWORK_NOW", NOW)
    app = bootstrap(home, "zhangsan")
    try:
        with TestClient(create_app(app), base_url="https://testserver") as client:
            yield client
    finally:
        app.close()


def csrf_token(html: str) -> str:
    found = CSRF.search(html)
    assert found is not None, html
    return found.group(1)


def sign_in(client: TestClient, user: str, password: str = PASSWORD) -> str:
    """Sign ``user`` in; the session's CSRF token (from the queue page's sign-out form)."""
    form = client.get("/console/signin")
    answer = client.post(
        "/console/signin",
        data={"user": user, "password": password, "csrf_token": csrf_token(form.text)},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return csrf_token(client.get("/console/").text)
