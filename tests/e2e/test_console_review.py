"""The review console's work (issue 20), in process: the queue per role, the case page with
the letter's page images and findings, and the decisions as the signed-in person through the
same services — a comment required to return, four-eyes, the checker's veto, the head's
extension decisions, a stale page refused as a conflict."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from casework.resources import data_path
from tests.conftest import CliInvoke, dump
from tests.support.console import add_account, console_client, drafted_case, register, sign_in


@pytest.fixture
def client(home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    with console_client(home, monkeypatch) as made:
        yield made


def shown(cli: CliInvoke, number: str) -> dict[str, Any]:
    view: dict[str, Any] = json.loads(cli("show", number, "--json").output)
    return view


def last_event(cli: CliInvoke, number: str) -> dict[str, Any]:
    event: dict[str, Any] = json.loads(cli("history", number, "--json").output)["events"][-1]
    return event


def decide(client: TestClient, token: str, number: str, action: str, **form: str) -> Any:
    data = {"csrf_token": token, **form}
    return client.post(f"/console/cases/{number}/decide/{action}", data=data)


def test_the_reviewer_reads_the_draft_as_page_images_beside_the_findings(
    client: TestClient, cli: CliInvoke, home: Path
) -> None:
    add_account(cli, "lisi")
    number = drafted_case(cli)
    sign_in(client, "lisi")
    queue = client.get("/console/")
    assert f'href="/console/cases/{number}?agency=demo"' in queue.text
    assert "审签" in queue.text
    page = client.get(f"/console/cases/{number}")
    assert page.status_code == 200
    assert "政府信息公开申请答复书（草稿）" in page.text
    assert "<strong>事实与检索过程</strong>" in page.text and 'id="approve"' in page.text
    assert "期限计算过程" in page.text and "2025年度部门预算" in page.text
    # A finding quoting the letter points at the page holding that passage.
    findings = page.text.split('id="findings-2"')[1].split("</ul>")[0]
    applicant = next(line for line in findings.splitlines() if "<strong>申请人</strong>" in line)
    assert 'href="#page-2-1">（第 1 页）</a>' in applicant
    image = client.get(f"/console/cases/{number}/letters/2/pages/1.png")
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    before = dump(home)
    client.get(f"/console/cases/{number}")  # the stored images serve the second view
    assert dump(home) == before


def test_a_return_needs_a_comment_and_is_journalled_as_the_signed_in_reviewer(
    client: TestClient, cli: CliInvoke, home: Path
) -> None:
    add_account(cli, "lisi")
    number = drafted_case(cli)
    token = sign_in(client, "lisi")
    client.get(f"/console/cases/{number}")  # the first view stores the page images
    before = dump(home)
    empty = decide(client, token, number, "return", version="2", comment="  ")
    assert empty.status_code == 422
    assert "退回意见：必须填写" in empty.text
    assert dump(home) == before
    returned = decide(client, token, number, "return", version="2", comment="检索过程写得不够具体")
    assert returned.status_code == 200 and "已办理：退回修改" in returned.text
    event = last_event(cli, number)
    assert (event["action"], event["actor"], event["identity"]) == ("return", "lisi", "console")
    assert event["data"]["comment"] == "检索过程写得不够具体"
    assert shown(cli, number)["state"] == "registered"


def test_the_reviewer_approves_and_a_stale_page_is_refused_as_a_conflict(
    client: TestClient, cli: CliInvoke
) -> None:
    add_account(cli, "lisi")
    number = drafted_case(cli)
    token = sign_in(client, "lisi")
    stale = decide(client, token, number, "approve", version="1")
    assert stale.status_code == 409 and "案件已被他人修改，请刷新后重试" in stale.text
    approved = decide(client, token, number, "approve", version="2")
    assert approved.status_code == 200 and "已办理：审签" in approved.text
    event = last_event(cli, number)
    assert (event["action"], event["actor"], event["identity"]) == ("approve", "lisi", "console")


def test_the_drafter_is_offered_no_approval_and_a_forged_one_is_refused_by_the_service(
    client: TestClient, cli: CliInvoke, home: Path
) -> None:
    add_account(cli, "wangwu")
    number = drafted_case(cli, user="wangwu")  # the head drafted it himself
    token = sign_in(client, "wangwu")
    page = client.get(f"/console/cases/{number}")
    assert 'id="approve"' not in page.text
    before = dump(home)
    forged = decide(client, token, number, "approve", version="2")
    assert forged.status_code == 409
    assert "审签" in forged.text and 'role="alert"' in forged.text
    assert dump(home) == before


def test_a_draft_failing_the_checker_shows_why_and_offers_no_approval(
    client: TestClient, cli: CliInvoke, home: Path, tmp_path: Path
) -> None:
    from docx import Document

    templates = tmp_path / "templates"
    shutil.copytree(data_path("templates"), templates)
    reply = Document(str(templates / "replies" / "reply.docx"))
    remedy = next(p for p in reply.paragraphs if p.text == "{{ remedy }}")
    remedy._element.getparent().remove(remedy._element)
    reply.save(str(templates / "replies" / "reply.docx"))
    config = home / "config.toml"
    config.write_text(
        f'templates_dir = "{templates}"\n' + config.read_text(encoding="utf-8"), encoding="utf-8"
    )
    add_account(cli, "lisi")
    number = drafted_case(cli)
    token = sign_in(client, "lisi")
    page = client.get(f"/console/cases/{number}")
    assert 'id="draft-blocked"' in page.text and "救济途径" in page.text
    assert 'id="approve"' not in page.text and 'id="return"' in page.text
    forged = decide(client, token, number, "approve", version="2")
    assert "答复书草稿未通过要素检查，不能审签" in forged.text
    assert shown(cli, number)["state"] == "reviewing"


def test_the_head_sees_a_pending_extension_and_approves_it(
    client: TestClient, cli: CliInvoke
) -> None:
    add_account(cli, "wangwu")
    add_account(cli, "lisi")
    number = register(cli)
    asked = cli("extend", number, "--days", "15", "--reason", "需调阅档案")
    assert asked.exit_code == 0, asked.output
    token = sign_in(client, "lisi")
    assert number not in client.get("/console/").text  # extensions are the head's (art. 33)
    lisi_page = client.get(f"/console/cases/{number}")
    assert 'id="approve-extension"' not in lisi_page.text
    client.post("/console/signout", data={"csrf_token": token})
    token = sign_in(client, "wangwu")
    assert "延期审批" in client.get("/console/").text
    page = client.get(f"/console/cases/{number}")
    assert "申请延期 15 个工作日；理由：需调阅档案" in page.text
    due_before = shown(cli, number)["reply_due_on"]
    version = re.search(r'name="version" value="(\d+)"', page.text)
    assert version is not None
    approved = decide(client, token, number, "approve-extension", version=version.group(1))
    assert approved.status_code == 200 and "已办理：批准延期" in approved.text
    assert shown(cli, number)["reply_due_on"] > due_before
    event = last_event(cli, number)
    assert (event["action"], event["actor"], event["identity"]) == (
        "approve-extension",
        "wangwu",
        "console",
    )


def test_the_head_refuses_an_extension_only_with_a_reason(
    client: TestClient, cli: CliInvoke
) -> None:
    add_account(cli, "wangwu")
    number = register(cli)
    assert cli("extend", number, "--days", "15", "--reason", "需调阅档案").exit_code == 0
    token = sign_in(client, "wangwu")
    empty = decide(client, token, number, "refuse-extension", reason="")
    assert empty.status_code == 422 and "不予批准的理由：必须填写" in empty.text
    refused = decide(client, token, number, "refuse-extension", reason="理由不足")
    assert refused.status_code == 200 and "已办理：不予批准延期" in refused.text
    assert last_event(cli, number)["action"] == "refuse-extension"
