"""The vocabulary of the letter checker: what a letter says, what it must say, and a verdict.

``LetterText`` is what was read back from a rendered .docx (never the context that produced
it); ``Expectation`` is what the case record, the outcome catalogue and the agency profile say
the letter must carry; ``CheckItem`` is the verdict on one required element (domain.md §5).
``Body`` is the checker's view of a letter: every comparison ignores whitespace, because Word,
docxtpl and line breaks inside a clerk's text may add or drop spaces, never words.
``casework.domain.letters.check`` re-exports the public names; import them from there.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from casework.domain.workflow.outcomes import Outcome, Remedy

CheckStatus = Literal["pass", "fail", "pending", "warning"]

# LETTER_API.md: the document kinds and their titles (each title is its own paragraph).
TITLES: dict[str, str] = {
    "acknowledgement": "登记回执",
    "correction_notice": "补正告知书",
    "extension_notice": "延期答复告知书",
    "third_party_consultation": "第三方意见征询函",
    "agency_consultation": "征求意见函",
    "disclosure_notice": "公开告知书",
    "fee_notice": "收费通知书",
    "reasons_request": "说明理由通知",
    "deferral_notice": "延迟答复告知书",
    "termination": "终止办理告知书",
    "delivery_record": "送达回证",
    "reply": "政府信息公开申请答复书",
    "consultation_notice": "征求意见告知书",
    "withdrawal_notice": "撤回申请确认书",
    "re_reply": "政府信息公开申请重新答复书",
}
# GB/T 9704-2012 and LETTER_API.md: 发文字号 = 机关代字 + 信 + marker + 〔year〕 + sequence + 号;
# one sequence per agency, kind and year.  The 送达回证 has no number of its own.
NUMBER_MARKERS: dict[str, str] = {
    "acknowledgement": "登",
    "correction_notice": "补",
    "extension_notice": "延",
    "third_party_consultation": "征",
    "agency_consultation": "商",
    "disclosure_notice": "告",
    "fee_notice": "费",
    "reasons_request": "询",
    "deferral_notice": "迟",
    "termination": "复",
    "reply": "复",
    "re_reply": "复",
    "consultation_notice": "知",
    "withdrawal_notice": "撤",
}
DRAFT_NUMBER = "〔签发时编号〕"
SEAL_MARKER = "（印章）"
# Kinds that go to a consulted party rather than the applicant (addressee ``details["party"]``).
PARTY_KINDS = frozenset({"third_party_consultation", "agency_consultation", "disclosure_notice"})


@dataclass(frozen=True)
class LetterText:
    """A rendered letter read back: every paragraph's text in order, and whether it has a seal.

    paragraphs: the body's paragraphs, then the paragraphs of table cells, stripped.
    has_seal_image: the document contains an inline picture (the 电子印章).
    """

    paragraphs: tuple[str, ...]
    has_seal_image: bool


@dataclass(frozen=True)
class Expectation:
    """What one letter must carry, from the case record, the catalogue and the agency profile."""

    kind: str
    final: bool
    number: str | None
    doc_code: str
    applicant_name: str
    agency_name: str
    dated_on: date
    received_on: date | None
    correction_received_on: date | None
    description: str
    outcome: Outcome | None
    ground: Outcome | None
    facts: Mapping[str, str]
    remedy: Remedy | None
    reconsideration_organ: str
    court: str | None
    details: Mapping[str, str] = field(default_factory=dict)
    expects_seal_image: bool = False
    # The agency's name before the document name in the title (profile title_names_agency).
    title_agency: str = ""
    # domain.md §5: a person is 您, an organisation 你单位/贵单位 (agency profile).
    addressed_as: str = "您"
    # domain.md §5: every letter names the office's contact person and telephone (profile).
    contact_person: str = ""
    phone: str = ""


@dataclass(frozen=True)
class CheckItem:
    """The verdict on one required element: Chinese element name, status, Chinese detail."""

    element: str
    status: CheckStatus
    detail: str


def passed(element: str, detail: str) -> CheckItem:
    return CheckItem(element, "pass", detail)


def failed(element: str, detail: str) -> CheckItem:
    return CheckItem(element, "fail", detail)


_SPACE = re.compile(r"\s+")
_TRAILING_STOP = "。．.；;，,"


def squash(text: str) -> str:
    """``text`` without any whitespace (also full-width spaces and line breaks)."""
    return _SPACE.sub("", text)


def date_text(day: date) -> str:
    """A date as letters print it: 「2026年4月1日」, no leading zeros (domain.md §5)."""
    return f"{day.year}年{day.month}月{day.day}日"


def iso_date_text(value: str) -> str | None:
    """An ISO date of ``Expectation.details`` as letters print it; None if not a date."""
    try:
        return date_text(date.fromisoformat(value))
    except ValueError:
        return None


class Body:
    """The checker's view of a letter: paragraphs and the whole text, whitespace removed."""

    def __init__(self, text: LetterText) -> None:
        self.paragraphs = tuple(squash(paragraph) for paragraph in text.paragraphs)
        self.text = "".join(self.paragraphs)
        self.has_seal_image = text.has_seal_image

    def contains(self, wanted: str) -> bool:
        """Whether ``wanted`` appears, ignoring whitespace and the clerk's closing full stop.

        Paragraphs print the full stop after a placeholder themselves (outcomes.yaml header),
        so a renderer may drop the one a clerk typed at the end of a fact.
        """
        needle = squash(wanted).rstrip(_TRAILING_STOP)
        return bool(needle) and needle in self.text

    def index(self, paragraph: str) -> int | None:
        """The position of the last paragraph that reads exactly ``paragraph``, or None."""
        wanted = squash(paragraph)
        found = [i for i, text in enumerate(self.paragraphs) if text == wanted]
        return found[-1] if found else None

    def sentences(self) -> list[str]:
        """The text cut at 。；！？ and paragraph ends, for rules that look at one sentence."""
        return [s for p in self.paragraphs for s in re.split(r"[。；！？]", p) if s]


