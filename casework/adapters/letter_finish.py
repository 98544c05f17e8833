"""The finishing touches of a rendered letter: its document properties and unbreakable runs.

Document properties (issue #13): a letter's author, title, subject, dates and last editor come
from the agency and the case, never python-docx's defaults (author 「python-docx」, created in
2013); LibreOffice carries title and author into the PDF's Info dictionary.  ``created`` and
``modified`` are the letter's date (成文日期, midnight in Asia/Shanghai): deterministic, and
what a records office files the letter under.

Unbreakable runs (a date, a 发文字号 or an amount is read as one unit): a line may break
between any two Chinese characters, so 「2026年4月28日」 could end a line at 「2026年」.  Word
has no run property for "keep together" and LibreOffice imports none from .docx.  U+2060 WORD
JOINER (Unicode line-breaking class WJ: no break on either side) is honoured by LibreOffice's
Unicode line breaking but ignored by its Chinese (zh-CN) breaking, measured on 7.4: 22 of 28
dates stayed whole in zh-CN text with joiners, 21 without, 28 of 28 with joiners in a run of
its own tagged en-US.  So each date, 发文字号, telephone number and number with its unit becomes
a run of its own, a copy of its run's properties with the language en-US (Latin line-breaking
rules; the SC fonts have no other glyph forms to choose) and ``w:noProof``, and a joiner
between each two of its characters.  The joiner is invisible; ``docx_text.read_letter``
removes it before the checker reads the text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from copy import deepcopy
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

WORD_JOINER = "\u2060"
_SHANGHAI = ZoneInfo("Asia/Shanghai")
_UNITS = "个工作日|个自然日|个月|工作日|日|天|年度|年|元|页|件|份|号|次|条|项"
_UNBREAKABLE = re.compile(
    r"\d{4}年\d{1,2}月\d{1,2}日"  # a date, 2026年4月28日
    r"|\d{4}年\d{1,2}月"
    r"|[\u4e00-\u9fff]{2,8}〔\d{4}〕\d+号"  # a 发文字号, 示发改信复〔2026〕12号
    r"|〔\d{4}〕\d+号"
    rf"|\d+(?:\.\d+)?(?:{_UNITS})"  # a number and its unit, 20个工作日, 100.5元
    r"|\d[\d-]*\d"  # a telephone number, 010-12345678
)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def join_unbreakable(text: str) -> str:
    """``text`` with a word joiner between the characters of each unbreakable run."""
    return _UNBREAKABLE.sub(lambda match: WORD_JOINER.join(match.group(0)), text)


def keep_runs_whole(document: Any) -> None:
    """Split every unbreakable span of the body (tables included) into a joined run."""
    for run in list(document.element.body.iter(f"{_W}r")):
        children = [child for child in run if child.tag != f"{_W}rPr"]
        if len(children) != 1 or children[0].tag != f"{_W}t" or not children[0].text:
            continue  # fields, breaks, pictures: left as they are
        pieces = _pieces(children[0].text)
        if len(pieces) > 1 or pieces[0][1]:
            for piece, unbreakable in pieces:
                run.addprevious(_run_like(run, piece, unbreakable=unbreakable))
            run.getparent().remove(run)


def _pieces(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, unbreakable) in order."""
    pieces, at = [], 0
    for match in _UNBREAKABLE.finditer(text):
        if match.start() > at:
            pieces.append((text[at : match.start()], False))
        pieces.append((WORD_JOINER.join(match.group(0)), True))
        at = match.end()
    if at < len(text) or not pieces:
        pieces.append((text[at:], False))
    return pieces


def _run_like(run: Any, text: str, *, unbreakable: bool) -> Any:
    """A copy of ``run`` holding ``text``; an unbreakable one in Latin line-breaking."""
    copy = deepcopy(run)
    for child in [child for child in copy if child.tag != f"{_W}rPr"]:
        copy.remove(child)
    element = OxmlElement("w:t")
    copy.append(element)
    element.text = text
    element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    if unbreakable:
        properties = copy.get_or_add_rPr()
        for old in properties.findall(f"{_W}lang") + properties.findall(f"{_W}noProof"):
            properties.remove(old)
        properties.get_or_add_noProof()  # python-docx places it in schema order
        lang = _element("lang", val="en-US", eastAsia="en-US")
        properties.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    return copy


def _element(name: str, **attributes: str) -> Any:
    return OxmlElement(
        f"w:{name}", attrs={qn(f"w:{key}"): value for key, value in attributes.items()}
    )


def set_properties(document: Any, context: Mapping[str, Any]) -> None:
    """Author, title, subject, dates and last editor from the agency and the case."""
    properties = document.core_properties
    agency = str(context.get("agency_name", ""))
    properties.author = properties.last_modified_by = agency
    properties.title = str(context.get("letter_title") or context.get("title", ""))
    properties.category = str(context.get("title", ""))
    properties.subject = str(context.get("case_number", ""))
    properties.keywords = str(context.get("number", ""))
    properties.comments = ""
    properties.language = "zh-CN"
    properties.revision = 1
    dated = context.get("dated_on")
    if dated:
        moment = _midnight_utc(date.fromisoformat(str(dated)))
        properties.created = properties.modified = moment
        properties.last_printed = moment


def _midnight_utc(day: date) -> datetime:
    """Midnight of ``day`` in Asia/Shanghai as a naive UTC time (python-docx writes it + 'Z')."""
    return datetime.combine(day, time(0), _SHANGHAI).astimezone(UTC).replace(tzinfo=None)
