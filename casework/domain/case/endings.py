"""Two decisions that end something in writing: disclosing over a third party's objection
(Reg. art. 32) and the applicant's withdrawal (seed 003: every application ends with a written
document).  ``casework.domain.case.decisions`` holds them in the case's record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# How a withdrawal reached the office (seed 003: the confirmation records it).
WITHDRAWAL_WAYS = {
    "written": "书面",
    "in-person": "当面口头（已记录在案）",
    "phone": "电话（已记录在案）",
    "online": "政府信息公开申请平台",
    "email": "电子邮件",
}


@dataclass(frozen=True)
class ObjectionOverride:
    """公开告知 (Reg. art. 32): the agency decided to disclose although a consulted third party
    objected, because non-disclosure would seriously harm the public interest.  An explicit
    decision of its own, never inferred from the outcome: ``public_interest`` are its reasons
    (not the withholding reasons of the reply), ``provide_on`` the day the information will be
    provided to the applicant, which the 公开告知书 tells the third party."""

    decided_on: date
    public_interest: str
    provide_on: date


@dataclass(frozen=True)
class Withdrawal:
    """撤回: the applicant withdrew the application (counted under AR 三（六）3).

    ``how`` is a key of ``WITHDRAWAL_WAYS`` (None on withdrawals recorded before it was
    asked); ``voided`` the paths of the drafts the withdrawal made void (never sent)."""

    withdrawn_on: date
    reason: str | None = None
    how: str | None = None
    voided: tuple[str, ...] = ()
