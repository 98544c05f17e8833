"""The elements of the notices that end or pause something in writing (issue 13).

公开告知书 only after an explicit override of a third party's objection (Reg. art. 32), the
征求意见告知书 that tells the applicant the clock stops (art. 33 para. 3), the 撤回申请确认书
(seed 003) and the 重新答复 (ARL art. 64; ALL art. 70).  Values come from
``Expectation.details`` as for the other kinds (``casework.domain.letters.kinds``).
"""

from __future__ import annotations

from casework.domain.letters.base import Body, CheckItem, Expectation, failed
from casework.domain.letters.consultation_checks import disclosure_premise
from casework.domain.letters.matchers import day, phrase, value


def _disclosure_notice(body: Body, expected: Expectation) -> list[CheckItem]:
    """Reg. art. 32: only after an explicit decision to disclose over the objection; what will
    be disclosed, the public-interest reasons, the day it is provided, no later than the reply
    (the third party's remedies are checked as the remedy paragraph)."""
    premise = disclosure_premise(expected)
    if not expected.details.get("public_interest", "").strip():
        return [
            premise,
            failed(
                "公开决定",
                "案件没有不顾第三方反对决定公开的记录（答复不公开第三方反对的内容，或未写明公共"
                "利益理由），不应发出公开告知书（条例第三十二条）",
            ),
            failed(
                "公开理由",
                "未写明不公开会对公共利益造成重大影响的理由（条例第三十二条）；"
                "不得以答复书不予公开的理由代替",
            ),
        ]
    items = [
        premise,
        value(body, expected, "disclosed", "决定公开的内容"),
        value(body, expected, "public_interest", "公共利益理由"),
        day(body, expected, "provide_on", "提供信息日期"),
    ]
    issued = expected.details.get("reply_issued_on", "")
    if issued and expected.dated_on.isoformat() > issued:
        items.append(failed("告知日期", f"公开告知书不得晚于答复书（{issued}）"))
    return items


def _consultation_notice(body: Body, expected: Expectation) -> list[CheckItem]:
    """Reg. art. 33 para. 3: the applicant is told the consultation time is not counted."""
    return [
        day(body, expected, "sent_on", "征求意见日期"),
        day(body, expected, "window_ends_on", "征求意见期限"),
        phrase(
            body,
            "期限中止",
            r"第三十三条第三款[^。]*?不计算在[^。]*?答复期限内",
            "征求意见所需时间不计算在答复期限内（条例第三十三条第三款）",
        ),
    ]


def _withdrawal_notice(body: Body, expected: Expectation) -> list[CheckItem]:
    """Seed 003: the withdrawal's date, how it was made, and the end of the handling."""
    items = [
        day(body, expected, "withdrawn_on", "撤回日期"),
        value(body, expected, "how", "撤回方式"),
        phrase(body, "终止办理", r"终止办理", "确认终止办理该申请"),
    ]
    if expected.details.get("reason", "").strip():
        items.append(value(body, expected, "reason", "撤回理由"))
    return items


def _re_reply(body: Body, expected: Expectation) -> list[CheckItem]:
    """ARL art. 64; ALL art. 70: the decision ordering the new reply, the reply it replaces."""
    return [
        phrase(body, "重新答复", r"本答复书?(?:为|系|是)重新答复", "写明本答复书为重新答复"),
        value(body, expected, "decision_organ", "作出决定的机关"),
        value(body, expected, "decision_number", "决定书文号"),
        day(body, expected, "decision_on", "决定日期"),
        value(body, expected, "replaced_number", "原答复书字号"),
        day(body, expected, "replaced_on", "原答复日期"),
    ]


NOTICE_RULES = {
    "disclosure_notice": _disclosure_notice,
    "consultation_notice": _consultation_notice,
    "withdrawal_notice": _withdrawal_notice,
    "re_reply": _re_reply,
}
