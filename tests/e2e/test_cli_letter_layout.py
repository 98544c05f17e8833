"""The agency profile's layout settings through the CLI: 版头 and the agency in the title, on the
letters a clerk's action renders and on their PDFs (issue #13)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import CliInvoke

AGENCY = "示例市发展和改革委员会"


def _profile(home: Path, settings: str) -> None:
    """Turn on the commented layout settings of the example configuration."""
    config = home / "config.toml"
    text = config.read_text(encoding="utf-8")
    for line in settings.splitlines():
        assert f"# {line}" in text, line
        text = text.replace(f"# {line}", line, 1)
    config.write_text(text, encoding="utf-8")


def _register(cli: CliInvoke) -> str:
    result = cli(
        "register", "--applicant", "王五", "--applicant-type", "natural",
        "--channel", "in-person", "--received-on", "2026-04-01", "--description", "2025年度部门预算",
    )  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    return str(result.output.strip().splitlines()[-1])


@pytest.mark.slow
def test_the_profile_prints_the_letterhead_and_names_the_agency_in_title_and_pdf(
    cli: CliInvoke, home: Path, tmp_path: Path
) -> None:
    _profile(home, 'letterhead = true\nletterhead_name = "示例市发改委"\ntitle_names_agency = true')
    number = _register(cli)
    checked = cli("check", number)
    assert checked.exit_code == 0 and "全部必备要素通过" in checked.output, checked.output
    converted = cli("docs", number, "--pdf", "--out", str(tmp_path / "pdf"))
    assert converted.exit_code == 0, converted.output + converted.stderr
    pdf = Path(converted.output.split()[0])
    first_page = ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"]
    text = subprocess.run(first_page, check=True, capture_output=True, text=True).stdout
    lines = [line.replace(" ", "") for line in text.splitlines() if line.strip()]
    assert lines[:3] == ["示例市发改委", "示发改信登〔2026〕1号", f"{AGENCY}登记回执"]
    assert lines[-1] == "—1—"
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert f"Title:           {AGENCY}登记回执" in info
    assert f"Author:          {AGENCY}" in info


def test_a_layout_setting_of_the_wrong_type_is_refused_naming_it(
    cli: CliInvoke, home: Path
) -> None:
    config = home / "config.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("# letterhead = true", 'letterhead = "红头"', 1),
        encoding="utf-8",
    )
    result = cli("list")
    assert result.exit_code == 1
    assert "letterhead" in result.stderr and "错误" in result.stderr, result.stderr
