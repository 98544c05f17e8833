"""The re-draft in the review console (issue 20), in process: the clerk whose draft came back
signs in, finds it under 我的退回件, reads the reviewer's comment on the case page and re-drafts
in the form prefilled from the returned draft — through ``review.draft`` as the signed-in
person, the catalogue's required facts checked, a stale page, a missing CSRF token and another
agency's case refused with nothing stored."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.conftest import CliInvoke, dump
from tests.support.console import (
    SEARCH,
    add_account,
    console_client,
    drafted_case,
    sign_in,
    with_agency_user,
)

BETTER = "在公文系统和档案室中以“预算”为关键词检索了2025年1月至11月的收文、发文"


@pytest.fixture
def client(home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    with console_client(home, monkeypatch) as made:
        yield made


def returned_case(cli: CliInvoke) -> str:
    """A case drafted by zhangsan (not held, Reg. art. 36 item 4) and returned by lisi."""
    for user in ("zhangsan", "lisi"):
        add_account(cli, user)
    number = drafted_case(cli)
    made = cli("return", number, "--comment", "检索过程请写明检索的时间范围", user="lisi")
    assert made.exit_code == 0, made.output
    return number


def version_of(html: str) -> str:
    found = re.search(r'id="draft-form">\s*<input[^>]*>\s*<input type="hidden" name="version" '
                      r'value="(\d+)"', html)  # fmt: skip
    assert found is not None, html
    return found.group(1)


def history(cli: CliInvoke, number: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = json.loads(cli("history", number, "--json").output)["events"]
    return events


def redraft(client: TestClient, token: str, number: str, **form: str) -> Any:
    return client.post(f"/console/cases/{number}/draft", data={"csrf_token": token, **form})


def test_the_clerk_finds_the_returned_draft_and_re_drafts_it_in_the_console(
    client: TestClient, cli: CliInvoke
) -> None:
    number = returned_case(cli)
    token = sign_in(client, "zhangsan")
    queue = client.get("/console/")
    assert f'href="/console/cases/{number}?agency=demo#redraft"' in queue.text
    assert "我的退回件" in queue.text and "检索过程请写明检索的时间范围" in queue.text
    page = client.get(f"/console/cases/{number}")
    comment = page.text.split('id="returned-comment"')[1].split("</p>")[0]
    assert "退回意见</strong>：检索过程请写明检索的时间范围" in comment and "lisi" in comment
    # The returned draft's outcome chosen and its facts prefilled, labelled in Chinese.
    assert 'id="chosen-outcome">' in page.text and 'value="not_held" selected' in page.text
    assert f'name="search_process">{SEARCH}</textarea>' in page.text
    assert '<label for="fact-search_process">检索过程（必填）</label>' in page.text
    answer = redraft(
        client, token, number, version=version_of(page.text), outcome="not_held",
        search_process=BETTER, convenience="",
    )  # fmt: skip
    assert answer.status_code == 200 and "已办理：拟稿" in answer.text
    event = history(cli, number)[-1]
    assert (event["action"], event["actor"], event["identity"]) == ("draft", "zhangsan", "console")
    assert event["data"]["facts"]["search_process"] == BETTER
    assert "我的退回件" not in client.get("/console/").text


def test_choosing_another_outcome_is_a_get_step_showing_its_facts(
    client: TestClient, cli: CliInvoke
) -> None:
    number = returned_case(cli)
    sign_in(client, "zhangsan")
    page = client.get(f"/console/cases/{number}", params={"outcome": "already_public"})
    assert 'value="already_public" selected' in page.text
    assert '<label for="fact-published_at">主动公开的时间、载体和位置（必填）</label>' in page.text
    assert 'name="search_process"' not in page.text
    partial = client.get(f"/console/cases/{number}", params={"outcome": "partial"})
    assert '<select id="fact-ground" name="ground">' in partial.text
    unknown = client.get(f"/console/cases/{number}", params={"outcome": "nonsense"})
    assert unknown.status_code == 422 and "未知的办理结果「nonsense」" in unknown.text


def test_a_missing_required_fact_is_refused_in_chinese_and_the_form_keeps_what_was_typed(
    client: TestClient, cli: CliInvoke, home: Path
) -> None:
    number = returned_case(cli)
    token = sign_in(client, "zhangsan")
    page = client.get(f"/console/cases/{number}")
    before = dump(home)
    answer = redraft(
        client, token, number, version=version_of(page.text), outcome="not_held",
        search_process="  ", convenience="可到政务服务中心查阅",
    )  # fmt: skip
    assert answer.status_code == 422
    assert "办理结果「无法提供：经检索不存在」还须提供：检索过程" in answer.text
    assert 'value="not_held" selected' in answer.text
    assert 'name="convenience">可到政务服务中心查阅</textarea>' in answer.text
    assert dump(home) == before


def test_a_stale_page_is_a_conflict_and_a_post_without_csrf_is_refused(
    client: TestClient, cli: CliInvoke, home: Path
) -> None:
    number = returned_case(cli)
    token = sign_in(client, "zhangsan")
    page = client.get(f"/console/cases/{number}")
    version = version_of(page.text)
    before = dump(home)
    stale = redraft(
        client, token, number, version=str(int(version) - 1), outcome="not_held",
        search_process=BETTER,
    )  # fmt: skip
    assert stale.status_code == 409 and "案件已被他人修改，请刷新后重试" in stale.text
    forged = client.post(
        f"/console/cases/{number}/draft",
        data={"version": version, "outcome": "not_held", "search_process": BETTER},
    )
    assert forged.status_code == 403 and "防跨站请求令牌" in forged.text
    assert dump(home) == before


def test_another_agencys_case_is_not_found(
    cli: CliInvoke, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_agency_user(home)  # zhouqi works for the statistics bureau only
    number = returned_case(cli)
    add_account(cli, "zhouqi")
    with console_client(home, monkeypatch) as client:
        token = sign_in(client, "zhouqi")
        assert client.get(f"/console/cases/{number}").status_code == 404
        before = dump(home)
        answer = redraft(
            client, token, number, version="3", outcome="not_held", search_process=BETTER
        )
        assert answer.status_code == 404 and f"未找到案件「{number}」" in answer.text
        assert dump(home) == before
