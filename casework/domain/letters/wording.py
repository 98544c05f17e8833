"""Wording every letter shares: no placeholder left, the short title, the form of address and
the office's contact (domain.md §5).

- A letter that leaves XXX, ×××, 待补充, an empty 【】 or （）, or 「（地址：…）」 is a draft
  nobody finished; a reviewer refuses to sign it.
- The short title 《条例》 is introduced once after the full title of the Regulation
  (「《中华人民共和国政府信息公开条例》（以下简称《条例》）」); the full title is printed once.
- An organisation is addressed as 你单位 / 贵单位 (agency profile), never 您; a person as 您.
- Every letter names the office's contact person and telephone (profile).
A URL is not a date: ``without_urls`` lets the date-format rule skip the digits of a web
address a clerk quotes (an 已主动公开 reply names the page).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from casework.domain.letters.base import Body, CheckItem, Expectation, failed, passed, squash

FULL_TITLE = "《中华人民共和国政府信息公开条例》"
SHORT_TITLE = "《条例》"
INTRODUCTION = "（以下简称《条例》）"
PERSON = "您"
_PLACEHOLDERS = re.compile(
    r"(?<![A-Za-z])[XＸx]{3,}(?![A-Za-z])|×{2,}|(?<![0-9＊*])[＊*]{3,}(?![0-9Xx＊*])|待补充|待填写|此处填写"
    r"|【】|（）|\(\)|（[^（）]{0,10}[：:]）|\{\{|\{%|（[^（）]*?(?:…|\.\.\.|。。。)[^（）]*?）"
)
_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")


def without_urls(text: str) -> str:
    """``text`` with every web address cut out."""
    return _URL.sub("", text)


# What the system itself prints, never typed by a clerk: a random query code such as
# 「7XXX2KPQ」 is no placeholder (its alphabet of 31 has X; about one 8-character code in
# 5,000 holds XXX).
GENERATED_DETAILS = ("query_code", "case_number")


def check_placeholders(body: Body, generated: Iterable[str] = ()) -> list[CheckItem]:
    """No template blank or unfinished wording left (XXX, ×××, 待补充, 【】, （…）); the
    ``generated`` values (query code, case number) are cut out first."""
    text = without_urls(body.text)
    for value in generated:
        if value:
            text = text.replace(value, "")
    found = list(dict.fromkeys(m.group(0) for m in _PLACEHOLDERS.finditer(text)))
    if found:
        return [
            failed(
                "占位文字",
                f"文书中仍有未填写的占位内容「{'」「'.join(found)}」，应填写实际内容后再出具",
            )
        ]
    return [passed("占位文字", "未发现XXX、×××、待补充、空【】等占位内容")]


def check_short_title(body: Body, quoted: Iterable[str] = ()) -> list[CheckItem]:
    """The full title once; 《条例》 only after 「全称（以下简称《条例》）」 (domain.md §5).

    The letter's own wording counts: a clerk's fact (``quoted``) may cite the Regulation in
    full, as the basis of a reason or of a publication.
    """
    text = _without(body.text, quoted)
    full = text.count(FULL_TITLE)
    short = text.replace(INTRODUCTION, "").count(SHORT_TITLE)
    problems = []
    if full > 1:
        problems.append(
            f"条例全称{FULL_TITLE}出现{full}次：应只在首次出现时写全称并注明{INTRODUCTION}，"
            f"其后使用简称{SHORT_TITLE}"
        )
    if short:
        introduced = text.find(FULL_TITLE + INTRODUCTION)
        first_short = text.replace(INTRODUCTION, "\0" * len(INTRODUCTION)).find(SHORT_TITLE)
        if introduced < 0 or first_short < introduced:
            problems.append(f"使用简称{SHORT_TITLE}之前，应先写全称{FULL_TITLE}{INTRODUCTION}")
    if problems:
        return [failed("条例名称", "；".join(problems))]
    return [passed("条例名称", "全称只出现一次，简称在全称之后引入")]


def check_addressing(
    body: Body, expected: Expectation, quoted: Iterable[str] = ()
) -> list[CheckItem]:
    """An organisation is 你单位/贵单位, never 您 (domain.md §5); the applicant's own request
    (``quoted``) may say what it likes."""
    wanted = expected.addressed_as
    if wanted == PERSON:
        return []
    if PERSON in _without(body.text, quoted):
        return [
            failed(
                "称谓",
                f"申请人「{expected.applicant_name}」是法人或者其他组织，应称「{wanted}」，不用「您」",
            )
        ]
    return [passed("称谓", f"称申请人为「{wanted}」")]


def check_contact(body: Body, expected: Expectation) -> list[CheckItem]:
    """The office's contact person and telephone, from the agency profile (domain.md §5)."""
    items = []
    for element, value, key in (
        ("联系人", expected.contact_person, "contact_person"),
        ("联系电话", expected.phone, "phone"),
    ):
        if not value.strip():
            items.append(failed(element, f"机关信息未配置{element}（{key}），文书无法写明"))
        elif body.contains(value):
            items.append(passed(element, f"「{value}」"))
        else:
            items.append(failed(element, f"未写明{element}「{value}」"))
    return items


def _without(text: str, quoted: Iterable[str]) -> str:
    for words in quoted:
        cut = squash(words).rstrip("。；;")
        if len(cut) >= 2:
            text = text.replace(cut, "")
    return text
