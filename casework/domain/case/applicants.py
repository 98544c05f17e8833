"""When two cases come from the same applicant: the one rule of the engine (Reg. art. 36
item 6, 重复申请).

An earlier reply may be cited for a repeat only when the application comes from the same
applicant (Reg. art. 36 item 6: 「同一申请人」), and the engine lists a new application's
earlier requests by the same rule (``casework repeats``, the warning after ``register``).
Declaring two people one is the costly mistake — the second is refused processing — so the
rule asks every identifier both cases recorded to agree, and takes a shared name alone for
the same person only when nothing recorded says otherwise:

- the same applicant type and the same name (spaces around it ignored), always;
- where both recorded an identity number, the same number (letters compared in upper case);
- where both recorded a contact (phone, e-mail), the same contact (spaces ignored).

A namesake with another identity number or another contact is another applicant; a case that
recorded neither is matched by name and type, and the clerk, who sees the application, decides.
"""

from __future__ import annotations

import unicodedata

from casework.domain.case.records import Applicant


def same_applicant(first: Applicant, second: Applicant) -> bool:
    """Reg. art. 36 item 6: whether ``first`` and ``second`` are the same applicant (above)."""
    if first.applicant_type != second.applicant_type:
        return False
    if _name(first) != _name(second):
        return False
    return _agree(_id_number(first), _id_number(second)) and _agree(
        _contact(first), _contact(second)
    )


def _agree(mine: str, theirs: str) -> bool:
    """Two recorded values agree; a value one side did not record contradicts nothing."""
    return not (mine and theirs) or mine == theirs


def _name(applicant: Applicant) -> str:
    return applicant.name.strip()


def _id_number(applicant: Applicant) -> str:
    return (applicant.id_number or "").strip().upper()


def _contact(applicant: Applicant) -> str:
    return "".join(unicodedata.normalize("NFKC", applicant.contact or "").split()).lower()
