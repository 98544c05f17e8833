"""Issue 20 through the CLI: ``return --comment`` and ``refuse-extension`` reach the person
concerned in ``todo`` and ``alerts`` (CASEWORK_NOW 2026-11-20, see tests/conftest.py)."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import CliInvoke

DRAFT = ("--outcome", "disclose", "--facts", "经审查，所申请信息可以公开", "--access", "当面领取")


def ok(cli: CliInvoke, *args: str, user: str = "zhangsan") -> Any:
    result = cli(*args, user=user)
    assert result.exit_code == 0, result.output
    return result


def registered(cli: CliInvoke) -> str:
    result = ok(
        cli, "register", "--applicant", "张三", "--applicant-type", "natural", "--channel",
        "in-person", "--received-on", "2026-11-02", "--description", "2025年度部门预算",
    )  # fmt: skip
    return str(result.output.strip().splitlines()[-1])


def test_the_drafter_sees_the_return_in_todo_and_alerts_until_drafting_again(
    cli: CliInvoke,
) -> None:
    number = registered(cli)
    ok(cli, "draft", number, *DRAFT, "--on", "2026-11-10")
    ok(
        cli,
        "return",
        number,
        "--comment",
        "请补充获取信息的具体时间",
        "--on",
        "2026-11-11",
        user="lisi",
    )
    expected = "退回修改：请补充获取信息的具体时间（lisi，2026-11-11）"
    todo = ok(cli, "todo").output
    assert "提示：" in todo and f"案件 {number}：{expected}" in todo
    listed = json.loads(ok(cli, "alerts", "--json").output)
    returned = [a for a in listed if a["kind"] == "returned"]
    assert [(a["case"], a["level"], a["message"]) for a in returned] == [
        (number, "notice", f"案件 {number}：{expected}")
    ]
    assert "退回修改" in ok(cli, "alerts").output
    (view,) = json.loads(ok(cli, "todo", "--json").output)
    assert [n["message"] for n in view["notices"]] == [f"案件 {number}：{expected}"]
    ok(cli, "draft", number, *DRAFT, "--on", "2026-11-12")
    assert "退回修改" not in ok(cli, "todo").output
    assert not [
        a for a in json.loads(ok(cli, "alerts", "--json").output) if a["kind"] == "returned"
    ]


def test_a_colleagues_returned_draft_is_in_the_colleagues_todo(cli: CliInvoke) -> None:
    number = registered(cli)  # handled by zhangsan
    ok(cli, "draft", number, *DRAFT, "--on", "2026-11-10", user="lisi")
    ok(cli, "return", number, "--comment", "请核对文号", "--on", "2026-11-11", user="wangwu")
    (view,) = json.loads(ok(cli, "todo", "--json", user="lisi").output)
    assert view["number"] == number and view["handler"] == "zhangsan"
    assert "请核对文号" in view["notices"][0]["message"]
    mine = json.loads(ok(cli, "todo", "--json").output)
    assert [(v["number"], v["notices"]) for v in mine] == [(number, [])]


def test_the_clerk_who_asked_sees_the_refused_extension(cli: CliInvoke) -> None:
    number = registered(cli)
    ok(cli, "extend", number, "--days", "10", "--reason", "需调取档案", "--on", "2026-11-12")
    ok(cli, "refuse-extension", number, "--reason", "档案可按期调取", "--on", "2026-11-13",
       user="wangwu")  # fmt: skip
    todo = ok(cli, "todo").output
    assert "延期申请未获同意：档案可按期调取（wangwu，2026-11-13）" in todo
    assert "答复期限仍为 2026-11-30" in todo
    kinds = [a["kind"] for a in json.loads(ok(cli, "alerts", "--json").output)]
    assert "extension_refused" in kinds
