"""The staff API (issue 19): per-user tokens, the clerk commands under /api/v1/cases as the
token's user with the CLI's roles and four-eyes rule, the same JSON as --json, and the case
version as ETag / If-Match."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.conftest import CliInvoke
from tests.support.http import APPLICATION

NOW = "2026-11-20T09:30:00+08:00"
REGISTRATION = {**APPLICATION, "channel": "in-person", "received_on": "2026-11-16"}
CONFLICT = "案件已被他人修改，请刷新后重试"
# Reg. art. 36 item 4: the search process names its keywords (the letters checker asks).
SEARCH = "在档案室和公文系统中以“预算”为关键词检索了2025年以来的收文、发文记录"


@pytest.fixture
def client(home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    from casework.bootstrap import bootstrap
    from casework.entrypoints.http.app import create_app

    monkeypatch.setenv("CASEWORK_NOW", NOW)
    app = bootstrap(home, "zhangsan")
    with TestClient(create_app(app)) as test_client:
        yield test_client
    app.close()


def token(cli: CliInvoke, user: str, *options: str) -> dict[str, str]:
    made = cli("token", "create", user, *options)
    assert made.exit_code == 0, made.output
    return {"Authorization": f"Bearer {made.stdout.strip()}"}


def register(client: TestClient, auth: dict[str, str]) -> tuple[str, str]:
    answer = client.post("/api/v1/cases", json=REGISTRATION, headers=auth)
    assert answer.status_code == 201, answer.text
    return answer.json()["number"], answer.headers["ETag"]


def act(
    client: TestClient, auth: dict[str, str], number: str, action: str, etag: str, **body: Any
) -> Any:
    headers = {**auth, "If-Match": etag}
    return client.post(f"/api/v1/cases/{number}/{action}", json=body, headers=headers)


def test_tokens_are_stored_as_hashes_listed_without_the_secret_and_revocable(
    client: TestClient, cli: CliInvoke, home: Path
) -> None:
    auth = token(cli, "lisi", "--expires", "2027-01-31")
    secret = auth["Authorization"].removeprefix("Bearer ")
    assert secret.encode() not in (home / "casework.db").read_bytes()
    assert client.get("/api/v1/cases", headers=auth).status_code == 200
    listed = json.loads(cli("token", "list", "--json").output)
    assert [(t["id"], t["user"], t["status"], t["expires_on"]) for t in listed] == [
        (1, "lisi", "有效", "2027-01-31")
    ]
    assert secret not in cli("token", "list").output
    assert cli("token", "revoke", "1").exit_code == 0
    refused = client.get("/api/v1/cases", headers=auth)
    assert refused.status_code == 401
    assert refused.headers["WWW-Authenticate"] == "Bearer"
    assert refused.json()["error"]["code"] == "unauthenticated"
    assert json.loads(cli("token", "list", "--json").output)[0]["status"] == "已撤销"


def test_a_token_for_an_unconfigured_user_or_a_past_date_is_refused(cli: CliInvoke) -> None:
    unknown = cli("token", "create", "zhaoliu")
    assert unknown.exit_code == 1
    assert "USER（用户）：「zhaoliu」不是配置的用户" in unknown.output
    past = cli("token", "create", "lisi", "--expires", "2026-11-19")
    assert past.exit_code == 1
    assert "--expires（有效期至）：不能早于今天" in past.output
    far = cli("token", "create", "lisi", "--expires", "2027-11-22")
    assert far.exit_code == 1
    assert "--expires（有效期至）：最长 366 天" in far.output
    assert json.loads(cli("token", "list", "--json").output) == []


def test_an_expired_token_or_none_is_refused(
    client: TestClient, cli: CliInvoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    auth = token(cli, "lisi", "--expires", "2026-11-20")
    assert client.get("/api/v1/cases", headers=auth).status_code == 200
    monkeypatch.setenv("CASEWORK_NOW", "2026-11-21T00:00:01+08:00")
    assert client.get("/api/v1/cases", headers=auth).status_code == 401
    assert client.get("/api/v1/cases").status_code == 401
    assert client.get("/api/v1/cases", headers={"Authorization": "Bearer x"}).status_code == 401


def test_reads_return_the_json_of_the_commands_with_the_version_as_etag(
    client: TestClient, cli: CliInvoke
) -> None:
    auth = token(cli, "zhangsan")
    number, etag = register(client, auth)
    shown = client.get(f"/api/v1/cases/{number}", headers=auth)
    assert shown.headers["ETag"] == etag
    command = json.loads(cli("show", number, "--json").output)
    api = shown.json()
    assert {k: v for k, v in api.items() if k != "allowed_commands"} == {
        k: v for k, v in command.items() if k != "allowed_commands"
    }
    assert {"action": "draft", "command": f"POST /api/v1/cases/{number}/draft"} in api[
        "allowed_commands"
    ]
    history = client.get(f"/api/v1/cases/{number}/history", headers=auth).json()
    assert history == json.loads(cli("history", number, "--json").output)
    listed = client.get("/api/v1/cases", params={"state": "registered"}, headers=auth).json()
    assert listed == json.loads(cli("list", "--state", "registered", "--json").output)
    missing = client.get("/api/v1/cases/2026-0099", headers=auth)
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "not_found")


def test_writes_need_if_match_and_a_stale_version_is_a_conflict(
    client: TestClient, cli: CliInvoke
) -> None:
    auth = token(cli, "zhangsan")
    number, etag = register(client, auth)
    bare = client.post(f"/api/v1/cases/{number}/consult", json={}, headers=auth)
    assert (bare.status_code, bare.json()["error"]["field"]) == (428, "If-Match")
    consulted = act(
        client,
        auth,
        number,
        "consult",
        etag,
        party="示例公司",
        party_kind="third-party",
        concern="该公司的报价明细，公开可能损害其商业利益",
    )
    assert consulted.status_code == 200, consulted.text
    assert consulted.headers["ETag"] != etag
    assert consulted.json()["event"]["action"] == "consult"
    stale = act(
        client,
        auth,
        number,
        "consult",
        etag,
        party="乙公司",
        party_kind="third-party",
        concern="该公司的报价明细，公开可能损害其商业利益",
    )
    assert stale.status_code == 409
    assert stale.json()["error"] == {"code": "conflict", "field": None, "message": CONFLICT}
    history = json.loads(cli("history", number, "--json").output)["events"]
    assert [e["action"] for e in history] == ["register", "consult"]


def test_the_token_user_acts_with_the_roles_and_four_eyes_of_the_cli(
    client: TestClient, cli: CliInvoke
) -> None:
    clerk, reviewer = token(cli, "zhangsan"), token(cli, "lisi")
    number, etag = register(client, clerk)
    drafted = act(
        client, clerk, number, "draft", etag, outcome="not_held", search_process=SEARCH,
        facts="经检索，本机关未制作该信息", on="2026-11-19",
    )  # fmt: skip
    assert drafted.status_code == 200, drafted.text
    etag = drafted.headers["ETag"]
    # The reviewer's queue lists the draft for lisi, not for its drafter (four eyes).
    queue = client.get("/api/v1/queue", headers=reviewer)
    assert queue.status_code == 200, queue.text
    assert [(i["reference"], i["kind"]) for i in queue.json()] == [(number, "draft")]
    assert queue.json() == json.loads(cli("queue", "--json", user="lisi").output)
    assert client.get("/api/v1/queue", headers=clerk).json() == []
    own = act(client, clerk, number, "approve", etag)
    assert own.status_code == 403
    assert own.json()["error"]["field"] == "user"
    assert "审核人" in own.json()["error"]["message"]
    approved = act(client, reviewer, number, "approve", etag)
    assert approved.status_code == 200, approved.text
    assert approved.json()["event"]["actor"] == "lisi"
    # The token authenticated the person (issue 15's journal column, issue 19's source).
    assert approved.json()["event"]["identity"] == "token"
    issued = act(client, reviewer, number, "issue", approved.headers["ETag"], on="2026-11-20")
    assert issued.status_code == 200, issued.text
    assert issued.json()["case"]["state"] == "replied"
    code = issued.json()["case"]["query_code"]
    status = client.get("/api/v1/status", params={"code": code, "name": "张三"}).json()
    assert status["replied"] is True
    assert (status["reply_number"], status["replied_on"]) == (
        issued.json()["case"]["reply_number"],
        "2026-11-20",
    )


def test_an_online_application_is_confirmed_over_the_api(
    client: TestClient, cli: CliInvoke
) -> None:
    auth = token(cli, "zhangsan")
    code = client.post("/api/v1/applications", json=APPLICATION).json()["query_code"]
    shown = client.get(f"/api/v1/cases/{code}", headers=auth)
    number, etag = shown.json()["number"], shown.headers["ETag"]
    # Confirm it, or void it when it is spam (no application: Reg. art. 31 item 3).
    assert shown.json()["allowed_commands"] == [
        {"action": "void", "command": f"POST /api/v1/cases/{number}/void"},
        {"action": "confirm", "command": f"POST /api/v1/cases/{number}/confirm"},
    ]
    confirmed = act(client, auth, number, "confirm", etag)
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["case"]["received_on"] == "2026-11-20"
    again = act(client, auth, number, "confirm", confirmed.headers["ETag"])
    assert (again.status_code, again.json()["error"]["code"]) == (409, "action_not_allowed")


def test_bad_action_input_gets_the_chinese_message_and_its_field(
    client: TestClient, cli: CliInvoke
) -> None:
    auth = token(cli, "zhangsan")
    number, etag = register(client, auth)
    bad_date = act(client, auth, number, "consult", etag, party="甲", party_kind="x", on="4/1")
    assert (bad_date.status_code, bad_date.json()["error"]["field"]) == (422, "on")
    bad_kind = act(client, auth, number, "consult", etag, party="甲", party_kind="x")
    assert bad_kind.status_code == 422
    assert bad_kind.json()["error"]["field"] == "party_kind"
    assert bad_kind.json()["error"]["message"].startswith("征求对象类型：可选")
    unknown = act(client, auth, number, "teleport", etag)
    assert unknown.status_code == 404


def test_a_case_runs_its_whole_course_over_the_api(client: TestClient, cli: CliInvoke) -> None:
    clerk, reviewer = token(cli, "zhangsan"), token(cli, "lisi")
    number, etag = register(client, clerk)

    def step(auth: dict[str, str], action: str, **body: Any) -> None:
        nonlocal etag
        answer = act(client, auth, number, action, etag, **body)
        assert answer.status_code == 200, (action, answer.text)
        etag = answer.headers["ETag"]

    facts = {"outcome": "not_held", "search_process": SEARCH, "facts": "本机关未制作"}
    step(clerk, "draft", **facts)
    step(reviewer, "return", reason="检索过程不完整")
    step(clerk, "draft", **{**facts, "search_process": SEARCH + "，并检索了OA系统"})
    step(reviewer, "approve")
    step(reviewer, "issue")
    step(clerk, "deliver", method="in-person", signed_on="2026-11-20")
    step(clerk, "archive")
    history = json.loads(cli("history", number, "--json").output)["events"]
    assert [(e["action"], e["actor"]) for e in history] == [
        ("register", "zhangsan"),
        ("draft", "zhangsan"),
        ("return", "lisi"),
        ("draft", "zhangsan"),
        ("approve", "lisi"),
        ("issue", "lisi"),
        ("deliver", "zhangsan"),
        ("archive", "zhangsan"),
    ]
    code = json.loads(cli("show", number, "--json").output)["query_code"]
    status = client.get("/api/v1/status", params={"code": code, "name": "张三"}).json()
    assert (status["state"], status["replied"]) == ("已办结", True)


def test_a_missing_required_field_or_a_bad_number_is_named(
    client: TestClient, cli: CliInvoke
) -> None:
    auth = token(cli, "zhangsan")
    number, etag = register(client, auth)
    missing = act(client, auth, number, "return", etag)
    assert missing.status_code == 422
    assert missing.json()["error"] == {
        "code": "validation",
        "field": "reason",
        "message": "必须填写",
    }
    days = act(
        client, auth, number, "extend", etag, days="二十", reason="需要", approved_by="wangwu"
    )
    assert (days.status_code, days.json()["error"]["field"]) == (422, "days")
    unknown = act(client, auth, number, "approve", etag, reviewer="lisi")
    assert (unknown.status_code, unknown.json()["error"]["field"]) == (422, "reviewer")


def test_the_fee_actions_take_the_commands_option_names(client: TestClient, cli: CliInvoke) -> None:
    auth = token(cli, "zhangsan")
    number, etag = register(client, auth)
    noticed = act(client, auth, number, "notify-fee", etag, method="per-page", pages="150")
    assert noticed.status_code == 200, noticed.text
    amount = noticed.json()["event"]["data"]["amount"]
    assert noticed.json()["case"]["state"] == "awaiting_fee"
    payment = {"receipt": "0012345", "paid_by": "bank-transfer"}
    etag = noticed.headers["ETag"]
    wrong = act(client, auth, number, "record-payment", etag, amount="80", **payment)
    assert (wrong.status_code, wrong.json()["error"]["field"]) == (422, "amount")
    paid = act(client, auth, number, "record-payment", etag, amount=str(amount), **payment)
    assert paid.status_code == 200, paid.text
    assert paid.json()["event"]["data"]["receipt_number"] == "0012345"
    assert paid.json()["case"]["state"] == "registered"
