"""The staff API joined to the identity rules (issues 15 and 19): the token's user is the acting
person, journalled with the identity ``token``; ``issue`` only by a reviewer or the head, a
clerk's ``extend`` a request the head grants with ``approve-extension``, ``void`` with its
reason; and under an authenticated identity nobody creates a token for somebody else."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tests.conftest import CliInvoke
from tests.e2e.test_http_staff_api import SEARCH, act, client, register, token

__all__ = ["client"]  # the fixture, shared with the staff API's tests


def test_issue_needs_a_reviewer_or_the_head_and_the_journal_says_token(
    client: TestClient, cli: CliInvoke
) -> None:
    clerk, reviewer, head = token(cli, "zhangsan"), token(cli, "lisi"), token(cli, "wangwu")
    number, etag = register(client, clerk)
    drafted = act(
        client, clerk, number, "draft", etag, outcome="not_held", search_process=SEARCH,
        facts="经检索，本机关未制作该信息",
    )  # fmt: skip
    assert drafted.status_code == 200, drafted.text
    approved = act(client, reviewer, number, "approve", drafted.headers["ETag"])
    assert approved.status_code == 200, approved.text
    etag = approved.headers["ETag"]
    by_clerk = act(client, clerk, number, "issue", etag)
    assert by_clerk.status_code == 403, by_clerk.text
    assert by_clerk.json()["error"]["field"] == "user"
    issued = act(client, head, number, "issue", etag)
    assert issued.status_code == 200, issued.text
    history = json.loads(cli("history", number, "--json").output)["events"]
    api_entries = [(e["action"], e["actor"], e["identity"]) for e in history[1:]]
    assert api_entries == [
        ("draft", "zhangsan", "token"),
        ("approve", "lisi", "token"),
        ("issue", "wangwu", "token"),
    ]


def test_a_clerks_extension_is_a_request_the_head_grants_under_their_own_token(
    client: TestClient, cli: CliInvoke
) -> None:
    clerk, reviewer, head = token(cli, "zhangsan"), token(cli, "lisi"), token(cli, "wangwu")
    number, etag = register(client, clerk)
    asked = act(client, clerk, number, "extend", etag, days="15", reason="需调取档案")
    assert asked.status_code == 200, asked.text
    etag = asked.headers["ETag"]
    for auth in (clerk, reviewer):
        refused = act(client, auth, number, "approve-extension", etag)
        assert refused.status_code == 403, refused.text
    granted = act(client, head, number, "approve-extension", etag)
    assert granted.status_code == 200, granted.text
    assert (granted.json()["event"]["actor"], granted.json()["event"]["identity"]) == (
        "wangwu",
        "token",
    )
    shown = json.loads(cli("show", number, "--json").output)
    assert shown["reply_due_on"] != json.loads(asked.text)["case"]["reply_due_on"]


def test_a_registration_is_voided_over_the_api_with_its_reason(
    client: TestClient, cli: CliInvoke
) -> None:
    clerk = token(cli, "zhangsan")
    number, etag = register(client, clerk)
    bare = act(client, clerk, number, "void", etag)
    assert bare.status_code == 422, bare.text
    voided = act(client, clerk, number, "void", etag, reason="同一来信重复登记")
    assert voided.status_code == 200, voided.text
    assert voided.json()["case"]["state"] == "voided"


def test_under_an_authenticated_identity_a_token_is_made_only_for_oneself(home: Path) -> None:
    from casework.bootstrap import bootstrap
    from casework.errors import ActionNotAllowedError
    from casework.services.tokens import create_token, list_tokens

    app = bootstrap(home, "zhangsan")
    try:
        ctx = replace(app.context(), identity="database")
        with pytest.raises(ActionNotAllowedError, match="只能为本人创建令牌"):
            create_token(app.uow(), ctx, "wangwu")
        assert list_tokens(app.uow()) == []
        assert create_token(app.uow(), ctx, "zhangsan").token.user == "zhangsan"
        declared = replace(ctx, identity="declared")  # a shared workstation: declared anyway
        assert create_token(app.uow(), declared, "wangwu").token.user == "wangwu"
    finally:
        app.close()
