"""The review console on a temporary home (issue 20): accounts, a case with a draft to review,
and signing in through the form as a browser does (the form's CSRF token read from the page)."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from tests.conftest import CliInvoke

PASSWORD = "审核控制台口令2026"
# Reg. art. 36 item 4: the search process names its keywords (the letters checker asks).
SEARCH = "在档案室和公文系统中以“预算”为关键词检索了2025年以来的收文、发文记录"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def add_account(cli: CliInvoke, user: str, password: str = PASSWORD) -> None:
    made = cli("user", "add", user, "--password-stdin", input=password + "\n")
    assert made.exit_code == 0, made.output


def register(cli: CliInvoke, *options: str) -> str:
    made = cli(
        "register", "--applicant", "张三", "--applicant-type", "natural", "--channel",
        "in-person", "--received-on", "2026-11-16", "--description", "2025年度部门预算", *options,
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    return made.stdout.strip().splitlines()[-1]


def drafted_case(cli: CliInvoke, *options: str) -> str:
    """A case whose reply (not held, Reg. art. 36 item 4) the clerk zhangsan drafted."""
    number = register(cli, *options)
    agency = (
        [*options[options.index("--agency") : options.index("--agency") + 2]] if options else []
    )
    made = cli("draft", number, "--outcome", "not_held", "--search-process", SEARCH, *agency)
    assert made.exit_code == 0, made.output
    return number


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
    return csrf_token(client.get("/console/cases/none").text)
