"""The one "same applicant" rule (Reg. art. 36 item 6, ``casework.domain.case.applicants``):
the repeat reply's citation and the list of earlier requests both ask it.  Every identifier
both cases recorded must agree; the name and the applicant type always."""

from __future__ import annotations

import pytest

from casework.domain.case.applicants import same_applicant
from casework.domain.case.records import Applicant

ID = "11010519491231002X"


def person(name: str = "张三", kind: str = "natural", id_number: str | None = ID,
           contact: str = "") -> Applicant:  # fmt: skip
    return Applicant(name, kind, "resident-id" if id_number else None, id_number, contact)


@pytest.mark.parametrize(
    ("other", "same"),
    [
        (person(), True),
        (person(name=" 张三 "), True),  # spaces around a name are no difference
        (person(id_number=ID.lower()), True),  # the check letter in either case
        (person(id_number=None), True),  # nothing recorded says otherwise
        (person(contact="138 0000 0000"), True),  # a contact only one side recorded
        (person(id_number="110105198001010016"), False),  # a namesake
        # The same identity number under another name: two records disagree (the search's
        # former rule matched by the number alone).
        (person(name="张叁"), False),
        (person(kind="enterprise"), False),  # another kind of applicant
    ],
)
def test_every_identifier_both_recorded_must_agree(other: Applicant, same: bool) -> None:
    assert same_applicant(person(), other) is same
    assert same_applicant(other, person()) is same  # the rule is symmetric


@pytest.mark.parametrize(
    ("mine", "theirs", "same"),
    [
        ("13800000000", "138 0000 0000", True),
        ("ZS@example.cn", "zs@example.cn", True),
        # Without identity numbers a shared name is all that links them, and the contacts
        # say they are two people (the citation check's former rule took them for one).
        ("13800000000", "13900000000", False),
    ],
)
def test_without_identity_numbers_the_contacts_decide_where_both_have_one(
    mine: str, theirs: str, same: bool
) -> None:
    first = person(id_number=None, contact=mine)
    assert same_applicant(first, person(id_number=None, contact=theirs)) is same


def test_two_identity_numbers_outweigh_a_shared_contact() -> None:
    first = person(contact="13800000000")
    namesake = person(id_number="110105198001010016", contact="13800000000")
    assert not same_applicant(first, namesake)
