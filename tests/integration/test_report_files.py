"""Report files and exports are whole or untouched (issue 14): written beside the target and
renamed onto it, so a writer that fails half way leaves the previous file (or none) at the
target and no temporary file behind."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from docx.document import Document as WordDocument
from openpyxl import Workbook, load_workbook

from casework.adapters.file_output import replacing
from casework.adapters.outcome_file import default_outcomes_path, load_outcomes
from casework.adapters.report_docx import write_annual_docx
from casework.adapters.spreadsheets import write_annual_xlsx, write_ledger_xlsx
from casework.domain.report.annual import (
    FIGURES,
    AnnualReport,
    CaseCounts,
    RemedyCounts,
    build_report,
)
from casework.errors import StorageError
from tests.conftest import CliInvoke

PREVIOUS = b"last year's export, still good"
CATALOGUE = load_outcomes(default_outcomes_path())


def half_then_fail(self: Any, target: Any) -> None:
    """A writer that gets half a file out, then fails (a full disk)."""
    Path(target).write_bytes(b"PK\x03\x04 half a zip")
    raise OSError(28, "No space left on device")


@pytest.fixture
def annual() -> AnnualReport:
    """An annual report with nothing in it (its tables are still laid out in full)."""
    empty = CaseCounts(by_type={}, by_column={}, by_outcome={}, totals=dict.fromkeys(FIGURES, 0))
    return build_report(2026, "demo", empty, RemedyCounts(by_result={}, by_kind={}), CATALOGUE)


@pytest.mark.parametrize("existing", [True, False], ids=["replacing a file", "a new file"])
def test_an_export_that_fails_half_way_leaves_the_target_untouched_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existing: bool
) -> None:
    target = tmp_path / "台账.xlsx"
    if existing:
        target.write_bytes(PREVIOUS)
    monkeypatch.setattr(Workbook, "save", half_then_fail)
    with pytest.raises(StorageError, match="无法写入文件") as raised:
        write_ledger_xlsx([], "台账", target)
    assert raised.value.field == str(target)
    if existing:
        assert target.read_bytes() == PREVIOUS
    else:
        assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == (["台账.xlsx"] if existing else [])


def test_a_word_report_that_fails_half_way_leaves_the_target_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, annual: AnnualReport
) -> None:
    target = tmp_path / "表三表四.docx"
    target.write_bytes(PREVIOUS)
    monkeypatch.setattr(WordDocument, "save", half_then_fail)
    with pytest.raises(StorageError, match="无法写入文件"):
        write_annual_docx(annual, target)
    assert target.read_bytes() == PREVIOUS
    assert [p.name for p in tmp_path.iterdir()] == ["表三表四.docx"]


def test_a_spreadsheet_report_that_fails_half_way_leaves_the_target_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, annual: AnnualReport
) -> None:
    target = tmp_path / "表三表四.xlsx"
    target.write_bytes(PREVIOUS)
    monkeypatch.setattr(Workbook, "save", half_then_fail)
    with pytest.raises(StorageError):
        write_annual_xlsx(annual, target)
    assert target.read_bytes() == PREVIOUS
    assert [p.name for p in tmp_path.iterdir()] == ["表三表四.xlsx"]


def test_a_finished_export_replaces_the_target_whole_with_a_new_files_permissions(
    tmp_path: Path, annual: AnnualReport
) -> None:
    target = tmp_path / "表三表四.xlsx"
    target.write_bytes(PREVIOUS)
    write_annual_xlsx(annual, target)
    assert load_workbook(target).sheetnames == ["表三", "表四"]
    write_annual_docx(annual, tmp_path / "表三表四.docx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["表三表四.docx", "表三表四.xlsx"]
    plain = tmp_path / "plain"
    plain.write_bytes(b"")
    assert os.stat(target).st_mode == os.stat(plain).st_mode


def test_a_block_that_fails_for_any_reason_removes_its_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    with pytest.raises(KeyError), replacing(target) as temporary:
        temporary.write_bytes(b"partial")
        raise KeyError("a writer's bug")
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_a_storage_error_naming_the_file(tmp_path: Path) -> None:
    target = tmp_path / "无此目录" / "台账.xlsx"
    with pytest.raises(StorageError, match="无法写入文件") as raised:
        write_ledger_xlsx([], "台账", target)
    assert raised.value.field == str(target)


def test_casework_export_whose_writer_fails_says_so_in_chinese_and_leaves_no_file(
    cli: CliInvoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "台账.xlsx"
    target.write_bytes(PREVIOUS)
    monkeypatch.setattr(Workbook, "save", half_then_fail)
    result = cli("export", "--from", "2026-01-01", "--to", "2026-12-31", "--xlsx", str(target))
    assert result.exit_code == 1
    assert "无法写入文件" in result.output and "No space left on device" in result.output
    assert target.read_bytes() == PREVIOUS
    assert [p.name for p in folder.iterdir()] == ["台账.xlsx"]
