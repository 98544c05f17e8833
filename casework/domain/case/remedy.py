"""Remedy records (救济): reconsideration and litigation about a case, for table 四 and 重新答复.

A remedy is one proceeding — an application for administrative reconsideration (ARL), a
lawsuit filed directly (ALL) or a lawsuit after reconsideration (ALL art. 45) — identified by
its case, kind and filing date, and updated as it proceeds (result, decision date).  It is
counted in table 四 of the year it was filed (domain.md §4), with the result it had on 31 Dec.
A corrected result (撤销、确认违法、责令重新答复 …) may reopen the case for a new reply
(ARL art. 64; ALL art. 70; 法释〔2011〕17号 art. 9).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from casework.errors import ValidationError

KINDS: dict[str, str] = {
    "reconsideration": "行政复议",
    "litigation": "行政诉讼（未经复议直接起诉）",
    "litigation-after-reconsideration": "行政诉讼（复议后起诉）",
}
RESULTS: dict[str, str] = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
}
KIND_FIELD = "--kind（救济类型）"
RESULT_FIELD = "--result（结果）"
FILED_FIELD = "--filed-on（申请或起诉日期）"
DECIDED_FIELD = "--decided-on（决定或裁判日期）"


@dataclass(eq=False)
class Remedy:
    """One reconsideration or lawsuit about a case; ``reported_*`` is the snapshot of the
    case's first conclusion, kept when the remedy reopened it (table 三 counts that one)."""

    case_id: int
    kind: str
    filed_on: date
    recorded_at: datetime
    recorded_by: str
    result: str = "pending"
    organ: str | None = None
    decided_on: date | None = None
    reopened_on: date | None = None
    reported_outcome: str | None = None
    reported_concluded_on: date | None = None
    id: int | None = None

    @property
    def label(self) -> str:
        return f"{KINDS[self.kind]}（{self.filed_on.isoformat()}）"


def check_remedy(remedy: Remedy, received_on: date, today: date) -> None:
    """The rules every remedy record keeps; ``ValidationError`` listing each one broken."""
    kind, result = remedy.kind, remedy.result
    filed_on, decided_on = remedy.filed_on, remedy.decided_on
    problems: list[tuple[str, str]] = []
    if kind not in KINDS:
        problems.append((KIND_FIELD, f"可选：{'、'.join(KINDS)}"))
    if result not in RESULTS:
        problems.append((RESULT_FIELD, f"可选：{'、'.join(RESULTS)}"))
    if filed_on > today:
        problems.append((FILED_FIELD, f"不能晚于今天（{today.isoformat()}）"))
    if filed_on < received_on:
        problems.append((FILED_FIELD, f"不能早于收到申请之日（{received_on.isoformat()}）"))
    if result == "pending" and decided_on is not None:
        problems.append((DECIDED_FIELD, "尚未审结（pending）的不能填写决定或裁判日期"))
    if result != "pending" and decided_on is None:
        problems.append((DECIDED_FIELD, "已有结果的须填写行政复议决定或裁判的日期"))
    if decided_on is not None and decided_on < filed_on:
        problems.append((DECIDED_FIELD, "不能早于申请复议或起诉之日"))
    if decided_on is not None and decided_on > today:
        problems.append((DECIDED_FIELD, f"不能晚于今天（{today.isoformat()}）"))
    if problems:
        raise ValidationError.many(problems)
