"""Sample letters for the checker's tests: the paragraphs a template following LETTER_API.md
prints, and the matching ``Expectation``, for every document kind and every outcome.

The reply's decision paragraph is the catalogue paragraph rendered with Jinja2 (as docxtpl
renders it); the remedy paragraph is written out from LETTER_API.md, not taken from the code
under test.  Mutation tests start from these letters and break one element at a time.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
import yaml

from casework.domain.letters.check import Expectation, LetterText
from casework.domain.workflow.catalogue import OutcomeCatalogue
from casework.domain.workflow.outcomes import FACT_LABELS, Outcome, Remedy

SHIPPED = Path(__file__).resolve().parents[2] / "workflows" / "outcomes.yaml"
AGENCY = "示例市财政局"
DOC_CODE = "示财"
ORGAN = "示例市人民政府"
APPLICANT = "王五 & 李四<联合>"
DESCRIPTION = "2025年度示例市财政专项资金分配明细"
RECEIVED_ON = date(2026, 4, 1)
CORRECTED_ON = date(2026, 4, 10)
DATED_ON = date(2026, 4, 28)
REPLY_NUMBER = "示财信复〔2026〕12号"
GROUND = "withhold_internal"  # the ground used for partial disclosure samples
SEARCH_PROCESS = (
    "本机关在公文管理系统和档案室纸质档案中检索了2025年以来的收文、发文记录，"
    "以“专项资金”“分配明细”为关键词，未检索到相关文件"
)
EARLIER_REGISTER = {
    "earlier_status": "ok",
    "earlier_reply_number": "示财信复〔2026〕3号",
    "earlier_replied_on": "2026-03-20",
}
EARLIER_FACTS = {
    "earlier_reply_number": "示财信复〔2026〕3号",
    "earlier_replied_on": "2026年3月20日",
}
CONTACT_PERSON = "赵六"
PHONE = "010-12345678"
# domain.md §5: every letter names the office's contact person and telephone.
CONTACT_LINE = f"联系人：{CONTACT_PERSON}；联系电话：{PHONE}。"


def catalogue() -> OutcomeCatalogue:
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    return OutcomeCatalogue.from_data(data, source=str(SHIPPED))


def chinese(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def sample_facts(outcome: Outcome, ground: Outcome | None) -> dict[str, str]:
    """A distinct value for every fact the outcome (and its ground) may print."""
    names = [*outcome.required_facts, *outcome.optional_facts]
    if ground is not None:
        names += [*ground.required_facts, *ground.optional_facts]
    facts = {n: f"{FACT_LABELS[n].split('（')[0]}的示例内容{i}" for i, n in enumerate(names)}
    if ground is not None:
        facts["ground"] = ground.code
    if "search_process" in facts:  # where, what and keywords (domain.md §1.7)
        facts["search_process"] = SEARCH_PROCESS
    return facts


def remedy_paragraph(variant: Remedy, organ: str = ORGAN, court: str | None = None) -> str:
    """The remedy paragraph of LETTER_API.md, written out."""
    phrase = f"向{court}" if court else "依法向人民法院"
    if variant is Remedy.RECONSIDERATION_FIRST:
        return (
            "根据《中华人民共和国行政复议法》第二十三条第一款第（四）项、第二款和第三十四条的规定，"
            f"如对本答复不服，应当先自收到本答复之日起60日内向{organ}申请行政复议；对行政复议决定"
            f"不服的，可以自收到行政复议决定书之日起15日内{phrase}提起行政诉讼；{organ}决定不予"
            "受理、驳回申请或者受理后超过行政复议期限不作答复的，可以自收到决定书之日起或者行政复议"
            f"期限届满之日起15日内{phrase}提起行政诉讼。"
        )
    return (
        f"如对本答复不服，可以自收到本答复之日起60日内向{organ}申请行政复议，"
        f"或者自收到本答复之日起6个月内{phrase}提起行政诉讼。"
    )


def reply_expectation(
    outcome: Outcome, ground: Outcome | None = None, **changes: Any
) -> Expectation:
    facts = sample_facts(outcome, ground)
    expected = Expectation(
        kind="termination" if outcome.code in ("correction_lapsed", "fee_lapsed") else "reply",
        final=True,
        number=REPLY_NUMBER,
        doc_code=DOC_CODE,
        applicant_name=APPLICANT,
        agency_name=AGENCY,
        dated_on=DATED_ON,
        received_on=RECEIVED_ON,
        correction_received_on=None,
        description=DESCRIPTION,
        outcome=outcome,
        ground=ground,
        facts=facts,
        remedy=outcome.remedy_for(ground),
        reconsideration_organ=ORGAN,
        court=None,
        contact_person=CONTACT_PERSON,
        phone=PHONE,
    )
    if expected.kind == "termination":
        expected = dataclasses.replace(
            expected, details={"notice_on": "2026-04-03", "window_ended_on": "2026-04-24"}
        )
    if outcome.code == "repeat":  # Reg. art. 36 item 6: the register's earlier reply
        expected = dataclasses.replace(
            expected,
            facts={**facts, **EARLIER_FACTS},
            details={**EARLIER_REGISTER, "earlier_reference": facts["earlier_case"]},
        )
    return dataclasses.replace(expected, **changes)


def reply_paragraphs(expected: Expectation) -> list[str]:
    """The paragraphs of a reply or termination letter as the conventions print them."""
    outcome = expected.outcome
    assert outcome is not None and expected.received_on is not None
    ground = expected.ground if outcome.follows_ground else None
    you = expected.addressed_as
    received = f"本机关于{chinese(expected.received_on)}收到{you}提出的政府信息公开申请"
    if expected.correction_received_on:
        received += f"，并于{chinese(expected.correction_received_on)}收到{you}的补正申请"
    decision = (
        jinja2.Environment(autoescape=False)
        .from_string(outcome.paragraph)
        .render(
            **expected.facts,
            description=expected.description,
            applicant_name=expected.applicant_name,
            received_on_text=chinese(expected.received_on),
            basis_text=outcome.basis_text_for(ground),
            you=you,
        )
    )
    paragraphs = [
        expected.number if expected.final and expected.number else "〔签发时编号〕",
        "终止办理告知书" if expected.kind == "termination" else "政府信息公开申请答复书",
        f"{expected.applicant_name}：",
        f"{received}，{you}申请获取“{expected.description}”。现答复如下：",
        decision,
    ]
    if expected.kind == "termination":
        notice, ended = expected.details["notice_on"], expected.details["window_ended_on"]
        paragraphs.append(
            f"本机关于{chinese(date.fromisoformat(notice))}发出告知，"
            f"期限已于{chinese(date.fromisoformat(ended))}届满。"
        )
    if expected.facts.get("convenience"):
        paragraphs.append(
            f"另外，为方便{you}获取相关信息，告知如下：{expected.facts['convenience']}。"
        )
    assert expected.remedy is not None
    paragraphs += [
        remedy_paragraph(expected.remedy, expected.reconsideration_organ, expected.court),
        "特此告知。",
        CONTACT_LINE,
        expected.agency_name,
        "（印章）",
        chinese(expected.dated_on),
    ]
    return paragraphs


def letter(paragraphs: list[str], seal: bool = False) -> LetterText:
    return LetterText(paragraphs=tuple(paragraphs), has_seal_image=seal)
