"""A spam online submission (state ``submitted``, never received: Reg. art. 31 item 3) is
voided with its reason, at the command line or over the staff API, and counts in no annual
report; the journal keeps it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.conftest import CliInvoke
from tests.support.http import APPLICATION
from tests.support.staff_api import NOW, act, bearer, staff_client

SPAM = {**APPLICATION, "description": "优惠办证，刷单兼职，详询微信"}


@pytest.fixture
def client(home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("CASEWORK_NOW", NOW)
    with staff_client(home) as test_client:
        yield test_client


def token(cli: CliInvoke, user: str) -> dict[str, str]:
    return bearer(cli("token", "create", user))


def submitted(client: TestClient, auth: dict[str, str], body: dict[str, Any]) -> tuple[str, str]:
    code = client.post("/api/v1/applications", json=body).json()["query_code"]
    shown = client.get(f"/api/v1/cases/{code}", headers=auth)
    assert shown.json()["state"] == "submitted"
    return shown.json()["number"], shown.headers["ETag"]


def annual_totals(cli: CliInvoke) -> dict[str, Any]:
    data = json.loads(cli("report", "annual", "--year", "2026", "--json").output)
    return {row["key"]: row["total"] for row in data["table3"] if row["key"] in ("1", "3.7", "4")}


def test_a_spam_submission_is_voided_over_the_api_and_never_counts(
    client: TestClient, cli: CliInvoke
) -> None:
    auth = token(cli, "zhangsan")
    genuine, etag = submitted(client, auth, APPLICATION)
    assert act(client, auth, genuine, "confirm", etag).status_code == 200
    spam, etag = submitted(client, auth, SPAM)
    allowed = client.get(f"/api/v1/cases/{spam}", headers=auth).json()["allowed_commands"]
    assert sorted(a["action"] for a in allowed) == ["confirm", "void"]
    bare = act(client, auth, spam, "void", etag)
    assert (bare.status_code, bare.json()["error"]["field"]) == (422, "reason")
    voided = act(client, auth, spam, "void", etag, reason="广告信息，不是政府信息公开申请")
    assert voided.status_code == 200, voided.text
    assert voided.json()["case"]["state"] == "voided"
    assert voided.json()["event"]["data"]["reason"] == "广告信息，不是政府信息公开申请"
    assert annual_totals(cli) == {"1": 1, "3.7": 0, "4": 1}
    history = json.loads(cli("history", spam, "--json").output)["events"]
    assert [e["action"] for e in history] == ["submit", "void"]
    code = voided.json()["case"]["query_code"]
    status = client.get("/api/v1/status", params={"code": code, "name": "张三"}).json()
    assert status["state"] == "已作废（登记有误）"


def test_a_spam_submission_is_voided_at_the_command_line(
    client: TestClient, cli: CliInvoke
) -> None:
    auth = token(cli, "zhangsan")
    spam, _etag = submitted(client, auth, SPAM)
    refused = cli("void", spam)
    assert refused.exit_code == 1 and "必须写明作废理由" in refused.output
    done = cli("void", spam, "--reason", "重复提交的广告")
    assert done.exit_code == 0, done.output
    assert "已作废" in done.output
    assert json.loads(cli("show", spam, "--json").output)["state"] == "voided"
    assert annual_totals(cli) == {"1": 0, "3.7": 0, "4": 0}
