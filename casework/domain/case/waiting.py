"""What a case with a stopped reply clock is waiting for, and since when.

While a clock is stopped (Reg. art. 30 correction, arts. 32/34 consultation, art. 42 fee; the
stop ends when the awaited thing arrives or its window lapses) a count of "days left" says
nothing a clerk can act on; what is awaited, from whom and since which day does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from casework.domain.case.decisions import CaseDecisions


@dataclass(frozen=True)
class Awaited:
    """One thing the case waits for: ``what`` (Chinese, for the clerk), ``since`` the day the
    notice or letter went out, ``restarts`` whether its arrival restarts the whole reply
    period (a correction, Reg. art. 30) rather than resuming it."""

    what: str
    since: date
    restarts: bool = False


def awaited(decisions: CaseDecisions) -> list[Awaited]:
    """Everything ``decisions`` still waits for, oldest first."""
    waiting: list[Awaited] = []
    correction = decisions.last_correction
    if correction is not None and not correction.answered:
        received = (
            f"，申请人 {correction.notice_received_on.isoformat()} 收到"
            if correction.notice_received_on
            else ""
        )
        waiting.append(
            Awaited(f"申请人补正（补正告知书已发出{received}）", correction.requested_on, True)
        )
    for consultation in decisions.consultations:
        if consultation.is_open:
            waiting.append(
                Awaited(
                    f"「{consultation.party}」的书面意见（征求至 "
                    f"{consultation.window_ends_on.isoformat()}）",
                    consultation.sent_on,
                )
            )
    fee = decisions.fee
    if fee is not None and fee.paid_on is None and fee.lapsed_on is None:
        waiting.append(Awaited(f"申请人缴纳信息处理费 {fee.amount} 元", fee.notified_on))
    return sorted(waiting, key=lambda item: item.since)


def awaited_text(decisions: CaseDecisions, days_left: int) -> str:
    """The stopped clock in words: what is awaited and since when, never a bare zero."""
    waiting = awaited(decisions)
    if not waiting:
        return "计时中止"
    parts = "；".join(f"等待{item.what}，自 {item.since.isoformat()} 起" for item in waiting)
    if any(item.restarts for item in waiting):
        after = "收到补正之日起重新计算答复期限（条例第三十条）"
    elif days_left > 0:
        after = f"恢复计算后尚余 {days_left} 个工作日"
    else:
        after = "恢复计算后即须答复"
    return f"计时中止：{parts}；{after}"
