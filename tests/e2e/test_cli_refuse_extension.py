"""``casework refuse-extension`` through the CLI and the staff API (Reg. art. 33 para. 2): the
head's refusal under their own identity, its required --reason, and the unchanged period."""

from __future__ import annotations

import json
from pathlib import Path

from starlette.testclient import TestClient

from tests.conftest import CliInvoke, dump
from tests.e2e.test_http_staff_api import act, client, register, token

__all__ = ["client"]  # the fixture, shared with the staff API's tests


def registered(cli: CliInvoke) -> str:
    result = cli(
        "register", "--applicant", "张三", "--applicant-type", "natural", "--channel",
        "in-person", "--received-on", "2026-11-02", "--description", "2025年度部门预算",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return str(result.output.strip().splitlines()[-1])


def test_the_head_refuses_a_request_and_the_due_date_stays(cli: CliInvoke) -> None:
    number = registered(cli)
    due = json.loads(cli("show", number, "--json").output)["reply_due_on"]
    asked = cli("extend", number, "--days", "10", "--reason", "需调取档案")
    assert asked.exit_code == 0, asked.output
    by_clerk = cli("refuse-extension", number, "--reason", "不同意")
    assert by_clerk.exit_code == 1 and "须由政府信息公开工作机构负责人办理" in by_clerk.output
    refused = cli("refuse-extension", number, "--reason", "档案可在期限内调取", user="wangwu")
    assert refused.exit_code == 0, refused.output
    shown = json.loads(cli("show", number, "--json").output)
    assert shown["reply_due_on"] == due
    last = json.loads(cli("history", number, "--json").output)["events"][-1]
    assert (last["action"], last["actor"], last["data"]["reason"]) == (
        "refuse-extension",
        "wangwu",
        "档案可在期限内调取",
    )
    again = cli("refuse-extension", number, "--reason", "再次", user="wangwu")
    assert again.exit_code == 1 and "没有待批准的延期申请" in again.output


def test_a_refusal_without_a_reason_is_refused_naming_the_option(
    cli: CliInvoke, home: Path
) -> None:
    number = registered(cli)
    assert cli("extend", number, "--days", "10", "--reason", "需调取档案").exit_code == 0
    before = dump(home)
    missing = cli("refuse-extension", number, user="wangwu")
    assert missing.exit_code == 1 and "--reason" in missing.output
    blank = cli("refuse-extension", number, "--reason", "   ", user="wangwu")
    assert blank.exit_code == 1 and "--reason（理由）" in blank.output
    assert dump(home) == before


def test_the_staff_api_refuses_under_the_heads_own_token(
    client: TestClient, cli: CliInvoke
) -> None:
    clerk, head = token(cli, "zhangsan"), token(cli, "wangwu")
    number, etag = register(client, clerk)
    asked = act(client, clerk, number, "extend", etag, days="15", reason="需调取档案")
    assert asked.status_code == 200, asked.text
    etag = asked.headers["ETag"]
    by_clerk = act(client, clerk, number, "refuse-extension", etag, reason="不同意")
    assert by_clerk.status_code == 403, by_clerk.text
    bare = act(client, head, number, "refuse-extension", etag)
    assert bare.status_code == 422 and bare.json()["error"]["field"] == "reason"
    refused = act(client, head, number, "refuse-extension", etag, reason="理由不充分")
    assert refused.status_code == 200, refused.text
    event = refused.json()["event"]
    assert (event["action"], event["actor"], event["identity"]) == (
        "refuse-extension",
        "wangwu",
        "token",
    )
    assert refused.json()["case"]["reply_due_on"] == asked.json()["case"]["reply_due_on"]
