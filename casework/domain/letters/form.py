"""Elements every letter shares: 发文字号, title, addressee, signature block, dates, current law.

GB/T 9704-2012 fixes the form of the 发文字号 (机关代字〔year〕sequence号: no 「第」, no leading
zero, 六角括号 only), the title and the signature block (agency name, seal, date in Arabic
numerals).  The 2019 Regulation replaced the 2007 text: 2007 article numbers, the 15-working-day
reply period and the 3-month litigation period are defects wherever they appear (domain.md §3).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from casework.domain.letters.base import (
    DRAFT_NUMBER,
    NUMBER_MARKERS,
    PARTY_KINDS,
    SEAL_MARKER,
    TITLES,
    Body,
    CheckItem,
    Expectation,
    cited_provisions,
    date_text,
    failed,
    passed,
    shorten,
    squash,
)
from casework.domain.letters.wording import without_urls
from casework.domain.workflow.outcomes import REGULATION_ARTICLES

NUMBER = "发文字号"
# Anything shaped like a document number, to say what is wrong with it (checked paragraph by
# paragraph; body text has punctuation and never matches).
_NUMBER_LIKE = re.compile(
    r"^(?P<prefix>[^\d，。：；、“”]{1,20}?)(?P<open>[〔【\[［(（〈<{]?)(?P<year>\d{4})"
    r"(?P<close>[〕】\]］)）〉>}]?)(?P<di>第?)(?P<seq>\d+)号$"
)
_DATE_ONLY = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")


def check_number(body: Body, expected: Expectation) -> list[CheckItem]:
    """The 发文字号: pending in a draft, else well-formed and the number allocated."""
    marker = NUMBER_MARKERS.get(expected.kind)
    if marker is None:  # the 送达回证 records another letter's number
        return []
    if body.index(DRAFT_NUMBER) is not None:
        if not expected.final:
            return [CheckItem(NUMBER, "pending", f"草稿尚未编号（{DRAFT_NUMBER}），签发时分配")]
        return [failed(NUMBER, f"已签发的文书仍为「{DRAFT_NUMBER}」，应为「{expected.number}」")]
    shape = f"{expected.doc_code}信{marker}〔年份〕序号号"
    found = [match for text in body.paragraphs if (match := _NUMBER_LIKE.match(text))]
    if not found:
        wanted = expected.number or shape
        return [failed(NUMBER, f"未找到单独成段的发文字号（应为「{wanted}」）")]
    problems = _number_problems(found[0], expected, marker)
    if problems:
        return [failed(NUMBER, f"「{found[0].group(0)}」：{'；'.join(problems)}")]
    return [passed(NUMBER, f"「{found[0].group(0)}」符合「{shape}」")]


def _number_problems(found: re.Match[str], expected: Expectation, marker: str) -> list[str]:
    problems = []
    if found.group("di"):
        problems.append("发文字号中不得有「第」（GB/T 9704-2012）")
    if found.group("seq").startswith("0"):
        problems.append("序号不得有前导零（GB/T 9704-2012）")
    brackets = found.group("open") + found.group("close")
    if brackets != "〔〕":
        problems.append(f"年份应使用六角括号〔〕，而不是「{brackets or '无括号'}」")
    prefix = f"{expected.doc_code}信{marker}"
    if found.group("prefix") != prefix:
        problems.append(f"机关代字应为「{prefix}」，而不是「{found.group('prefix')}」")
    if expected.final and expected.number and found.group(0) != expected.number:
        problems.append(f"应为签发时分配的「{expected.number}」")
    return problems


def check_title(body: Body, expected: Expectation) -> list[CheckItem]:
    """The title alone in its paragraph; after the agency's name when the profile asks
    (GB/T 9704-2012 §7.3.1)."""
    title = f"{expected.title_agency}{TITLES[expected.kind]}"
    if body.index(title) is not None:
        return [passed("标题", f"「{title}」")]
    return [failed("标题", f"未找到单独成段的标题「{title}」")]


def check_addressee(body: Body, expected: Expectation) -> list[CheckItem]:
    """The addressee paragraph 「name：」, the name exactly as registered."""
    if expected.kind in PARTY_KINDS:
        element, name, whose = "收件方", expected.details.get("party", ""), "被征求意见方"
    else:
        element, name, whose = "申请人", expected.applicant_name, "登记的申请人"
    if not name.strip():
        return [failed(element, f"案件未记录{whose}的姓名或名称")]
    if expected.kind == "delivery_record":  # a form: the recipient's name sits in a cell
        if body.contains(name):
            return [passed("受送达人", f"「{name}」")]
        return [failed("受送达人", f"未写明受送达人「{name}」")]
    heading = f"{name}："
    if body.index(heading) is not None:
        return [passed(element, f"抬头「{heading}」与{whose}一致")]
    others = [text for text in body.paragraphs if text.endswith(("：", ":")) and len(text) <= 60]
    seen = f"，实为「{shorten(others[0])}」" if others else ""
    return [failed(element, f"应有单独成段的抬头「{heading}」（与{whose}一致）{seen}")]


def check_signature(body: Body, expected: Expectation) -> list[CheckItem]:
    """Agency name, then the seal (image or 「（印章）」), then the date (GB/T 9704-2012)."""
    agency_at = body.index(expected.agency_name)
    dated = date_text(expected.dated_on)
    date_at = body.index(dated)
    items = [
        passed("机关名称", f"落款「{expected.agency_name}」")
        if agency_at is not None
        else failed("机关名称", f"落款应有单独成段的机关名称「{expected.agency_name}」")
    ]
    items.append(_seal(body, expected, agency_at, date_at))
    if date_at is None:
        others = [text for text in body.paragraphs if _DATE_ONLY.match(text)]
        seen = f"，实为「{others[-1]}」" if others else ""
        items.append(failed("成文日期", f"落款应有单独成段的成文日期「{dated}」{seen}"))
    elif agency_at is not None and date_at < agency_at:
        items.append(failed("成文日期", f"成文日期「{dated}」应在机关名称之后"))
    else:
        items.append(passed("成文日期", f"「{dated}」"))
    return items


def _seal(
    body: Body, expected: Expectation, agency_at: int | None, date_at: int | None
) -> CheckItem:
    if expected.expects_seal_image:
        if body.has_seal_image:
            return passed("印章位置", "已加盖电子印章（图片）")
        return failed("印章位置", "机关信息配置了电子印章图片，文书中未找到该图片")
    seal_at = body.index(SEAL_MARKER)
    if seal_at is None:
        return failed("印章位置", f"落款应有单独成段的「{SEAL_MARKER}」，标明加盖印章的位置")
    if agency_at is not None and date_at is not None and not agency_at < seal_at < date_at:
        return failed("印章位置", f"「{SEAL_MARKER}」应位于机关名称与成文日期之间")
    return passed("印章位置", f"「{SEAL_MARKER}」位于机关名称与成文日期之间")


_BAD_DATE = re.compile(
    r"\d{4}年0\d月|月0\d日|(?<!\d)\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)|[〇零一二三四五六七八九]{4}年"
)


def check_date_format(body: Body) -> list[CheckItem]:
    """Dates as 「2026年4月1日」: Arabic numerals, no leading zeros (GB/T 9704-2012)."""
    bad = _BAD_DATE.search(without_urls(body.text))  # a URL's /2026/04/01/ is no date
    if bad:
        return [
            failed(
                "日期格式",
                f"「{bad.group(0)}」：日期应写作「2026年4月1日」（不加零、不用汉字数字）",
            )
        ]
    return [passed("日期格式", "日期均写作「2026年4月1日」形式")]


_FIFTEEN = r"(?:15|十五)个工作日"
# Reg. 2007 art. 24: 15 working days to reply, extendable by at most 15; the 2019 text (art.
# 33) has 20, extendable by at most 20 — so an extension OF 15 days is lawful, a cap of 15 is not.
# The stale period counts only as the agency's OWN reply period in the letter's own words: the
# agency promising it, the period counted from receipt of the application, or 「答复期限」.
_STALE_REPLY = re.compile(
    rf"(?:本机关|我机关|本单位|本局|我局|行政机关)[^，,。；]{{0,12}}?{_FIFTEEN}内?[^，,]{{0,6}}答复"
    rf"|收到(?:您的|你的|本|该)?申请之日起{_FIFTEEN}内?[^，,]{{0,6}}答复"
    rf"|答复期限[^，,]{{0,10}}{_FIFTEEN}"
)
_STALE_EXTENSION = re.compile(rf"(?:最长|最多)不得?超过{_FIFTEEN}")
# Reg. arts. 32, 34: a consulted party's 15 working days are lawful, not a reply period.
_CONSULTATION_WORDS = ("意见", "征求", "征询", "本函")
_THREE_MONTHS = re.compile(r"(?:3|三)个月")
# 2007 text: art. 21 reply types, art. 22 区分处理, art. 23 third party, art. 24 reply period;
# the 2019 text moved them to arts. 36, 37, 32, 33 and uses 21–24 for proactive disclosure
# (so 「依照条例第二十三条主动公开」 is current law).  They are 2007 law only as the basis of
# a reply: the reply it grounds follows in the sentence, or precedes in the same clause.
_ARTICLES_2007 = {21: "第三十六条", 22: "第三十七条", 23: "第三十二条", 24: "第三十三条"}
_REPLY_TYPE = re.compile(r"答复|告知|不予公开|予以公开|决定|不予提供|不予处理|不再处理|特此")
_CLAUSE_BREAK = re.compile(r"[，,：:]")
_QUOTED_MIN = 4  # clerk facts shorter than this are numbers or names, not quoted sentences


def check_current_law(body: Body, quoted: Iterable[str] = ()) -> list[CheckItem]:
    """No 2007-era article numbers, reply period or litigation period (domain.md §3).

    ``quoted`` are the clerk's facts the letter prints: a period inside them (an applicant's
    request quoted as a reason) is not the agency's own reply period.
    """
    problems = []
    if _DECREE_492.search(body.text):
        problems.append("「国务院令第492号」是2007年条例，现行条例为2019年修订（国务院令第711号）")
    problems += _stale_in_free_text(quoted)
    for sentence in body.sentences():
        problems += _stale_articles(sentence)
        own = _without(sentence, quoted)
        consultation = any(word in own for word in _CONSULTATION_WORDS)
        stale = _STALE_EXTENSION if "延长" in own else _STALE_REPLY
        if not consultation and stale.search(own):
            problems.append(
                f"「{shorten(sentence)}」：15个工作日是2007年条例的答复期限，"
                "现行条例第三十三条为20个工作日（延长不超过20个工作日）"
            )
        if _THREE_MONTHS.search(sentence) and re.search("诉讼|起诉|复议", sentence):
            problems.append(
                f"「{shorten(sentence)}」：起诉期限应为6个月（《中华人民共和国行政诉讼法》第四十六条），"
                "不是3个月"
            )
    if problems:
        return [failed("过时法律表述", "；".join(dict.fromkeys(problems)))]
    return [passed("过时法律表述", "未发现2007年条例的条文序号或期限")]


_DECREE_492 = re.compile(r"国务院令第?492号|国务院第492号令")
_REQUESTED = "要求"  # 「申请人要求本机关在15个工作日内答复」 quotes the applicant, not the law


def _stale_in_free_text(quoted: Iterable[str]) -> list[str]:
    """A clerk's fact that states 15 working days as the reply period is 2007 law too;
    a clause quoting what the applicant asked for (「要求…」) is not."""
    problems = []
    for fact in quoted:
        for clause in _CLAUSE_BREAK.split(squash(fact)):
            if _REQUESTED not in clause and _STALE_REPLY.search(clause):
                problems.append(
                    f"「{shorten(clause)}」：15个工作日是2007年条例的答复期限，"
                    "现行条例第三十三条为20个工作日（延长不超过20个工作日）"
                )
    return problems


def _stale_articles(sentence: str) -> list[str]:
    problems = []
    for citation, article, (start, end) in cited_provisions(sentence):
        if article > REGULATION_ARTICLES:
            problems.append(f"「{citation}」不存在（2019年修订后的条例共五十六条）")
        elif article in _ARTICLES_2007 and _grounds_a_reply(sentence, start, end):
            problems.append(
                f"「{citation}」是2007年条例的条文序号，2019年修订后的条例对应{_ARTICLES_2007[article]}"
            )
    return problems


def _grounds_a_reply(sentence: str, start: int, end: int) -> bool:
    """Whether the citation at ``start:end`` is the basis of a reply in ``sentence``."""
    clause_before = _CLAUSE_BREAK.split(sentence[:start])[-1]
    return bool(_REPLY_TYPE.search(sentence[end:]) or _REPLY_TYPE.search(clause_before))


def _without(sentence: str, quoted: Iterable[str]) -> str:
    for text in quoted:
        fact = squash(text).rstrip("。；;")
        if len(fact) >= _QUOTED_MIN:
            sentence = sentence.replace(fact, "")
    return sentence
