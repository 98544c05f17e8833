"""Who may read a case's progress on the public status page: the query code's format, and the
applicant's name or the last four digits of their phone (issue 19)."""

from __future__ import annotations

import pytest

from casework.domain.case.public_status import answers_for, normalise_query_code
from casework.domain.case.records import Applicant

APPLICANT = Applicant(name="欧阳 小明", applicant_type="natural", contact="电话 138-0000-1234")


@pytest.mark.parametrize(
    ("answer", "accepted"),
    [
        ("欧阳 小明", True),
        ("  欧阳  小明 ", True),
        ("１２３４", True),  # full-width digits typed on a phone
        ("1234", True),
        ("0000", False),
        ("234", False),
        ("欧阳", False),
        ("", False),
        ("138-0000-1234", False),  # the whole number is not what is asked
    ],
)
def test_the_name_or_the_last_four_phone_digits_answer(answer: str, accepted: bool) -> None:
    assert answers_for(APPLICANT, answer) is accepted


def test_a_contact_without_a_phone_number_accepts_no_digits() -> None:
    applicant = Applicant(name="张三", applicant_type="natural", contact="zs1234@example.cn")
    assert answers_for(applicant, "1234") is False
    assert answers_for(applicant, "张三") is True


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("abcd2345", "ABCD2345"),
        (" ABCD 2345 ", "ABCD2345"),
        ("ＡＢＣＤ２３４５", "ABCD2345"),
        ("ABCD1234", None),  # 1 is not in the alphabet (look-alike of I and L)
        ("2026-0001", None),  # a case number is never a query code
        ("ABCD234", None),
    ],
)
def test_query_codes_are_normalised_or_refused(text: str, stored: str | None) -> None:
    assert normalise_query_code(text) == stored
