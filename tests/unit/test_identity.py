"""Identity numbers: GB 11643-1999 居民身份证号码, GB 32100-2015 统一社会信用代码, free text."""

from __future__ import annotations

import pytest

from casework.domain.application.identity import (
    ID_NUMBER_FIELD,
    validate_identity,
    validate_resident_id,
    validate_uscc,
)
from casework.domain.application.vocabulary import IdType
from casework.errors import ValidationError

# The check characters below are computed by these test-local copies of the two standards,
# written independently of casework.domain.application.identity.
_GB11643_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_GB32100_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_GB32100_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def gb11643(body: str) -> str:
    """Body + ISO 7064 MOD 11-2 check character."""
    remainder = sum(int(d) * w for d, w in zip(body, _GB11643_WEIGHTS, strict=True)) % 11
    return body + "10X98765432"[remainder]


def gb32100(body: str) -> str:
    """Body + GB 32100 check character: 31 - (sum mod 31), 31 written as 0."""
    total = sum(_GB32100_CHARSET.index(c) * w for c, w in zip(body, _GB32100_WEIGHTS, strict=True))
    return body + _GB32100_CHARSET[(31 - total % 31) % 31]


def test_the_test_helpers_reproduce_the_published_examples() -> None:
    assert gb11643("11010519491231002") == "11010519491231002X"
    assert gb32100("91350100M000100Y4") == "91350100M000100Y43"


# --- 居民身份证号码 (GB 11643-1999) -------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002X",  # the example published in GB 11643-1999
        "440304200002291236",  # born on a leap day (2000-02-29)
        "320102198801010014",
        "11010519000101001X",  # the earliest accepted birth year
    ],
)
def test_a_valid_resident_id_is_accepted_unchanged(number: str) -> None:
    assert number == gb11643(number[:17])
    assert validate_resident_id(number) == number


def test_a_lower_case_x_check_character_is_normalised_to_upper_case() -> None:
    assert validate_resident_id("11010519491231002x") == "11010519491231002X"


def test_blanks_around_a_resident_id_are_removed() -> None:
    assert validate_resident_id(" 11010519491231002X\t") == "11010519491231002X"


@pytest.mark.parametrize("number", ["11010519491231002", "11010519491231002X1", "", "110105"])
def test_a_resident_id_that_is_not_18_characters_long_is_refused(number: str) -> None:
    with pytest.raises(ValidationError, match="应为18位") as caught:
        validate_resident_id(number)
    assert caught.value.field == ID_NUMBER_FIELD
    assert "GB 11643" in caught.value.rule


@pytest.mark.parametrize(
    "number",
    [
        "1101051949123100AX",  # a letter among the first 17
        "11010519491231002Y",  # a check character other than 0-9 and X
        "１１０１０５１９４９１２３１００２X",  # full-width digits
        "110105-94912310020",
    ],
)
def test_a_resident_id_with_forbidden_characters_is_refused(number: str) -> None:
    with pytest.raises(ValidationError, match="前17位只能是数字") as caught:
        validate_resident_id(number)
    assert caught.value.field == ID_NUMBER_FIELD


@pytest.mark.parametrize(
    "body",
    [
        "11010519490230002",  # 30 February
        "11010519491331002",  # month 13
        "11010519491200002",  # day 0
        "11010519000229002",  # 1900 was not a leap year
        "11010518991231002",  # born before 1900
    ],
)
def test_a_resident_id_whose_birth_date_is_not_a_real_date_is_refused(body: str) -> None:
    number = gb11643(body)  # a correct check character, so only the date is wrong
    with pytest.raises(ValidationError, match="出生日期") as caught:
        validate_resident_id(number)
    assert caught.value.field == ID_NUMBER_FIELD


@pytest.mark.parametrize("wrong_check", ["0", "1", "9"])
def test_a_resident_id_with_a_wrong_check_digit_is_refused(wrong_check: str) -> None:
    with pytest.raises(ValidationError, match=r"校验位不正确（GB 11643）") as caught:
        validate_resident_id("11010519491231002" + wrong_check)
    assert caught.value.field == ID_NUMBER_FIELD


