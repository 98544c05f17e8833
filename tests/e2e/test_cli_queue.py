"""``casework queue`` (issue 20): the reviewer's queue as a Chinese table and as JSON, for the
users of tests/conftest.py (zhangsan clerk, lisi reviewer, wangwu head and reviewer)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliInvoke, dump, write_home

NOW = "2026-04-22T10:00:00+08:00"
TJ_REVIEWER = """
[users.zhaoliu]
name = "赵六"
roles = ["reviewer"]
agencies = ["tj"]
"""


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return write_home(tmp_path / "home", extra=TJ_REVIEWER)


@pytest.fixture
def run(cli: CliInvoke, monkeypatch: pytest.MonkeyPatch) -> CliInvoke:
    monkeypatch.setenv("CASEWORK_NOW", NOW)

    def invoke(*args: str, user: str = "zhangsan", ok: bool = True) -> Any:
        result = cli(*args, user=user)
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return invoke


def new_case(run: CliInvoke, received_on: str, agency: str = "demo") -> str:
    registered = run(
        "register",
        "--applicant",
        "张三",
        "--applicant-type",
        "natural",
        "--channel",
        "in-person",
        "--received-on",
        received_on,
        "--description",
        "2025年度部门预算",
        "--agency",
        agency,
    )
    return str(registered.output.strip().splitlines()[-1])


def draft(run: CliInvoke, number: str, agency: str = "demo") -> None:
    run(
        "draft",
        number,
        "--outcome",
        "disclose",
        "--facts",
        "经审查，所申请信息可以公开",
        "--access",
        "随本答复书提供电子文档",
        "--on",
        "2026-04-20",
        "--agency",
        agency,
    )


def test_the_reviewer_reads_a_chinese_table_of_drafts_by_due_date(run: CliInvoke) -> None:
    later = new_case(run, "2026-04-08")
    first = new_case(run, "2026-04-01")
    draft(run, later)
    draft(run, first)
    run("extend", first, "--days", "10", "--reason", "需调取档案", "--on", "2026-04-21")
    shown = run("queue", user="lisi").output
    header = shown.splitlines()[0]
    for column in ("案件编号", "类别", "申请人", "期限", "剩余工作日", "待定标记"):
        assert column in header
    rows = shown.splitlines()[2:4]
    assert first in rows[0] and "审签" in rows[0] and "2026-04-30" in rows[0]
    assert later in rows[1] and "2026-05-09" in rows[1]
    assert "共 2 项" in shown and "延期" not in shown  # the extension is the head's
    head = json.loads(run("queue", "--json", user="wangwu").output)
    assert [(i["reference"], i["kind"]) for i in head] == [
        (first, "draft"),
        (first, "extension"),
        (later, "draft"),
    ]
    assert head[1]["drafted_by"] == "zhangsan" and head[1]["requested_on"] == "2026-04-21"
    assert (head[0]["due"], head[0]["days_left"], head[0]["provisional"]) == (
        "2026-04-30",
        6,
        False,
    )


def test_a_clerk_has_an_empty_queue(run: CliInvoke) -> None:
    number = new_case(run, "2026-04-01")
    draft(run, number)
    assert "没有待审事项" in run("queue").output
    assert json.loads(run("queue", "--json").output) == []


def test_agency_filtering_and_a_refused_agency_change_nothing(run: CliInvoke, home: Path) -> None:
    ours = new_case(run, "2026-04-01")
    theirs = new_case(run, "2026-04-01", agency="tj")
    draft(run, ours)
    draft(run, theirs, agency="tj")
    mine = json.loads(run("queue", "--json", user="zhaoliu").output)
    assert [(i["reference"], i["agency"]) for i in mine] == [(theirs, "tj")]
    only = json.loads(run("queue", "--agency", "demo", "--json", user="lisi").output)
    assert [(i["reference"], i["agency"]) for i in only] == [(ours, "demo")]
    before = dump(home)
    refused = run("queue", "--agency", "demo", user="zhaoliu", ok=False)
    assert refused.exit_code == 1
    assert "--agency（机关）" in refused.output and "不负责机关「demo」" in refused.output
    unknown = run("queue", "--agency", "nowhere", user="lisi", ok=False)
    assert unknown.exit_code == 1 and "未配置" in unknown.output
    assert dump(home) == before
