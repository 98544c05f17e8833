"""Issue 17: a finished case imported from a 台账 (已办结 rows) is archived by the import without
an archive bundle.  That is no fault: ``show`` says 「历史台账导入，无归档包」, ``archive verify``
passes it with that note, ``verify`` finds its journal intact, and ``archive export`` refuses
with the same words.  A case archived in the engine without a bundle is still refused.
Today is 2026-06-30."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import CliInvoke
from tests.e2e.test_cli_import import CLEAN, HEADER, _csv
from tests.e2e.test_cli_workflow_paths import run

__all__ = ["run"]  # the fixture, imported for pytest

NOTE = "历史台账导入，无归档包"


def imported(run: CliInvoke, tmp_path: Path) -> str:
    run("import", str(_csv(tmp_path / "台账.csv", [HEADER, *CLEAN])))
    return "2025-0001"  # the first clean row: 予以公开, replied 2025-03-20, delivered


def test_show_says_an_imported_finished_case_has_no_archive_bundle(
    run: CliInvoke, tmp_path: Path
) -> None:
    number = imported(run, tmp_path)
    view = json.loads(run("show", number, "--json").output)
    assert (view["state"], view["archive_note"], view["ending"]) == ("archived", NOTE, None)
    assert f"归档          {NOTE}" in run("show", number).output
    still_open = json.loads(run("show", "2026-0001", "--json").output)
    assert still_open["archive_note"] is None


def test_archive_verify_passes_an_imported_case_with_the_note(
    run: CliInvoke, tmp_path: Path
) -> None:
    number = imported(run, tmp_path)
    result = run("archive", "verify", "--case", number)
    assert result.exit_code == 0 and f"{number}：{NOTE}，无需校验" in result.output
    listed = json.loads(run("archive", "verify", "--case", number, "--json").output)
    assert listed == [{"bundle": None, "case": number, "note": NOTE, "problems": []}]
    verified = run("verify", number)
    assert verified.exit_code == 0 and "完好" in verified.output, verified.output


def test_archive_export_of_an_imported_case_says_why_there_is_nothing(
    run: CliInvoke, tmp_path: Path
) -> None:
    number = imported(run, tmp_path)
    refused = run("archive", "export", number, "--out", str(tmp_path / "out"), ok=False)
    assert refused.exit_code == 1 and NOTE in refused.output + refused.stderr
    assert not (tmp_path / "out").exists()


def test_a_case_without_a_bundle_that_was_not_imported_is_still_refused(
    run: CliInvoke,
) -> None:
    from tests.e2e.test_cli_workflow_paths import new_case

    number = new_case(run)
    refused = run("archive", "verify", "--case", number, ok=False)
    assert refused.exit_code == 1 and "没有归档包" in refused.output + refused.stderr
