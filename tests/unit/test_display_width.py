"""Terminal columns of table cells (casework.entrypoints.cli.output.display_width)."""

from __future__ import annotations

import unicodedata

import pytest

from casework.entrypoints.cli.output import display_width


@pytest.mark.parametrize(
    ("text", "columns"),
    [
        ("", 0),
        ("2026-0001", 9),  # ASCII: one column each (the fast path)
        ("张三", 4),  # CJK ideographs are wide
        ("２０２６", 8),  # full-width digits
        ("2026-04-01（暂定）", 18),  # mixed: 10 ASCII + 4 wide
        ("é", 1),  # not ASCII, not wide
    ],
)
def test_columns(text: str, columns: int) -> None:
    assert display_width(text) == columns


def test_every_ascii_character_takes_one_column_as_the_unicode_lookup_says() -> None:
    for code in range(128):
        char = chr(code)
        lookup = 2 if unicodedata.east_asian_width(char) in "WF" else 1
        assert display_width(char) == lookup == 1
