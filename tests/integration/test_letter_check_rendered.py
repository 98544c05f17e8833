"""The checker on letters rendered by the real templates, then broken in the .docx itself.

A reply is rendered from ``templates/replies/reply.docx`` through the letters adapter with the
context the services build from a case record (``template_context``), read back with
``read_letter`` and checked against ``letter_expectation`` — the same path ``casework check``
takes.  Each mutation edits the rendered file with python-docx (remove the remedy, offer a
direct lawsuit on a refusal, cite a wrong item, drop the search process, malformed 字号,
2007-era periods) and must be caught when the file is read back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from docx import Document

from casework.adapters.docx_text import read_letter
from casework.adapters.letter_finish import WORD_JOINER
from casework.adapters.letters import render_bytes
from casework.domain.agency import AgencyProfile
from casework.domain.case.decisions import (
    CaseDecisions,
    CorrectionRequest,
    Draft,
    ReplyRound,
)
from casework.domain.case.records import Applicant, Case
from casework.domain.letters.check import CheckItem, blocking, check_letter
from casework.domain.letters.content import template_context
from casework.domain.letters.documents import DocumentKind, LetterSubject
from casework.domain.letters.expectations import letter_expectation
from tests.support.letter_samples import catalogue
from tests.support.png import solid_png

TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "replies" / "reply.docx"
SHANGHAI = ZoneInfo("Asia/Shanghai")
CATALOGUE = catalogue()
NUMBER = "示财信复〔2026〕12号"
SEARCH = "检索了本机关2025年的发文目录和档案系统，关键词为“专项资金”"
FACTS: dict[str, dict[str, str]] = {
    "not_held": {"search_process": SEARCH},
    "withhold_internal": {"reasons": "该信息属于本机关内部工作流程"},
    "partial": {
        "ground": "withhold_process",
        "withheld_part": "第三部分的讨论记录",
        "reasons": "讨论记录属于过程性信息",
        "access": "电子邮件发送至申请人邮箱",
    },
}


def _case(outcome: str) -> Case:
    registered = datetime(2026, 4, 1, 9, 0, tzinfo=SHANGHAI)
    return Case(
        agency="cz",
        number="2026-0042",
        year=2026,
        seq=42,
        query_code="K7M2Q9",
        state="drafted",
        workflow="disclosure",
        workflow_version="1",
        applicant=Applicant(name="王五 & 李四<联合>", applicant_type="自然人"),
        channel="in-person",
        received_on=date(2026, 4, 1),
        description="2025年度示例市财政专项资金分配明细",
        handler="张三",
        created_at=registered,
        updated_at=registered,
        decisions=CaseDecisions(
            corrections=(
                CorrectionRequest(
                    requested_on=date(2026, 4, 3), period_days=15, received_on=date(2026, 4, 8)
                ),
            ),
            reply=ReplyRound(
                draft=Draft(
                    outcome=outcome,
                    facts=FACTS[outcome],
                    drafter="张三",
                    drafted_on=date(2026, 4, 20),
                ),
                issued_on=date(2026, 4, 28),
            ),
        ),
    )


def _render(
    tmp_path: Path, outcome: str, *, final: bool = True, seal: bool = False
) -> tuple[Path, Any]:
    """The rendered reply and its expectation, built from the case record."""
    seal_image = None
    if seal:
        seal_image = tmp_path / "seal.png"
        seal_image.write_bytes(solid_png(16, 16))
    profile = AgencyProfile(
        name="示例市财政局",
        doc_code="示财",
        reconsideration_organ="示例市人民政府",
        seal_image=seal_image,
        contact_person="王明",
        phone="010-12345678",
    )
    case = _case(outcome)
    subject = LetterSubject(
        kind=DocumentKind.REPLY,
        ordinal=1,
        final=final,
        number=NUMBER if final else None,
        dated_on=date(2026, 4, 28) if final else date(2026, 4, 20),
    )
    context = template_context(case, subject, profile, CATALOGUE)
    path = tmp_path / f"{outcome}.docx"
    path.write_bytes(render_bytes(TEMPLATE, context, seal_image))
    return path, letter_expectation(case, subject, profile, CATALOGUE)


@pytest.mark.parametrize("outcome", list(FACTS))
def test_a_rendered_reply_passes_every_element_it_must_carry(tmp_path: Path, outcome: str) -> None:
    path, expected = _render(tmp_path, outcome)
    items = check_letter(read_letter(path), expected)
    assert blocking(items) == []
    elements = {item.element for item in items}
    assert {
        "发文字号",
        "收到申请日期",
        "补正日期",
        "决定与法律依据",
        "救济途径",
        "印章位置",
    } <= elements


def test_a_rendered_draft_shows_its_number_as_pending(tmp_path: Path) -> None:
    path, expected = _render(tmp_path, "not_held", final=False)
    items = check_letter(read_letter(path), expected)
    assert [i.status for i in items if i.element == "发文字号"] == ["pending"]
    assert blocking(items) == []


def test_a_rendered_reply_with_the_seal_image_passes_and_without_it_fails(tmp_path: Path) -> None:
    path, expected = _render(tmp_path, "not_held", seal=True)
    read = read_letter(path)
    assert read.has_seal_image
    assert blocking(check_letter(read, expected)) == []
    document = Document(str(path))
    for run in (r for p in document.paragraphs for r in p.runs):
        for drawing in run._element.findall(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}drawing"
        ):
            run._element.remove(drawing)
    document.save(str(path))
    assert "图片" in _failed(check_letter(read_letter(path), expected), "印章位置").detail


Edit = Callable[[Any], None]


def _typed(paragraph: Any) -> str:
    """A paragraph's text as a clerk types it: without the word joiners that keep dates and
    numbers on one line (casework/adapters/letter_finish.py)."""
    return str(paragraph.text).replace(WORD_JOINER, "")


def _replace(old: str, new: str) -> Edit:
    def edit(document: Any) -> None:
        hits = [p for p in document.paragraphs if old in _typed(p)]
        assert hits, f"{old!r} is not in the rendered letter"
        for paragraph in hits:
            paragraph.text = _typed(paragraph).replace(old, new)

    return edit


def _remove(text: str) -> Edit:
    def edit(document: Any) -> None:
        hits = [p for p in document.paragraphs if text in _typed(p)]
        assert hits, f"{text!r} is not in the rendered letter"
        for paragraph in hits:
            paragraph._element.getparent().remove(paragraph._element)

    return edit


def _insert(text: str) -> Edit:
    def edit(document: Any) -> None:
        anchor = next(p for p in document.paragraphs if p.text == "特此告知。")
        anchor.insert_paragraph_before(text)

    return edit


DIRECT = "，或者自收到本答复之日起6个月内依法向人民法院提起行政诉讼；"
MUTATIONS: list[tuple[str, str, Edit, str, str]] = [
    ("remedy removed", "not_held", _remove("申请行政复议"), "救济途径", "缺少救济途径"),
    ("direct lawsuit on a refusal", "withhold_internal", _replace("；对行政复议决定不服的，可以自收到行政复议决定书之日起15日内依法向人民法院提起行政诉讼；", DIRECT), "救济途径", "复议前置"),
    ("direct lawsuit on a partial refusal", "partial", _replace("；对行政复议决定不服的，可以自收到行政复议决定书之日起15日内依法向人民法院提起行政诉讼；", DIRECT), "救济途径", "复议前置"),
    ("wrong article", "not_held", _replace("第三十六条第（四）项", "第三十六条第（五）项"), "决定与法律依据", "第三十六条第（四）项"),
    ("ground basis missing", "partial", _replace("、第十六条第二款", ""), "决定与法律依据", "第十六条第二款"),
    ("search process missing", "not_held", _replace(SEARCH, "相关资料"), "事实与检索过程", "检索过程"),
    ("withheld part missing", "partial", _replace("第三部分的讨论记录", "部分内容"), "须写明事项", "不予公开的部分"),
    ("number with 第", "not_held", _replace(NUMBER, "示财信复〔2026〕第12号"), "发文字号", "第"),
    ("number with a leading zero", "not_held", _replace(NUMBER, "示财信复〔2026〕012号"), "发文字号", "前导零"),
    ("number in 【】", "not_held", _replace(NUMBER, "示财信复【2026】12号"), "发文字号", "六角括号"),
    ("correction date missing", "not_held", _replace("2026年4月8日", "当日"), "补正日期", "2026年4月8日"),
    ("15 working days to reply", "not_held", _insert("本机关已在15个工作日内予以答复。"), "过时法律表述", "20个工作日"),
    ("3个月内 lawsuit", "not_held", _insert("也可以在3个月内提起行政诉讼。"), "过时法律表述", "6个月"),
    ("2007 article", "not_held", _replace("第三十六条第（四）项", "第二十一条第（三）项"), "过时法律表述", "2007年"),
]  # fmt: skip


def _failed(items: list[CheckItem], element: str) -> CheckItem:
    found = [item for item in items if item.element == element and item.status == "fail"]
    assert found, f"no failed {element} in {items}"
    return found[0]


@pytest.mark.parametrize(
    ("outcome", "edit", "element", "words"),
    [pytest.param(o, e, el, w, id=name) for name, o, e, el, w in MUTATIONS],
)
def test_a_defect_edited_into_the_rendered_docx_is_caught_when_read_back(
    tmp_path: Path, outcome: str, edit: Edit, element: str, words: str
) -> None:
    path, expected = _render(tmp_path, outcome)
    document = Document(str(path))
    edit(document)
    document.save(str(path))
    items = check_letter(read_letter(path), expected)
    assert words in _failed(items, element).detail
