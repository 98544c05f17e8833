"""The reply letter's substance: decision, legal basis, facts, reasons and 便民答复.

The outcome catalogue (``workflows/outcomes.yaml``, domain.md §1.7) says what each reply must
print: the decision paragraph, the basis by article and item, and the extra facts.  Reg. art.
36(三) requires reasons wherever anything is withheld; seed 003 the search process where the
information is not held (Reg. art. 36(四)); domain.md §3 the remedy variant (ARL art. 23:
reconsideration first for refusals under Reg. arts. 14–16, which must not offer a lawsuit).
"""

from __future__ import annotations

import re

from casework.domain.letters.base import (
    Body,
    CheckItem,
    Expectation,
    failed,
    iso_date_text,
    passed,
    regulation_citations,
    shorten,
    squash,
)
from casework.domain.workflow.outcomes import (
    FACT_LABELS,
    PLACEHOLDER_TAG,
    RECONSIDERATION_FIRST_ARTICLES,
    REGULATION,
    Outcome,
)
from casework.errors import ValidationError

DECISION = "决定与法律依据"
REMEDY = "救济途径"
_ELEMENT_OF_FACT = {
    "search_process": "事实与检索过程",
    "facts": "事实与检索过程",
    "reasons": "理由",
    "convenience": "便民答复",
}


def check_outcome(body: Body, expected: Expectation) -> list[CheckItem]:
    """Decision and basis, then each fact the outcome requires, then the 便民答复."""
    outcome = expected.outcome
    if outcome is None:
        return [failed(DECISION, "未给出办理结果，无法核对决定与法律依据")]
    try:
        ground = outcome.check_ground(expected.ground)
    except ValidationError as error:
        return [failed(DECISION, error.rule)]
    items = [_decision(body, outcome, ground)]
    items += [_fact(body, expected, name, required=True) for name in _required(outcome, ground)]
    if "search_process" in _required(outcome, ground):
        items.append(check_search_process(expected.facts.get("search_process") or ""))
    optional = _optional(expected, outcome, ground)
    items += [_fact(body, expected, name, required=False) for name in optional]
    items += [CheckItem("便民答复", "warning", text) for text in outcome.warnings(expected.facts)]
    if outcome.code == "repeat":
        items.append(check_earlier_case(body, expected))
    return items


EARLIER = "此前的答复"
# Reg. art. 36 item 6: why the register does not bear out the earlier case the reply cites.
_REGISTER_PROBLEMS = {
    "missing": "登记簿中没有所引的此前案件「{earlier_reference}」",
    "same_case": "所引的此前案件是本案自身",
    "other_applicant": "所引的此前案件「{earlier_reference}」的申请人为「{earlier_applicant}」，"
    "不是本案申请人",
    "not_replied": "所引的此前案件「{earlier_reference}」尚未答复",
}


def check_earlier_case(body: Body, expected: Expectation) -> CheckItem:
    """A repeat reply cites an answered case of the same applicant from the register and
    prints that reply's 发文字号 and date as the register keeps them (Reg. art. 36 item 6)."""
    details = {"earlier_reference": "", "earlier_applicant": "", **expected.details}
    status = details.get("earlier_status")
    if status is None:
        return failed(EARLIER, "未能核对登记簿中所引的此前案件")
    if status in _REGISTER_PROBLEMS:
        return failed(
            EARLIER,
            _REGISTER_PROBLEMS[status].format(**details) + "（条例第三十六条第（六）项）",
        )
    number = details.get("earlier_reply_number", "")
    day = iso_date_text(details.get("earlier_replied_on", "")) or ""
    missing = [text for text in (number, day) if not body.contains(text)]
    if missing:
        return failed(
            EARLIER,
            f"未按登记簿写明此前答复的文号和日期：{'、'.join(f'「{m}」' for m in missing)}",
        )
    return passed(EARLIER, f"{day}以{number}答复")


def _decision(body: Body, outcome: Outcome, ground: Outcome | None) -> CheckItem:
    problems = [
        f"缺少办理结果「{outcome.label}」决定段落中的「{shorten(fragment)}」"
        for fragment in decision_fragments(outcome.paragraph)
        if fragment not in body.text
    ]
    basis = outcome.basis_text_for(ground)
    split = ground is not None and body.contains(outcome.basis.text)
    split = (
        split and ground is not None and body.contains(ground.basis.text.removeprefix(REGULATION))
    )
    if basis and not (body.contains(basis) or split):
        cited = "、".join(dict.fromkeys(c for c, _ in regulation_citations(body.text)))
        seen = f"；文中引用的条例条款：{cited}" if cited else "；文中未引用条例条款"
        problems.append(f"未找到法律依据「{basis}」{seen}")
    if problems:
        return failed(DECISION, "；".join(problems))
    return passed(DECISION, f"{outcome.label}：{basis or '依据见处理意见'}")


