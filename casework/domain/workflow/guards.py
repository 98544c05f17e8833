"""The guard predicates of the workflow: the named conditions a transition may require.

A condition in ``workflows/disclosure.yaml`` must be one of ``PREDICATES``: pure functions of
the case and of the ``GuardFacts`` the services compute for each action (today's date, the
actor, counts).  Each cites the rule it enforces (Reg. arts. 30, 33, the Fee measures, the
separation of drafting and sign-off), and ``CONDITION_REFUSALS`` says in the clerk's words why
an action is refused when its condition fails.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from casework.domain.case.records import Case


@dataclass(frozen=True, slots=True)
class GuardFacts:
    """What a guard needs to know beyond the case; the services compute it for each action.

    today: the effective date of the action.  actor: who acts.  drafter: who drafted the reply
    under review (None when a system step produced it).  correction_rounds_used / _allowed:
    correction notices sent and the configured limit.  open_consultations: consultation letters
    neither answered nor lapsed.  reply_clock_expired: the reply due date has passed on
    ``today``.  fee_notified: a fee notice already went out for this application.
    extension_requested: a clerk's extension request awaits the head's approval.
    """

    today: date
    actor: str
    drafter: str | None
    correction_rounds_used: int
    correction_rounds_allowed: int
    open_consultations: int
    reply_clock_expired: bool
    fee_notified: bool
    extension_requested: bool = False


def correction_round_available(case: Case, guard: GuardFacts) -> bool:
    """A correction notice may still go out: fewer rounds used than allowed."""
    # Reg. art. 30: one notice listing every item (one round by default, configurable).
    return guard.correction_rounds_used < guard.correction_rounds_allowed


def no_open_consultation(case: Case, guard: GuardFacts) -> bool:
    """Every consultation letter has been answered or its window has lapsed."""
    # Reg. art. 33 para. 3: the clock stays stopped until the last consultation ends.
    return guard.open_consultations == 0


def consultation_open(case: Case, guard: GuardFacts) -> bool:
    """At least one consultation letter is still waiting for its answer."""
    # Reg. art. 33 para. 3 (arts. 32, 34: 15 working days for each consulted party).
    return guard.open_consultations > 0


def reply_clock_not_expired(case: Case, guard: GuardFacts) -> bool:
    """The reply period has not run out yet, so an extension can still be decided."""
    # Reg. art. 33 para. 2: the extension is approved before the current due date.
    return not guard.reply_clock_expired


def fee_not_yet_notified(case: Case, guard: GuardFacts) -> bool:
    """No fee notice has gone out for this application."""
    # Fee art. 3: one charge per application, by one method only.
    return not guard.fee_notified


def approver_is_not_drafter(case: Case, guard: GuardFacts) -> bool:
    """The person signing off is not the person who drafted the reply."""
    # Seed 002: 审核、审签 are separate steps by separate people.
    return guard.actor != guard.drafter


def extension_requested(case: Case, guard: GuardFacts) -> bool:
    """A clerk asked for an extension and the head has not decided it yet."""
    # Reg. art. 33 para. 2: the head of the disclosure office consents, under their own name.
    return guard.extension_requested


PREDICATES: Mapping[str, Callable[[Case, GuardFacts], bool]] = MappingProxyType(
    {
        "correction_round_available": correction_round_available,
        "no_open_consultation": no_open_consultation,
        "consultation_open": consultation_open,
        "reply_clock_not_expired": reply_clock_not_expired,
        "fee_not_yet_notified": fee_not_yet_notified,
        "approver_is_not_drafter": approver_is_not_drafter,
        "extension_requested": extension_requested,
    }
)

# Why an action is refused when its condition fails, in the clerk's words.
CONDITION_REFUSALS: Mapping[str, str] = MappingProxyType(
    {
        "correction_round_available": "补正告知次数已用完（条例第三十条：一次性告知需要补正的全部内容）",
        "no_open_consultation": "仍有未答复且未期满的征求意见（条例第三十三条第三款）",
        "consultation_open": "没有进行中的征求意见",
        "reply_clock_not_expired": "答复期限已届满，延期须在期限届满前决定（条例第三十三条第二款）",
        "fee_not_yet_notified": "本申请已发出收费通知，每件申请只能收费一次（《政府信息公开信息处理费管理办法》第三条）",
        "approver_is_not_drafter": "审签人不能是拟稿人（审核、审签须由不同人员办理）",
        "extension_requested": "没有待批准的延期申请；请经办人先执行 extend 提出申请",
    }
)
