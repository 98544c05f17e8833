"""How ``show`` states a case that ended without a reply: a voided registration (作废) says it
was voided, when and why, never 「办结」 and never an overdue reply period (it was no
application); a withdrawn one (撤回) says it was withdrawn.  The same in ``show --json`` and on
the public status page.  Today is 2026-06-30 (the status page's client: 2026-11-20)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.conftest import CliInvoke
from tests.e2e.test_cli_workflow_paths import new_case, run
from tests.e2e.test_http_public import client, clock, show, submit

__all__ = ["client", "clock", "run"]  # fixtures, imported for pytest


def status_step(view: dict[str, Any]) -> str:
    return str(next(step["text"] for step in view["derivation"] if step["kind"] == "status"))


def test_a_voided_case_says_it_was_voided_with_date_and_reason_not_concluded(
    run: CliInvoke,
) -> None:
    number = new_case(run)
    run("void", number, "--reason", "同一申请重复登记")
    text = run("show", number).output
    assert "办结" not in text
    assert "已于 2026-06-30 作废登记（不是政府信息公开申请）；理由：同一申请重复登记" in text
    assert "登记已作废，不计算答复期限" in text and "已超过答复期限" not in text
    view = json.loads(run("show", number, "--json").output)
    assert view["ending"] == {
        "kind": "voided",
        "label": "已作废",
        "on": "2026-06-30",
        "reason": "同一申请重复登记",
        "how": None,
        "text": "已于 2026-06-30 作废登记（不是政府信息公开申请）；理由：同一申请重复登记",
    }
    assert status_step(view) == (
        "已于 2026-06-30 作废登记：该登记不是政府信息公开申请，不计算答复期限"
    )


def test_a_withdrawn_case_says_it_was_withdrawn_how_and_why(run: CliInvoke) -> None:
    number = new_case(run)
    run("withdraw", number, "--reason", "申请人书面撤回", "--on", "2026-04-10", "--how", "written")
    text = run("show", number).output
    assert "办结" not in text
    assert "申请人已于 2026-04-10 撤回申请（书面）；理由：申请人书面撤回" in text
    assert "2026-04-30（申请已撤回）" in text
    view = json.loads(run("show", number, "--json").output)
    assert (view["ending"]["kind"], view["ending"]["on"], view["ending"]["how"]) == (
        "withdrawn",
        "2026-04-10",
        "written",
    )
    assert status_step(view) == "已于 2026-04-10 撤回申请；撤回时尚余 14 个工作日"
    # Archived afterwards, the case still says how it ended.
    run("archive", number, "--on", "2026-04-13")
    assert "撤回申请（书面）" in run("show", number).output


def test_a_replied_case_still_says_it_concluded(run: CliInvoke) -> None:
    from tests.e2e.test_cli_workflow_paths import decide

    number = new_case(run)
    decide(run, number, "2026-04-20")
    view = json.loads(run("show", number, "--json").output)
    assert view["ending"] is None
    assert status_step(view).startswith("已于 2026-04-20 办结；")


@pytest.mark.parametrize(
    ("command", "state", "note"),
    [
        (("void", "--reason", "试录入"), "已作废（登记有误）", "该登记已作废"),
        (("withdraw", "--how", "online"), "已撤回", "申请已撤回"),
    ],
)
def test_the_status_page_shows_no_reply_date_for_a_voided_or_withdrawn_case(
    client: TestClient, cli: CliInvoke, command: tuple[str, ...], state: str, note: str
) -> None:
    code = submit(client).json()["query_code"]
    number = show(cli, code)["number"]
    assert cli("confirm", number, "--on", "2026-11-20").exit_code == 0
    done = cli(command[0], number, *command[1:])
    assert done.exit_code == 0, done.output
    status = client.get("/api/v1/status", params={"code": code, "name": "张三"}).json()
    assert (status["state"], status["reply_due_on"], status["replied"]) == (state, None, False)
    assert note in status["due_note"]
