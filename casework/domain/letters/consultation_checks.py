"""The elements of the consultation letters (征求意见函, Reg. arts. 32 and 34) and the premise
of the 公开告知书 that may follow a third party's objection (art. 32).

A third party's silence is no consent: the agency decides (art. 32); another agency's silence
counts as consent (art. 34).  Values come from ``Expectation.details``
(``casework.domain.letters.kinds``).
"""

from __future__ import annotations

import re

from casework.domain.letters.base import Body, CheckItem, Expectation, failed, passed
from casework.domain.letters.matchers import day, phrase, value, working_days

# Reg. art. 32: a third party's silence is no consent — the agency decides under the law.
_AGENCY_DECIDES = r"逾期[^。]*?(?:由本机关|本机关将?)[^。]*?(?:决定|作出决定)"
# Reg. art. 34: another agency's silence counts as consent.
_SILENCE_CONSENTS = r"逾期[^。]*?视为同意"


def third_party_consultation(body: Body, expected: Expectation) -> list[CheckItem]:
    """Reg. art. 32: 15 working days from receipt; silence lets the agency decide."""
    consequence = phrase(
        body,
        "逾期后果",
        _AGENCY_DECIDES,
        "逾期不提出意见的，由本机关依照条例规定决定是否公开（条例第三十二条）",
    )
    consent = re.search(r"视为同意", body.text)
    if consent:
        consequence = failed(
            "逾期后果",
            "第三方逾期不提出意见的，不能视为同意公开，由本机关依法决定（条例第三十二条；"
            "「视为同意」仅适用于征求其他机关意见，条例第三十四条）",
        )
    return [
        # Reg. art. 32; domain.md §1.4: which part concerns the party, why it may be harmed.
        value(body, expected, "concern", "涉及第三方的内容及可能造成的损害"),
        working_days(body, expected, "window_days", "答复期限"),
        day(body, expected, "answer_by", "答复截止日期"),
        consequence,
    ]


def agency_consultation(body: Body, expected: Expectation) -> list[CheckItem]:
    """Reg. art. 34: 15 working days; silence counts as consent to disclose."""
    return [
        working_days(body, expected, "window_days", "答复期限"),
        day(body, expected, "answer_by", "答复截止日期"),
        phrase(
            body,
            "逾期后果",
            _SILENCE_CONSENTS,
            "逾期未提出意见的视为同意公开（条例第三十四条）",
        ),
    ]


# Reg. art. 32: the outcomes that may disclose over an objection.
_DISCLOSING = frozenset({"disclose", "partial"})


def disclosure_premise(expected: Expectation) -> CheckItem:
    """Reg. art. 32: a 公开告知书 exists only when the reply discloses the objector's part over
    the objection; beside a reply that withholds it, the notice is wrong."""
    outcome, ground = (expected.details.get(k, "") for k in ("reply_outcome", "reply_ground"))
    if outcome not in _DISCLOSING or ground == "withhold_third_party":
        return failed(
            "公开告知书的前提",
            f"答复书的办理结果为「{outcome or '未定'}」，对第三方的部分不予公开；"
            "只有因不公开会对公共利益造成重大影响而决定公开时，才向第三方发出公开告知书"
            "（条例第三十二条）",
        )
    return passed("公开告知书的前提", "答复决定公开第三方不同意公开的信息")
