"""One "same applicant" rule for ``repeats`` (the earlier requests listed after ``register``)
and for the earlier case a 重复申请 reply cites (Reg. art. 36 item 6): a namesake whose
identity number or contact differs is another applicant to both.  On SQLite and PostgreSQL.
Today is 2026-06-30."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CliInvoke, write_home
from tests.e2e.test_cli_workflow_paths import decide, run

__all__ = ["run"]  # the fixture, imported for pytest

REQUEST = "2025年度部门预算"


@pytest.fixture
def home(tmp_path: Path, database_url: str) -> Path:
    """The temporary home on each engine (overrides the SQLite-only one)."""
    return write_home(tmp_path / "home", database_url)


def registered(run: CliInvoke, received_on: str, name: str, *who: str) -> str:
    result = run(
        "register", "--applicant", name, "--applicant-type", "natural", "--channel",
        "in-person", "--received-on", received_on, "--description", REQUEST, *who,
    )  # fmt: skip
    return str(result.output.strip().splitlines()[-1])


def earlier(run: CliInvoke, number: str) -> list[str]:
    listed = json.loads(run("repeats", number, "--json").output)["earlier"]
    return [item["number"] for item in listed]


def cite(run: CliInvoke, number: str, cited: str, ok: bool = True) -> str:
    result = run(
        "draft", number, "--outcome", "repeat", "--earlier-case", cited, "--on", "2026-06-29",
        ok=ok,
    )  # fmt: skip
    return result.output + result.stderr


IDENTITY = ("--id-type", "resident-id", "--id-number", "11010519491231002X")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # Same name, no identity numbers, two different phones: two people (the citation
        # check took them for one before).
        (("张三", "--contact", "13800000000"), ("张三", "--contact", "13900000000")),
        # One identity number under two names: the records disagree (``repeats`` listed the
        # case by the number alone before, while the citation was refused).
        (("张三", *IDENTITY), ("张叁", *IDENTITY)),
    ],
)
def test_an_applicant_whose_records_disagree_is_neither_listed_nor_citable(
    run: CliInvoke, first: tuple[str, ...], second: tuple[str, ...]
) -> None:
    answered = registered(run, "2026-04-01", *first)
    decide(run, answered, "2026-04-10")
    other = registered(run, "2026-06-01", *second)
    assert earlier(run, other) == []
    refused = cite(run, other, answered, ok=False)
    assert "不是本案申请人" in refused and "第三十六条第（六）项" in refused


def test_the_same_applicant_is_listed_and_citable_by_the_same_rule(run: CliInvoke) -> None:
    answered = registered(run, "2026-04-01", "张三", "--contact", "13800000000")
    decide(run, answered, "2026-04-10")
    again = registered(run, "2026-06-01", "张三", "--contact", "138 0000 0000")
    assert earlier(run, again) == [answered]
    cite(run, again, answered)
    draft = json.loads(run("show", again, "--json").output)
    assert draft["state"] == "reviewing"
