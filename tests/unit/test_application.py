"""Validation of a new application (Reg. arts. 29, 31): every rule, a wrong and a right case."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from casework.domain.application.validation import ApplicationInput, validate_application
from casework.domain.application.vocabulary import ApplicantType, Channel, IdType
from casework.errors import ValidationError

TODAY = date(2026, 11, 20)
VALID = ApplicationInput(
    applicant="张三",
    applicant_type="natural",
    id_type="resident-id",
    id_number="11010519491231002X",
    contact="13800000000",
    channel="in-person",
    received_on=date(2026, 4, 1),
    description="2025年度部门预算",
)
USCC = "91350100M000100Y43"


def problems_of(raw: ApplicationInput) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        validate_application(raw, TODAY)
    return caught.value.problems


def test_a_complete_application_is_accepted_and_typed() -> None:
    application = validate_application(VALID, TODAY)
    assert application.applicant_type is ApplicantType.NATURAL
    assert application.channel is Channel.IN_PERSON
    assert application.id_type is IdType.RESIDENT_ID
    assert application.received_on == date(2026, 4, 1)


@pytest.mark.parametrize("name", ["applicant", "description", "applicant_type", "channel"])
def test_a_required_field_that_is_missing_is_named(name: str) -> None:
    problems = problems_of(replace(VALID, **{name: None}))
    assert len(problems) == 1
    field, rule = problems[0]
    assert f"--{name.replace('_', '-')}" in field
    assert rule == "必须填写"


def test_a_blank_name_counts_as_missing() -> None:
    assert problems_of(replace(VALID, applicant="   "))[0][1] == "必须填写"


def test_the_receipt_date_is_required() -> None:
    field, rule = problems_of(replace(VALID, received_on=None))[0]
    assert "--received-on" in field and "第三十一条" in rule


def test_an_unknown_choice_lists_the_allowed_values() -> None:
    field, rule = problems_of(replace(VALID, channel="pigeon"))[0]
    assert "--channel" in field
    assert "pigeon" in rule and "in-person" in rule


def test_a_resident_id_with_a_wrong_check_digit_is_refused_and_a_right_one_accepted() -> None:
    field, rule = problems_of(replace(VALID, id_number="110105194912310021"))[0]
    assert "--id-number" in field and "GB 11643" in rule
    assert validate_application(VALID, TODAY).id_number == "11010519491231002X"


def test_a_lower_case_x_check_digit_is_normalised() -> None:
    raw = replace(VALID, id_number="11010519491231002x")
    assert validate_application(raw, TODAY).id_number == "11010519491231002X"


def test_a_social_credit_code_with_a_wrong_check_character_is_refused() -> None:
    raw = replace(
        VALID, applicant_type="enterprise", id_type="uscc", id_number="91350100M000100Y44"
    )
    field, rule = problems_of(raw)[0]
    assert "--id-number" in field and "GB 32100" in rule
    good = replace(raw, id_number=USCC)
    assert validate_application(good, TODAY).id_number == USCC


def test_a_resident_id_type_without_a_number_is_refused() -> None:
    field, rule = problems_of(replace(VALID, id_number=None))[0]
    assert "--id-number" in field and "居民身份证" in rule


def test_a_number_without_a_type_is_refused() -> None:
    field, _rule = problems_of(replace(VALID, id_type=None))[0]
    assert "--id-type" in field


def test_an_application_without_identity_is_still_registered_for_correction() -> None:
    # Reg. art. 30: missing facts lead to a correction notice, never to silent rejection.
    raw = replace(VALID, id_type=None, id_number=None, contact=None)
    assert validate_application(raw, TODAY).id_number is None


def test_a_person_cannot_use_a_social_credit_code() -> None:
    raw = replace(VALID, id_type="uscc", id_number=USCC)
    field, rule = problems_of(raw)[0]
    assert "--id-type" in field and "自然人" in rule


def test_an_organisation_cannot_use_a_resident_id() -> None:
    field, rule = problems_of(replace(VALID, applicant_type="enterprise"))[0]
    assert "--id-type" in field and "法人或其他组织" in rule


def test_a_passport_number_is_free_text() -> None:
    raw = replace(VALID, id_type="passport", id_number="E12345678")
    assert validate_application(raw, TODAY).id_number == "E12345678"


def test_a_receipt_date_in_the_future_is_refused_and_today_is_accepted() -> None:
    field, rule = problems_of(replace(VALID, received_on=date(2026, 11, 21)))[0]
    assert "--received-on" in field and "不能晚于今天" in rule
    assert validate_application(replace(VALID, received_on=TODAY), TODAY).received_on == TODAY


def test_a_receipt_before_the_2019_regulation_is_refused() -> None:
    field, rule = problems_of(replace(VALID, received_on=date(2019, 5, 14)))[0]
    assert "--received-on" in field and "2007" in rule
    on_the_day = replace(VALID, received_on=date(2019, 5, 15))
    assert validate_application(on_the_day, TODAY).received_on == date(2019, 5, 15)


def test_an_arrival_in_the_future_is_refused() -> None:
    raw = replace(VALID, channel="email", arrived_on=date(2026, 12, 1))
    assert any("--arrived-on" in field for field, _ in problems_of(raw))


def test_an_arrival_after_the_receipt_is_refused() -> None:
    raw = replace(VALID, channel="post-ordinary", arrived_on=date(2026, 4, 2))
    field, rule = problems_of(raw)[0]
    assert "--arrived-on" in field and "不能晚于收到申请日期" in rule


def test_a_letter_confirmed_days_after_arrival_keeps_both_dates() -> None:
    raw = replace(VALID, channel="post-ordinary", arrived_on=date(2026, 3, 30))
    application = validate_application(raw, TODAY)
    facts = application.receipt_facts()
    assert facts["arrived_on"] == "2026-03-30" and facts["received_on"] == "2026-04-01"
    assert "第三十一条" in facts["rule"]


def test_in_person_receipt_must_be_the_day_of_handing_in() -> None:
    # Reg. art. 31 item 1: the receipt date *is* the day it was handed in.
    raw = replace(VALID, arrived_on=date(2026, 3, 31))
    field, rule = problems_of(raw)[0]
    assert "--received-on" in field and "第三十一条第（一）项" in rule
    same_day = replace(VALID, arrived_on=date(2026, 4, 1))
    assert validate_application(same_day, TODAY).arrived_on == date(2026, 4, 1)


def test_an_overlong_description_is_refused() -> None:
    field, rule = problems_of(replace(VALID, description="信" * 4001))[0]
    assert "--description" in field and "4000" in rule


def test_every_problem_is_reported_at_once() -> None:
    raw = replace(VALID, applicant="", id_number="123", received_on=date(2030, 1, 1))
    fields = [field for field, _ in problems_of(raw)]
    assert len(fields) == 3
    assert any("--applicant" in f for f in fields)
    assert any("--id-number" in f for f in fields)
    assert any("--received-on" in f for f in fields)


@pytest.mark.parametrize(
    ("name", "value", "code"),
    [
        ("applicant", "张\x07三", "U+0007"),
        ("applicant", "张三\n李四", "U+000A"),
        ("description", "预算\x01公开", "U+0001"),
        ("contact", "138\x1b00000000", "U+001B"),
        ("address", "人民路\x0b2号", "U+000B"),
    ],
)
def test_a_control_character_that_would_break_the_letter_is_refused_naming_the_field(
    name: str, value: str, code: str
) -> None:
    changes: dict[str, Any] = {name: value}
    field, rule = problems_of(replace(VALID, **changes))[0]
    assert f"--{name}" in field
    assert code in rule and "控制字符" in rule


def test_line_breaks_are_kept_in_a_long_description() -> None:
    text = "1.2025年度部门预算\n2.2025年度部门决算"
    assert validate_application(replace(VALID, description=text), TODAY).description == text
