"""The letter checker: each required element of a rendered letter, with pass, fail or pending.

``check_letter`` reads what the letter actually says (``LetterText``, read back from the .docx)
against what the case record requires (``Expectation``), per document kind (domain.md §5) and,
for replies and termination letters, per outcome (§1.7) and remedy variant (§3).  A ``fail``
blocks approval; a ``warning`` (no 便民答复 where it usually helps) does not; ``pending`` is the
draft's not-yet-allocated 发文字号.  Interface agreed in LETTER_API.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from casework.domain.letters.base import (
    TITLES,
    Body,
    CheckItem,
    CheckStatus,
    Expectation,
    LetterText,
    date_text,
    failed,
    passed,
    shorten,
    squash,
)
from casework.domain.letters.documents import LONG_REQUEST_CHARS
from casework.domain.letters.form import (
    check_addressee,
    check_current_law,
    check_date_format,
    check_number,
    check_signature,
    check_title,
)
from casework.domain.letters.kinds import KIND_RULES
from casework.domain.letters.notices import NOTICE_RULES
from casework.domain.letters.remedies import check_remedy
from casework.domain.letters.reply import check_outcome
from casework.domain.letters.wording import (
    GENERATED_DETAILS,
    check_addressing,
    check_contact,
    check_placeholders,
    check_short_title,
)

__all__ = [
    "TITLES",
    "CheckItem",
    "CheckStatus",
    "Expectation",
    "LetterText",
    "blocking",
    "check_letter",
]

# domain.md §5: which kinds state the receipt date and what was asked.
_RECEIPT_KINDS = frozenset(
    {
        "reply",
        "acknowledgement",
        "correction_notice",
        "extension_notice",
        "reasons_request",  # Reg. art. 35 letters name the application they concern
        "deferral_notice",
        "consultation_notice",
        "withdrawal_notice",
        "re_reply",
    }
)
_DESCRIPTION_KINDS = frozenset(
    {
        "reply",
        "acknowledgement",
        "third_party_consultation",
        "agency_consultation",
        "disclosure_notice",
        "consultation_notice",
        "withdrawal_notice",
        "re_reply",
    }
)
_OUTCOME_KINDS = frozenset({"reply", "termination", "re_reply"})
# The order of a reply's substance (domain.md §5), for a list that reads like the letter.
_ORDER = ("事实与检索过程", "决定与法律依据", "理由", "须写明事项", "便民答复")


def check_letter(text: LetterText, expected: Expectation) -> list[CheckItem]:
    """Every required element of the letter ``text`` for ``expected``, in letter order."""
    if expected.kind not in TITLES:
        return [
            failed("文书种类", f"未知的文书种类「{expected.kind}」（可选：{'、'.join(TITLES)}）")
        ]
    body = Body(text)
    items = [
        *check_number(body, expected),
        *check_title(body, expected),
        *check_addressee(body, expected),
        *_dates_and_request(body, expected),
    ]
    if expected.kind in _OUTCOME_KINDS:
        items += sorted(check_outcome(body, expected), key=_position)
    items += check_remedy(body, expected)
    items += {**KIND_RULES, **NOTICE_RULES}.get(expected.kind, _no_rules)(body, expected)
    if expected.kind != "delivery_record":  # a form, signed by the recipient (letter_kinds)
        items += [*check_signature(body, expected), *check_contact(body, expected)]
    quoted = [*expected.facts.values(), *expected.details.values()]
    return [
        *items,
        *check_addressing(body, expected, [expected.description]),
        *check_placeholders(body, [expected.details.get(k, "") for k in GENERATED_DETAILS]),
        *check_short_title(body, quoted),
        *check_date_format(body),
        *check_current_law(body, quoted),
    ]


def blocking(items: Sequence[CheckItem]) -> list[CheckItem]:
    """The items that block approval: every ``fail``; warnings and pending do not."""
    return [item for item in items if item.status == "fail"]


def _position(item: CheckItem) -> int:
    return _ORDER.index(item.element) if item.element in _ORDER else len(_ORDER)


def _no_rules(body: Body, expected: Expectation) -> list[CheckItem]:
    return []


def _dates_and_request(body: Body, expected: Expectation) -> list[CheckItem]:
    items = []
    if expected.kind in _RECEIPT_KINDS:
        # Reg. art. 31: the receipt date starts the reply clock.
        items.append(_date_in_text(body, expected, "收到申请日期", expected.received_on))
    if expected.correction_received_on is not None and expected.kind in _QUOTING_KINDS:
        # Reg. art. 30: after the correction, letters quote it and its receipt date.
        items.append(_date_in_text(body, expected, "补正日期", expected.correction_received_on))
    if expected.kind in _DESCRIPTION_KINDS:
        items.append(_request(body, expected.description))
    return items


# Every letter but the 送达回证 quotes the application (templates: RECEIPT, PARTY_RECEIPT).
_QUOTING_KINDS = frozenset(TITLES) - {"delivery_record"}


def _request(body: Body, description: str) -> CheckItem:
    """The request (as corrected), quoted in full — and a long one only once (issue 13)."""
    if not description.strip():
        return failed("申请内容", "案件未记录申请内容")
    if not body.contains(description):
        return failed("申请内容", f"未写明申请内容「{shorten(description)}」")
    quoted = body.text.count(squash(description).rstrip("。．.；;，,"))
    if len(description) > LONG_REQUEST_CHARS and quoted > 1:
        return failed("申请内容", f"较长的申请内容被完整引用{quoted}次，应只完整引用一次，其后概述")
    return passed("申请内容", f"「{shorten(description)}」")


def _date_in_text(body: Body, expected: Expectation, element: str, day: date | None) -> CheckItem:
    """``day`` in the letter's text, other than as the letter's own date in the signature."""
    if day is None:
        return failed(element, f"案件未记录{element}")
    wanted = date_text(day)
    count = body.text.count(wanted)
    if day == expected.dated_on and body.index(wanted) is not None:
        count -= 1
    if count > 0:
        return passed(element, f"「{wanted}」")
    return failed(element, f"未写明{element}「{wanted}」")
