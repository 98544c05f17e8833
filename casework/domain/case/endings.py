"""Two decisions that end something in writing: disclosing over a third party's objection
(Reg. art. 32) and the applicant's withdrawal (seed 003: every application ends with a written
document).  ``casework.domain.case.decisions`` holds them in the case's record.  Also how a
case ended without a reply (voided or withdrawn), as ``show`` states it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # records imports decisions, which imports this module
    from casework.domain.case.records import Case, CaseEvent

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


# Issue 17: a finished case imported from a 台账 is archived by the import, without an archive
# bundle (its letters and journal of the old system are not in the engine).
IMPORTED_ARCHIVE_NOTE = "历史台账导入，无归档包"
IMPORT_ACTION = "import"  # the journal action of ``casework import`` (services.importing)


def imported_without_bundle(case: Case, events: Sequence[CaseEvent]) -> bool:
    """Archived by ``casework import`` (its journal opens with the import) and never archived
    by the engine since (no archive record, hence no bundle)."""
    imported = bool(events) and events[0].action == IMPORT_ACTION
    return imported and case.state == "archived" and case.decisions.reply.archive is None


@dataclass(frozen=True)
class CaseEnding:
    """How a case ended without a reply, as ``show`` states it: ``voided`` (作废登记: the
    registration was no application, counted nowhere; ``reason`` is the void's, from its
    journal entry) or ``withdrawn`` (撤回, seed 003: confirmed in writing; ``how`` a key of
    ``WITHDRAWAL_WAYS``)."""

    kind: str
    ended_on: date | None
    reason: str | None = None
    how: str | None = None

    @property
    def label(self) -> str:
        return "已作废" if self.kind == "voided" else "已撤回"

    def text(self) -> str:
        """The line ``show`` prints, never the word 办结 for a registration that was voided."""
        on = self.ended_on.isoformat() if self.ended_on else "日期未记录"
        if self.kind == "voided":
            return f"已于 {on} 作废登记（不是政府信息公开申请）；理由：{self.reason or '未记录'}"
        way = f"（{WITHDRAWAL_WAYS[self.how]}）" if self.how in WITHDRAWAL_WAYS else ""
        return f"申请人已于 {on} 撤回申请{way}；理由：{self.reason or '未注明'}"

    def as_json(self) -> dict[str, str | None]:
        return {
            "kind": self.kind,
            "label": self.label,
            "on": self.ended_on.isoformat() if self.ended_on else None,
            "reason": self.reason,
            "how": self.how,
            "text": self.text(),
        }
