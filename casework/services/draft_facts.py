"""The facts of a draft as the letter prints them, completed and checked before recording.

- Seed 004 and Reg. art. 15: withholding to protect a third party names the concrete interest
  (商业秘密, 个人隐私, or another the clerk states), never 「商业秘密、个人隐私等」.
- Reg. art. 36 item 6: a repeat reply cites an earlier case of the same applicant from the
  register, with that reply's number and date (``casework.services.earlier_cases``).
"""

from __future__ import annotations

import re

from casework.domain.case.records import Case
from casework.domain.workflow.outcomes import THIRD_PARTY_INTERESTS
from casework.errors import ValidationError
from casework.services.earlier_cases import REPEAT, repeat_facts
from casework.services.ports import UnitOfWork

INTEREST_FIELD = "--interest（第三方的具体权益）"
# 「商业秘密、个人隐私等」: a list closed by 等 names no interest in particular.
_VAGUE = re.compile(r"[、，,和及或].*等$|^等|^其他$|^第三方合法权益$")


def interest_fact(given: dict[str, str | None]) -> dict[str, str | None]:
    """``given`` with ``interest`` as printed: a code replaced by its words; vague refused."""
    value = (given.get("interest") or "").strip()
    if not value:
        return given
    printed = THIRD_PARTY_INTERESTS.get(value, value)
    if _VAGUE.search(printed):
        choices = "、".join(f"{code}（{words}）" for code, words in THIRD_PARTY_INTERESTS.items())
        raise ValidationError(
            f"「{printed}」未指明具体权益：请选择 {choices}，或写明所涉的其他具体权益（条例第十五条）",
            field=INTEREST_FIELD,
        )
    return {**given, "interest": printed}


def completed_facts(
    uow: UnitOfWork, case: Case, outcome: str, facts: dict[str, str]
) -> dict[str, str]:
    """The draft's facts with what the register supplies (a repeat's earlier reply)."""
    if outcome == REPEAT:
        return repeat_facts(uow, case, facts)
    return facts
