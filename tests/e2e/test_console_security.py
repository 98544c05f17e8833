"""The review console's protections (issue 20): no console page or image without a session
(the public pages stay open), the CSRF token on every POST, another agency's case not found,
the lock-out after failed sign-ins (logged without the password), the cookie's flags."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tests.conftest import CliInvoke, dump
from tests.support.console import (
    PASSWORD,
    add_account,
    console_client,
    csrf_token,
    drafted_case,
    sign_in,
    with_agency_user,
)


@pytest.fixture
def client(home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    with_agency_user(home)
    with console_client(home, monkeypatch) as made:
        yield made


def state(cli: CliInvoke, number: str) -> str:
    shown: str = json.loads(cli("show", number, "--json").output)["state"]
    return shown


@pytest.mark.parametrize(
    "path",
    ["/console/", "/console/cases/2026-0001", "/console/cases/2026-0001?agency=demo"],
)
def test_a_console_page_without_a_session_goes_to_the_sign_in_form(
    client: TestClient, path: str
) -> None:
    answer = client.get(path, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/console/signin"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/console/cases/2026-0001/letters/1/pages/1.png"),
        ("POST", "/console/signout"),
        ("POST", "/console/cases/2026-0001/decide/approve"),
        ("POST", "/console/cases/2026-0001/decide/return"),
        ("POST", "/console/cases/2026-0001/draft"),
    ],
)
def test_an_image_or_a_post_without_a_session_is_401(
    client: TestClient, cli: CliInvoke, home: Path, method: str, path: str
) -> None:
    drafted_case(cli)
    before = dump(home)
    answer = client.request(method, path, data={"comment": "改"}, follow_redirects=False)
    assert answer.status_code == 401
    assert "未登录或登录已过期" in answer.text
    assert dump(home) == before


def test_the_public_pages_and_the_sign_in_form_need_no_session(client: TestClient) -> None:
    for path in ("/", "/status", "/console/signin"):
        assert client.get(path).status_code == 200
    form = client.get("/console/signin")
    assert "script" not in form.text.lower().replace("noscript", "")
    assert "default-src 'none'" in form.headers["content-security-policy"]


@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_a_decision_without_the_sessions_csrf_token_is_refused_and_changes_nothing(
    client: TestClient, cli: CliInvoke, home: Path, token: str | None
) -> None:
    add_account(cli, "lisi")
    number = drafted_case(cli)
    sign_in(client, "lisi")
    before = dump(home)
    data = {"version": "2"} if token is None else {"version": "2", "csrf_token": token}
    answer = client.post(f"/console/cases/{number}/decide/approve", data=data)
    assert answer.status_code == 403
    assert "防跨站请求令牌" in answer.text
    assert dump(home) == before
    assert state(cli, number) == "reviewing"


def test_the_sign_in_form_checks_its_own_token(client: TestClient, cli: CliInvoke) -> None:
    add_account(cli, "lisi")
    client.get("/console/signin")
    answer = client.post(
        "/console/signin",
        data={"user": "lisi", "password": PASSWORD, "csrf_token": "forged"},
        follow_redirects=False,
    )
    assert answer.status_code == 403
    assert "casework_console=" not in answer.headers.get("set-cookie", "")


def test_another_agencys_case_is_not_found_on_the_page_the_image_and_the_decision(
    client: TestClient, cli: CliInvoke, home: Path
) -> None:
    add_account(cli, "zhouqi")
    number = drafted_case(cli)  # the default agency's (demo), not the statistics bureau's
    token = sign_in(client, "zhouqi")
    page = client.get(f"/console/cases/{number}")
    assert page.status_code == 404
    assert f"未找到案件「{number}」" in page.text
    assert client.get(f"/console/cases/{number}/letters/1/pages/1.png").status_code == 404
    before = dump(home)
    decided = client.post(
        f"/console/cases/{number}/decide/return",
        data={"csrf_token": token, "version": "2", "comment": "越权退回"},
    )
    assert decided.status_code == 404
    assert dump(home) == before
    assert number not in client.get("/console/").text


def test_failed_sign_ins_lock_the_account_and_are_logged_without_the_password(
    client: TestClient, cli: CliInvoke, caplog: pytest.LogCaptureFixture
) -> None:
    add_account(cli, "lisi")
    caplog.set_level(logging.INFO, logger="casework.console")
    for attempt in range(5):  # [http] console_max_failures, default 5
        form = client.get("/console/signin")
        answer = client.post(
            "/console/signin",
            data={
                "user": "lisi",
                "password": f"wrong-{attempt}",
                "csrf_token": csrf_token(form.text),
            },
        )
        assert answer.status_code == 401
    assert "已被锁定" in answer.text
    form = client.get("/console/signin")
    locked = client.post(
        "/console/signin",
        data={"user": "lisi", "password": PASSWORD, "csrf_token": csrf_token(form.text)},
    )
    assert locked.status_code == 401 and "已被锁定" in locked.text
    refused = [r for r in caplog.records if r.getMessage() == "console sign-in refused"]
    assert len(refused) == 6
    assert all(r.fields["user"] == "lisi" for r in refused)  # type: ignore[attr-defined]
    assert not any("wrong-" in str(r.__dict__) or PASSWORD in str(r.__dict__) for r in refused)
    listed = json.loads(cli("user", "list", "--json").output)
    assert (listed[0]["failed_attempts"], listed[0]["locked_at"] is not None) == (5, True)
    assert cli("user", "unlock", "lisi").exit_code == 0
    sign_in(client, "lisi")


def test_the_session_cookie_is_secure_httponly_strict_and_sign_out_ends_it(
    client: TestClient, cli: CliInvoke
) -> None:
    add_account(cli, "lisi")
    form = client.get("/console/signin")
    answer = client.post(
        "/console/signin",
        data={"user": "lisi", "password": PASSWORD, "csrf_token": csrf_token(form.text)},
        follow_redirects=False,
    )
    cookie = next(c for c in answer.headers.get_list("set-cookie") if "casework_console=" in c)
    flags = {part.strip().lower() for part in cookie.split(";")}
    assert {"httponly", "secure", "samesite=strict", "path=/console"} <= flags
    token = csrf_token(client.get("/console/").text)
    out = client.post("/console/signout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/console/signin"
    client.cookies.set("casework_console", cookie.split(";")[0].split("=", 1)[1])
    assert client.get("/console/", follow_redirects=False).status_code == 303


def test_without_tls_on_127_0_0_1_the_secure_flag_may_be_turned_off(
    home: Path, cli: CliInvoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = home / "config.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(
            "applications_per_minute = 5",
            "applications_per_minute = 5\nconsole_secure_cookie = false",
        ),
        encoding="utf-8",
    )
    add_account(cli, "lisi")
    with console_client(home, monkeypatch) as client:
        form = client.get("/console/signin")
        answer = client.post(
            "/console/signin",
            data={"user": "lisi", "password": PASSWORD, "csrf_token": csrf_token(form.text)},
            follow_redirects=False,
        )
    cookie = next(c for c in answer.headers.get_list("set-cookie") if "casework_console=" in c)
    assert "secure" not in cookie.lower() and "httponly" in cookie.lower()


def with_setting(home: Path, line: str) -> None:
    config = home / "config.toml"
    text = config.read_text(encoding="utf-8")
    marker = "applications_per_minute = 5"
    config.write_text(text.replace(marker, f"{marker}\n{line}"), encoding="utf-8")


def test_the_proxys_user_header_is_ignored_unless_configured(client: TestClient) -> None:
    answer = client.get("/console/", headers={"X-Remote-User": "lisi"}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/console/signin"


def test_a_configured_proxy_header_signs_its_user_in_and_only_a_configured_user(
    home: Path, cli: CliInvoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_setting(home, 'console_user_header = "X-Remote-User"')
    number = drafted_case(cli)
    with console_client(home, monkeypatch) as client:
        first = client.get("/console/", headers={"X-Remote-User": "lisi"}, follow_redirects=False)
        assert first.status_code == 303 and first.headers["location"] == "/console/"
        assert "casework_console=" in first.headers["set-cookie"]
        queue = client.get("/console/", headers={"X-Remote-User": "lisi"})
        assert "当前用户：lisi" in queue.text and number in queue.text
        # The proxy now names someone else: the lisi session does not act for them.
        other = client.get("/console/", headers={"X-Remote-User": "wangwu"})
        assert "当前用户：wangwu" in other.text
        unknown = client.get("/console/", headers={"X-Remote-User": "zhaoliu"})
        assert unknown.status_code == 401 and "用户名或密码不正确" in unknown.text
