"""Identity numbers an applicant shows, checked against the national standards that define them.

Reg. art. 29 para. 2 item 1 asks for the applicant's identity proof, and domain.md §1.1 requires
numbers with a published check character to be validated: the 18-character 居民身份证号码
(GB 11643-1999) and the 18-character 统一社会信用代码 (GB 32100-2015). Passports and other
documents are free text.  Every function returns the normalised value (upper-case check
character, surrounding blanks removed) or raises a ``ValidationError`` naming the rule broken.
"""

from __future__ import annotations

from datetime import date

from casework.domain.application.vocabulary import IdType
from casework.errors import ValidationError

ID_NUMBER_FIELD = "--id-number（证件号码）"

_ID_LENGTH = 18  # GB 11643-1999 and GB 32100-2015: both are 18 characters long

# GB 11643-1999: ISO 7064 MOD 11-2 over the 17 body digits.
_RESIDENT_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RESIDENT_CHECK_CHARS = "10X98765432"  # indexed by (weighted sum mod 11)
_DIGITS = frozenset("0123456789")
_RESIDENT_CHECK_SET = frozenset(_RESIDENT_CHECK_CHARS)
_EARLIEST_BIRTH_YEAR = 1900

# GB 32100-2015: the 31-character code set (no I, O, Z, S, V) and the weights of positions 1–17.
_USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUES = {char: index for index, char in enumerate(_USCC_CHARSET)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

_FREE_TEXT_MAX_LENGTH = 64


def resident_id_check_char(body: str) -> str:
    """The GB 11643-1999 check character for the first 17 digits of a 居民身份证号码."""
    # GB 11643-1999 §5: ISO 7064 MOD 11-2, mapped 0→1, 1→0, 2→X, 3→9, …, 10→2.
    total = sum(int(digit) * weight for digit, weight in zip(body, _RESIDENT_WEIGHTS, strict=True))
    return _RESIDENT_CHECK_CHARS[total % 11]


def uscc_check_char(body: str) -> str:
    """The GB 32100-2015 check character for the first 17 characters of a 统一社会信用代码."""
    total = sum(
        _USCC_VALUES[char] * weight for char, weight in zip(body, _USCC_WEIGHTS, strict=True)
    )
    # GB 32100-2015 §4.4: C18 = 31 - (sum mod 31); a result of 31 is written 0.
    return _USCC_CHARSET[(31 - total % 31) % 31]


def validate_resident_id(value: str, *, today: date | None = None) -> str:
    """Check an 18-character 居民身份证号码 (GB 11643-1999) and return it with an upper-case X;
    with ``today``, a birth date after it is refused too."""
    number = value.strip()
    if len(number) != _ID_LENGTH:
        raise ValidationError(
            f"居民身份证号码应为18位（GB 11643），实际为{len(number)}位；请核对证件号码",
            field=ID_NUMBER_FIELD,
        )
    # Only the check character can be a letter; a lower-case x is the same character.
    body, check = number[:17], number[17].upper()
    number = body + check
    # GB 11643-1999 §4: 17 digits (address, birth date, sequence) and one check character.
    if not set(body) <= _DIGITS or check not in _RESIDENT_CHECK_SET:
        raise ValidationError(
            "居民身份证号码前17位只能是数字，第18位只能是数字或X（GB 11643）；请核对证件号码",
            field=ID_NUMBER_FIELD,
        )
    # GB 11643-1999 §4.2: positions 7–14 are the birth date YYYYMMDD.
    if not _is_birth_date(body[6:14]):
        raise ValidationError(
            f"居民身份证号码第7至14位的出生日期「{body[6:14]}」不是有效日期（GB 11643）；"
            "请核对证件号码",
            field=ID_NUMBER_FIELD,
        )
    born = date(int(body[6:10]), int(body[10:12]), int(body[12:14]))
    if today is not None and born > today:
        raise ValidationError(
            f"居民身份证号码第7至14位的出生日期 {born.isoformat()} 晚于今天（{today.isoformat()}）"
            "（GB 11643）；请核对证件号码",
            field=ID_NUMBER_FIELD,
        )
    if resident_id_check_char(body) != check:
        raise ValidationError(
            "居民身份证号码校验位不正确（GB 11643）；请核对证件号码", field=ID_NUMBER_FIELD
        )
    return number


def _is_birth_date(text: str) -> bool:
    year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    if year < _EARLIEST_BIRTH_YEAR:
        return False
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def validate_uscc(value: str) -> str:
    """Check an 18-character 统一社会信用代码 (GB 32100-2015) and return it in upper case."""
    code = value.strip()
    if len(code) != _ID_LENGTH:
        raise ValidationError(
            f"统一社会信用代码应为18位（GB 32100），实际为{len(code)}位；请核对证件号码",
            field=ID_NUMBER_FIELD,
        )
    # GB 32100-2015 §4.1: position 1 登记管理部门代码, 2 机构类别代码, 3–8 行政区划码,
    # 9–17 主体标识码, 18 校验码; all drawn from the 31-character set.  The ASCII test comes
    # first because upper-casing some other letters (e.g. "ﬀ") changes the length.
    code = code.upper() if code.isascii() else code
    if not set(code) <= _USCC_VALUES.keys():
        raise ValidationError(
            "统一社会信用代码只能由数字和英文字母组成，且不含字母I、O、Z、S、V（GB 32100）；"
            "请核对证件号码",
            field=ID_NUMBER_FIELD,
        )
    if uscc_check_char(code[:17]) != code[17]:
        raise ValidationError(
            "统一社会信用代码校验码不正确（GB 32100）；请核对证件号码", field=ID_NUMBER_FIELD
        )
    return code


def validate_free_text_id(value: str) -> str:
    """Check a passport or other document number: not blank, at most 64 characters."""
    number = value.strip()
    if not number:
        raise ValidationError("证件号码不能为空；请填写证件号码", field=ID_NUMBER_FIELD)
    if len(number) > _FREE_TEXT_MAX_LENGTH:
        raise ValidationError(
            f"证件号码不能超过{_FREE_TEXT_MAX_LENGTH}个字符，实际为{len(number)}个；请核对证件号码",
            field=ID_NUMBER_FIELD,
        )
    return number


def validate_identity(id_type: IdType, value: str, *, today: date | None = None) -> str:
    """Check ``value`` by the rule of its document type and return the normalised number;
    ``today`` bounds a birth date written in the number."""
    match id_type:
        case IdType.RESIDENT_ID:
            return validate_resident_id(value, today=today)
        case IdType.USCC:
            return validate_uscc(value)
        case IdType.PASSPORT | IdType.OTHER:
            return validate_free_text_id(value)
