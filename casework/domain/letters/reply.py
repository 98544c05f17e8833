"""The reply letter's substance: decision, legal basis, facts, reasons, 便民答复 and remedies.

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
    Remedy,
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
    optional = _optional(expected, outcome, ground)
    items += [_fact(body, expected, name, required=False) for name in optional]
    items += [CheckItem("便民答复", "warning", text) for text in outcome.warnings(expected.facts)]
    return items


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


# Remedies (domain.md §3): the phrases of LETTER_API.md; 「本答复」 may read 「本告知书」 etc.
_SELF = r"本(?:答复书?|告知书?|决定书?|通知书?)"
_LAWSUIT_PERIOD = re.compile(r"(?:6|六)个月内[^。；]*?(?:行政诉讼|起诉)")
_DIRECT_LAWSUIT = re.compile(r"或者[^。；]*?提起行政诉讼|直接[^。；]*?(?:提起行政诉讼|起诉)")
_AFTER_DECISION = re.compile(r"行政复议决定[^。]*?(?:15|十五)日内[^。]*?提起行政诉讼")
_OMITTED = (
    "遗漏救济途径、复议机关或期限的，申请人的复议、起诉期限最长延至一年"
    "（《中华人民共和国行政复议法》第二十条、法释〔2018〕1号第六十四条）"
)


def check_remedy(body: Body, expected: Expectation) -> list[CheckItem]:
    """The remedy paragraph in the variant the outcome requires (domain.md §3)."""
    if expected.remedy is None:
        return []
    variant = _variant(expected.remedy, expected)
    if not isinstance(variant, Remedy):  # Remedy is a StrEnum: test for it, not for str
        return [failed(REMEDY, variant)]
    text = body.text
    if "行政复议" not in text and "行政诉讼" not in text:
        return [failed(REMEDY, f"缺少救济途径；{_OMITTED}")]
    court = f"向{expected.court}" if expected.court else "依法向人民法院"
    problems = _remedy_problems(text, variant, expected, court)
    pattern = _remedy_pattern(variant, expected.reconsideration_organ, court)
    if not problems and not re.search(pattern, text):
        problems.append("救济途径与规定写法不一致：" + _remedy_wording(variant, expected, court))
    if problems:
        return [failed(REMEDY, "；".join(problems))]
    organ = expected.reconsideration_organ
    if variant is Remedy.RECONSIDERATION_FIRST:
        return [passed(REMEDY, f"复议前置：60日内向{organ}申请行政复议")]
    return [passed(REMEDY, f"60日内向{organ}申请行政复议或6个月内起诉")]


def _variant(remedy: Remedy, expected: Expectation) -> Remedy | str:
    """The variant to check; ``follows_ground`` resolved through the ground, or a problem."""
    if remedy is not Remedy.FOLLOWS_GROUND:
        return remedy
    if expected.outcome is None:
        return "未给出办理结果，无法确定救济途径的写法"
    try:
        return expected.outcome.remedy_for(expected.ground)
    except ValidationError as error:
        return error.rule


def _remedy_problems(text: str, variant: Remedy, expected: Expectation, court: str) -> list[str]:
    organ = expected.reconsideration_organ
    problems = []
    if f"向{squash(organ)}申请行政复议" not in text:
        problems.append(f"未写明行政复议机关「{organ}」（《中华人民共和国行政复议法》第二十四条）")
    if not re.search(r"(?:60|六十)日内[^。；]*?申请行政复议", text):
        problems.append("未写明申请行政复议的期限60日（《中华人民共和国行政复议法》第二十条）")
    lawsuit = f"{squash(court)}提起行政诉讼"
    if variant is Remedy.RECONSIDERATION_FIRST:
        if _LAWSUIT_PERIOD.search(text) or _DIRECT_LAWSUIT.search(text):
            problems.append(
                "复议前置（《中华人民共和国行政复议法》第二十三条）：不得告知可以直接提起行政诉讼"
            )
        elif "行政诉讼" in text and not _AFTER_DECISION.search(text):
            problems.append(
                "对行政复议决定不服的，起诉期限为收到行政复议决定书之日起15日"
                "（《中华人民共和国行政诉讼法》第四十五条）"
            )
        elif _lawsuit_outside_decision_clause(_without_facts(text, expected)):
            problems.append(
                "复议前置（《中华人民共和国行政复议法》第二十三条）：行政诉讼只能在"
                "「对行政复议决定不服的」之后告知，不得另行告知可以提起行政诉讼"
            )
        if "行政诉讼" in text and lawsuit not in text:
            problems.append(f"应写作「{court}提起行政诉讼」")
        return problems
    if not _LAWSUIT_PERIOD.search(text):
        problems.append("未写明提起行政诉讼的期限6个月（《中华人民共和国行政诉讼法》第四十六条）")
    if lawsuit not in text:
        problems.append(f"应写作「{court}提起行政诉讼」")
    return problems


_LAWSUIT_MENTION = re.compile(r"行政诉讼|起诉")


def _without_facts(text: str, expected: Expectation) -> str:
    """The letter's own wording: the clerk's facts (which may quote a pending lawsuit as a
    reason) cut out, so that only what the letter itself offers counts as a remedy."""
    for value in expected.facts.values():
        fact = squash(value).rstrip("。；;")
        if len(fact) >= 4:
            text = text.replace(fact, "")
    return text


def _lawsuit_outside_decision_clause(text: str) -> bool:
    """ARL art. 23: with reconsideration first, every mention of a lawsuit must lie inside the
    clause on contesting the reconsideration decision (ALL art. 45)."""
    clauses = [match.span() for match in _AFTER_DECISION.finditer(text)]
    return any(
        not any(start <= mention.start() and mention.end() <= end for start, end in clauses)
        for mention in _LAWSUIT_MENTION.finditer(text)
    )


def _remedy_pattern(variant: Remedy, organ: str, court: str) -> str:
    review = rf"可以自收到{_SELF}之日起60日内向{re.escape(squash(organ))}申请行政复议"
    if variant is Remedy.RECONSIDERATION_FIRST:
        return (
            rf"{review}；对行政复议决定不服的，可以自收到行政复议决定书之日起15日内"
            rf"{re.escape(squash(court))}提起行政诉讼"
        )
    return rf"{review}，或者自收到{_SELF}之日起6个月内{re.escape(squash(court))}提起行政诉讼"


def _remedy_wording(variant: Remedy, expected: Expectation, court: str) -> str:
    organ = expected.reconsideration_organ
    review = f"如对本答复不服，可以自收到本答复之日起60日内向{organ}申请行政复议"
    if variant is Remedy.RECONSIDERATION_FIRST:
        return f"「{review}；对行政复议决定不服的，可以自收到行政复议决定书之日起15日内{court}提起行政诉讼。」"
    return f"「{review}，或者自收到本答复之日起6个月内{court}提起行政诉讼。」"
