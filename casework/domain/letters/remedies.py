"""The remedy paragraph (救济途径) of a letter, and the reconsideration organ it names.

domain.md §3: reconsideration within 60 days (ARL art. 20) before the organ of the agency's
profile (ARL arts. 24–27), litigation within 6 months (ALL art. 46).  For refusals under Reg.
arts. 14, 15, 16 reconsideration comes first (复议前置, ARL art. 23 para. 1 item (4)) and the
agency must TELL the applicant so (para. 2): the letter says reconsideration is required, cites
that article, and offers a lawsuit only within 15 days of the reconsideration decision (ALL
art. 45) or of the organ's refusal, dismissal or silence (ARL art. 34) — never directly.
「可以…申请行政复议」 alone reads as optional and is a defect on those letters.  The organ the
letter names, also in the clerk's free text, must be the profile's; a profile organ naming two
organs is the pre-2024 either-organ wording, wrong for a department since ARL art. 24.
"""

from __future__ import annotations

import re

from casework.domain.letters.base import Body, CheckItem, Expectation, failed, passed, squash
from casework.domain.workflow.outcomes import Remedy
from casework.errors import ValidationError

REMEDY = "救济途径"
ORGAN = "复议机关"
_SELF = r"本(?:答复书?|告知书?|决定书?|通知书?)"
_LAWSUIT_PERIOD = re.compile(r"(?:6|六)个月内[^。；]*?(?:行政诉讼|起诉)")
_LAWSUIT_MENTION = re.compile(r"行政诉讼|起诉")
# The two routes to court after a compulsory reconsideration (ALL art. 45; ARL art. 34).
_AFTER_DECISION = re.compile(r"行政复议决定[^。；]*?(?:15|十五)日内[^。；]*?提起行政诉讼")
_AFTER_REFUSAL = re.compile(
    r"不予受理[^。；]*?驳回[^。；]*?(?:超过|逾期)[^。；]*?(?:15|十五)日内[^。；]*?提起行政诉讼"
)
_MANDATORY = re.compile(r"(?:应当|须|必须)(?:先|首先)[^。；]*?申请行政复议")
_ARTICLE_23 = re.compile(r"行政复议法》?第二十三条")
# An offer of a lawsuit anywhere, the clerk's free text included.
_OFFER = re.compile(r"(?:可以|可|直接)[^。；]{0,40}?(?:提起行政诉讼|起诉)")
# The organ a sentence names for reconsideration: the last 向 before 申请行政复议.
_NAMED_ORGAN = re.compile(r"向((?:(?!向)[^，。；、：]){2,40}?)申请(?:行政)?复议")
_TWO_ORGANS = re.compile(r"或者|或|及|、|/|／")
_OMITTED = (
    "遗漏救济途径、复议机关或期限的，申请人的复议、起诉期限最长延至一年"
    "（《中华人民共和国行政复议法》第二十条、法释〔2018〕1号第六十四条）"
)
_ARL = "《中华人民共和国行政复议法》"


def check_remedy(body: Body, expected: Expectation) -> list[CheckItem]:
    """The organ of the profile, then the remedy paragraph in its variant (domain.md §3)."""
    if expected.remedy is None:
        return []
    items = [check_organ(body, expected)]
    variant = _variant(expected.remedy, expected)
    if not isinstance(variant, Remedy):  # Remedy is a StrEnum: test for it, not for str
        return [*items, failed(REMEDY, variant)]
    text = body.text
    if "行政复议" not in text and "行政诉讼" not in text:
        return [*items, failed(REMEDY, f"缺少救济途径；{_OMITTED}")]
    court = f"向{expected.court}" if expected.court else "依法向人民法院"
    problems = _common_problems(text, expected)
    if variant is Remedy.RECONSIDERATION_FIRST:
        problems += _first_problems(text, expected, court)
    else:
        problems += _either_problems(text, expected, court)
    if problems:
        return [*items, failed(REMEDY, "；".join(dict.fromkeys(problems)))]
    organ = expected.reconsideration_organ
    if variant is Remedy.RECONSIDERATION_FIRST:
        return [*items, passed(REMEDY, f"复议前置：应当先于60日内向{organ}申请行政复议")]
    return [*items, passed(REMEDY, f"60日内向{organ}申请行政复议或6个月内起诉")]