def shorten(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters for a detail message."""
    return text if len(text) <= limit else f"{text[:limit]}……"


# A citation of the Regulation: its name, then 第X条[第X款][第（X）项], joined by 、和及与.
# Arabic article numbers (「条例第21条」) are read too: a 2007 number is stale in either form.
# The short title 《条例》 and 「全称（以下简称《条例》）第三十条」 cite the Regulation as well.
_NUMERAL = "〇零一二三四五六七八九十百0-9"
_PROVISION = rf"第[{_NUMERAL}]+条(?:第[{_NUMERAL}]+款)?(?:第（[{_NUMERAL}]+）项)?"
_REGULATION_CITATION = re.compile(
    rf"(?:《(?:中华人民共和国)?政府信息公开条例》(?:（以下简称《条例》）)?|《条例》|(?<![实施《])条例)"
    rf"((?:{_PROVISION}(?:、|和|及|与|以及)?)+)"
)
_ONE_PROVISION = re.compile(_PROVISION)
_ARTICLE = re.compile(rf"第([{_NUMERAL}]+)条")


def chinese_integer(numeral: str) -> int:
    """十四 → 14, 三十六 → 36, 一百 → 100: the numerals statutes use for articles (and 21 → 21)."""
    if numeral.isdigit():
        return int(numeral)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}
    total, current = 0, 0
    for char in numeral:
        if char in digits:
            current = digits[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
    return total + current


def regulation_citations(text: str) -> list[tuple[str, int]]:
    """Each provision of the Regulation that ``text`` cites: (citation, article number)."""
    return [(citation, article) for citation, article, _span in cited_provisions(text)]


def cited_provisions(text: str) -> list[tuple[str, int, tuple[int, int]]]:
    """Each provision of the Regulation that ``text`` cites: (citation, article number, the
    span in ``text`` of the whole citation from the Regulation's name to its last provision)."""
    found: list[tuple[str, int, tuple[int, int]]] = []
    for chain in _REGULATION_CITATION.finditer(text):
        for provision in _ONE_PROVISION.finditer(chain.group(1)):
            article = _ARTICLE.match(provision.group(0))
            if article:
                found.append((provision.group(0), chinese_integer(article.group(1)), chain.span()))
    return found
