"""Masking of identity numbers: the ends stay, the middle becomes ``*`` one for one."""

from __future__ import annotations

import pytest

from casework.domain.application.masking import mask_identity


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("11010519491231002X", "1101**********002X"),  # 居民身份证号码
        ("91350100M000100Y43", "9135**********0Y43"),  # 统一社会信用代码
        ("123456789", "1234*6789"),  # nine characters: the first length that keeps 4 + 4
    ],
)
def test_a_value_longer_than_eight_characters_keeps_its_first_and_last_four(
    value: str, masked: str
) -> None:
    assert mask_identity(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("E1234567", "E******7"),  # a passport number of eight characters
        ("ABC", "A*C"),
    ],
)
def test_a_value_of_three_to_eight_characters_keeps_only_its_first_and_last(
    value: str, masked: str
) -> None:
    assert mask_identity(value) == masked


@pytest.mark.parametrize(("value", "masked"), [("AB", "**"), ("A", "*"), ("", "")])
def test_a_value_of_two_characters_or_fewer_is_masked_entirely(value: str, masked: str) -> None:
    assert mask_identity(value) == masked


@pytest.mark.parametrize("length", range(20))
def test_the_mask_keeps_the_length_of_the_value(length: int) -> None:
    value = "ABCDEFGHJKLMNPQRTUWXY"[:length]
    assert len(mask_identity(value)) == length