def check_organ(body: Body, expected: Expectation) -> CheckItem:
    """The profile names one organ, and every organ the letter names for reconsideration is
    that organ (ARL art. 24: a department's organ is its level's people's government)."""
    organ = expected.reconsideration_organ
    if _TWO_ORGANS.search(organ):
        return failed(
            ORGAN,
            f"机关信息中的复议机关「{organ}」写了两个机关：2024年起县级以上地方人民政府工作部门的"
            f"行政复议机关为本级人民政府（{_ARL}第二十四条），应只配置一个复议机关",
        )
    named = {m.group(1) for m in _NAMED_ORGAN.finditer(body.text)}
    others = sorted(name for name in named if name != squash(organ))
    if others:
        return failed(
            ORGAN,
            f"文中的复议机关「{'」「'.join(others)}」与机关信息配置的「{organ}」不一致"
            f"（{_ARL}第二十四条至第二十七条）",
        )
    return passed(ORGAN, f"「{organ}」")


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


def _common_problems(text: str, expected: Expectation) -> list[str]:
    problems = []
    if f"向{squash(expected.reconsideration_organ)}申请行政复议" not in text:
        problems.append(
            f"未写明行政复议机关「{expected.reconsideration_organ}」（{_ARL}第二十四条）"
        )
    if not re.search(r"(?:60|六十)日内[^。；]*?申请行政复议", text):
        problems.append(f"未写明申请行政复议的期限60日（{_ARL}第二十条）")
    return problems


def _first_problems(text: str, expected: Expectation, court: str) -> list[str]:
    """ARL art. 23 paras. 1 (4) and 2; ALL art. 45; ARL art. 34."""
    problems = []
    if not _MANDATORY.search(text):
        problems.append(
            "复议前置：应写明对本答复不服的，应当先申请行政复议（「可以申请行政复议」读作可选）"
            f"（{_ARL}第二十三条第一款第（四）项、第二款）"
        )
    if not _ARTICLE_23.search(text):
        problems.append(f"复议前置：应引用{_ARL}第二十三条")
    if not _AFTER_DECISION.search(text):
        problems.append(
            "未写明对行政复议决定不服的，可以自收到行政复议决定书之日起15日内提起行政诉讼"
            "（《中华人民共和国行政诉讼法》第四十五条）"
        )
    if not _AFTER_REFUSAL.search(text):
        problems.append(
            "未写明复议机关不予受理、驳回申请或者逾期不作答复的，可以自收到决定书之日起或者"
            f"行政复议期限届满之日起15日内提起行政诉讼（{_ARL}第三十四条）"
        )
    routes = _AFTER_REFUSAL.sub("", _AFTER_DECISION.sub("", text))
    own = _AFTER_REFUSAL.sub("", _AFTER_DECISION.sub("", _without_facts(text, expected)))
    if _OFFER.search(routes) or _LAWSUIT_MENTION.search(own):
        problems.append(
            f"复议前置（{_ARL}第二十三条）：不得告知可以直接提起行政诉讼，行政诉讼只能在"
            "行政复议之后告知"
        )
    lawsuit = f"{squash(court)}提起行政诉讼"
    if "行政诉讼" in text and lawsuit not in text:
        problems.append(f"应写作「{court}提起行政诉讼」")
    return problems


def _either_problems(text: str, expected: Expectation, court: str) -> list[str]:
    problems = []
    if not _LAWSUIT_PERIOD.search(text):
        problems.append("未写明提起行政诉讼的期限6个月（《中华人民共和国行政诉讼法》第四十六条）")
    if f"{squash(court)}提起行政诉讼" not in text:
        problems.append(f"应写作「{court}提起行政诉讼」")
    review = (
        rf"自收到{_SELF}之日起(?:60|六十)日内向{re.escape(squash(expected.reconsideration_organ))}"
    )
    if not problems and not re.search(review + r"申请行政复议", text):
        problems.append(
            "救济途径与规定写法不一致：「如对本答复不服，可以自收到本答复之日起60日内向"
            f"{expected.reconsideration_organ}申请行政复议，或者自收到本答复之日起6个月内"
            f"{court}提起行政诉讼。」"
        )
    return problems


def _without_facts(text: str, expected: Expectation) -> str:
    """The letter's own wording: the clerk's facts (which may quote a pending lawsuit as a
    reason) cut out; an OFFER of a lawsuit in them is caught by ``_OFFER`` on the full text."""
    for value in expected.facts.values():
        fact = squash(value).rstrip("。；;")
        if len(fact) >= 4:
            text = text.replace(fact, "")
    return text