def decision_fragments(paragraph: str) -> list[str]:
    """The fixed wording of a catalogue paragraph: the text outside placeholders and ifs."""
    pieces: list[str] = []
    depth, start = 0, 0
    for tag in PLACEHOLDER_TAG.finditer(paragraph):
        if depth == 0:
            pieces.append(paragraph[start : tag.start()])
        words = (tag.group(2) or "").split()
        depth += words[:1] == ["if"]
        depth -= words == ["endif"]
        start = tag.end()
    pieces.append(paragraph[start:])
    fragments = (squash(piece).strip("。，、；：") for piece in pieces)
    return [fragment for fragment in fragments if len(fragment) >= 2]


def withholds(outcome: Outcome) -> bool:
    """Whether anything is withheld: Reg. arts. 14–16 refusals and partial disclosure (37)."""
    return outcome.follows_ground or bool(outcome.basis.articles & RECONSIDERATION_FIRST_ARTICLES)


def _required(outcome: Outcome, ground: Outcome | None) -> list[str]:
    names = list(outcome.required_facts)
    if ground is not None:
        names += [name for name in ground.required_facts if name not in names]
    # Seed 003 and Reg. art. 36(四): a "not held" reply states the search process.
    not_held = any(p.article == 36 and p.item == 4 for p in outcome.basis.provisions)
    if not_held and "search_process" not in names:
        names.append("search_process")
    # Reg. art. 36(三): a refusal gives its reasons.
    if withholds(outcome) and "reasons" not in names:
        names.append("reasons")
    return [name for name in names if name != "ground"]


def _optional(expected: Expectation, outcome: Outcome, ground: Outcome | None) -> list[str]:
    """Optional facts the clerk gave: once given, the letter must print them."""
    required = set(_required(outcome, ground))
    names = [*outcome.optional_facts, *(ground.optional_facts if ground else ())]
    given = [n for n in names if (expected.facts.get(n) or "").strip() and n not in required]
    return list(dict.fromkeys(given))


def _fact(body: Body, expected: Expectation, name: str, *, required: bool) -> CheckItem:
    element = _ELEMENT_OF_FACT.get(name, "须写明事项")
    label = FACT_LABELS.get(name, name).split("（")[0]
    value = (expected.facts.get(name) or "").strip()
    if not value:
        return failed(element, f"案件未填写{label}，答复书无法写明")
    if body.contains(value):
        return passed(element, f"{label}：「{shorten(value)}」")
    why = "必须写明" if required else "经办人已填写"
    return failed(element, f"答复书中未找到{label}「{shorten(value)}」（{why}）")


# Seed 003 and domain.md §1.7: a "not held" reply states the search process — where was
# searched, what, with which keywords.  「已检索」 alone says nothing a court can review.
SEARCH = "检索过程要素"
_SEARCH_WHERE = re.compile(
    r"系统|数据库|档案|台账|登记簿|目录|文件库|平台|网站|卷宗|收文|发文|库|科室|处室|归档"
)
_SEARCH_WHAT = re.compile(r"文件|资料|档案|记录|信息|公文|材料|卷宗|台账|登记")
_SEARCH_KEYWORDS = re.compile(r"关键词|关键字|检索词|[“「\"][^”」\"]+[”」\"]")
_SEARCH_MIN = 15  # characters: 「已检索」「经查询，无」 are below any real description


def check_search_process(process: str) -> CheckItem:
    """Where, what and keywords in the clerk's search process (domain.md §1.7)."""
    text = squash(process)
    missing = [
        label
        for label, pattern in (
            ("检索范围（检索了哪些系统、档案或台账）", _SEARCH_WHERE),
            ("检索对象（检索了哪类文件、记录）", _SEARCH_WHAT),
            ("检索关键词", _SEARCH_KEYWORDS),
        )
        if not pattern.search(text)
    ]
    if len(text) < _SEARCH_MIN and not missing:
        missing.append(f"具体过程（仅{len(text)}字）")
    if missing:
        return failed(
            SEARCH,
            f"检索过程「{shorten(process)}」未写明{'、'.join(missing)}"
            "（条例第三十六条第（四）项；应写明检索范围、对象和关键词）",
        )
    return passed(SEARCH, "写明了检索范围、对象和关键词")