def test_a_resident_id_error_message_names_the_field_and_the_rule() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_resident_id("110105194912310021")
    assert str(caught.value) == (
        "--id-number（证件号码）：居民身份证号码校验位不正确（GB 11643）；请核对证件号码"
    )


# --- 统一社会信用代码 (GB 32100-2015) -----------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",  # the widely cited example
        "91110108MA01000010",  # weighted sum divisible by 31: check character 0
        "12100000400000616J",  # constructed; 1 = 机构编制, 2 = 事业单位
    ],
)
def test_a_valid_uscc_is_accepted_unchanged(code: str) -> None:
    assert code == gb32100(code[:17])
    assert validate_uscc(code) == code


def test_a_lower_case_uscc_is_normalised_to_upper_case() -> None:
    assert validate_uscc(" 91350100m000100y43 ") == "91350100M000100Y43"


@pytest.mark.parametrize("code", ["91350100M000100Y4", "91350100M000100Y433", ""])
def test_a_uscc_that_is_not_18_characters_long_is_refused(code: str) -> None:
    with pytest.raises(ValidationError, match="应为18位（GB 32100）") as caught:
        validate_uscc(code)
    assert caught.value.field == ID_NUMBER_FIELD


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_a_uscc_with_a_letter_outside_the_gb_32100_set_is_refused(letter: str) -> None:
    code = "91350100M000100" + letter + "43"
    with pytest.raises(ValidationError, match="不含字母I、O、Z、S、V") as caught:
        validate_uscc(code)
    assert caught.value.field == ID_NUMBER_FIELD


@pytest.mark.parametrize(
    "code", ["91350100M000100Y4-", "9135010０M000100Y43", "ﬀ350100M000100Y43X"]
)
def test_a_uscc_with_punctuation_or_non_ascii_characters_is_refused(code: str) -> None:
    with pytest.raises(ValidationError, match="只能由数字和英文字母组成"):
        validate_uscc(code)


@pytest.mark.parametrize("wrong_check", ["0", "4", "Y"])
def test_a_uscc_with_a_wrong_check_character_is_refused(wrong_check: str) -> None:
    with pytest.raises(ValidationError, match=r"校验码不正确（GB 32100）") as caught:
        validate_uscc("91350100M000100Y4" + wrong_check)
    assert caught.value.field == ID_NUMBER_FIELD


# --- dispatch by document type ------------------------------------------------------------


def test_validate_identity_applies_gb_11643_to_a_resident_id() -> None:
    assert validate_identity(IdType.RESIDENT_ID, "11010519491231002x") == "11010519491231002X"
    with pytest.raises(ValidationError, match="GB 11643"):
        validate_identity(IdType.RESIDENT_ID, "91350100M000100Y43")


def test_validate_identity_applies_gb_32100_to_a_uscc() -> None:
    assert validate_identity(IdType.USCC, "91350100m000100y43") == "91350100M000100Y43"
    with pytest.raises(ValidationError, match="GB 32100"):
        validate_identity(IdType.USCC, "11010519491231002X")


@pytest.mark.parametrize("id_type", [IdType.PASSPORT, IdType.OTHER])
def test_a_passport_or_other_number_is_free_text_with_blanks_stripped(id_type: IdType) -> None:
    assert validate_identity(id_type, "  E12345678 ") == "E12345678"
    assert validate_identity(id_type, "x" * 64) == "x" * 64


@pytest.mark.parametrize("id_type", [IdType.PASSPORT, IdType.OTHER])
@pytest.mark.parametrize("value", ["", "   "])
def test_a_blank_passport_or_other_number_is_refused(id_type: IdType, value: str) -> None:
    with pytest.raises(ValidationError, match="不能为空") as caught:
        validate_identity(id_type, value)
    assert caught.value.field == ID_NUMBER_FIELD


@pytest.mark.parametrize("id_type", [IdType.PASSPORT, IdType.OTHER])
def test_a_passport_or_other_number_longer_than_64_characters_is_refused(id_type: IdType) -> None:
    with pytest.raises(ValidationError, match="不能超过64个字符"):
        validate_identity(id_type, "x" * 65)
