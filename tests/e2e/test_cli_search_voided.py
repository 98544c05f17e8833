"""``search`` leaves voided registrations (作废: no application) out by default, as a clerk
looking for cases expects; ``--include-voided`` lists them, each marked 「已作废」 (the table)
or with its state (``--json``).  ``repeats`` never counts a voided registration as an earlier
request.  On SQLite and PostgreSQL.  Today is 2026-06-30."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CliInvoke, write_home
from tests.e2e.test_cli_workflow_paths import new_case, run

__all__ = ["run"]  # the fixture, imported for pytest


@pytest.fixture
def home(tmp_path: Path, database_url: str) -> Path:
    """The temporary home on each engine (overrides the SQLite-only one)."""
    return write_home(tmp_path / "home", database_url)


def found(run: CliInvoke, *args: str) -> list[tuple[str, str]]:
    listed = json.loads(run("search", *args, "--json").output)
    return [(case["number"], case["state_label"]) for case in listed]


def test_a_voided_registration_is_left_out_unless_asked_for_and_then_marked(
    run: CliInvoke,
) -> None:
    kept = new_case(run, "2026-04-01")
    double = new_case(run, "2026-04-02")
    run("void", double, "--reason", f"同一申请重复登记，见 {kept}")
    assert found(run, "部门预算") == [(kept, "已登记/办理中")]
    assert found(run, "部门预算", "--include-voided") == [
        (double, "已作废"),
        (kept, "已登记/办理中"),
    ]
    text = run("search", "部门预算").output
    assert double not in text and "共 1 件" in text
    marked = run("search", "部门预算", "--include-voided").output
    assert f"{double}（已作废）" in marked and f"{kept}（已作废）" not in marked
    # By identity number too: the voided entry is the same applicant's, still left out.
    assert found(run, "--id-number", "11010519491231002X") == [(kept, "已登记/办理中")]


def test_a_voided_registration_is_no_earlier_request(run: CliInvoke) -> None:
    double = new_case(run, "2026-04-01")
    run("void", double, "--reason", "试录入")
    again = new_case(run, "2026-04-02")
    assert json.loads(run("repeats", again, "--json").output)["earlier"] == []
