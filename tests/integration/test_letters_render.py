"""Every template and every outcome rendered with docxtpl, read back with python-docx and
checked; the templates' variables against their context; escaping, the seal, the layout."""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.shared import Pt
from docxtpl import DocxTemplate

from casework.adapters.docx_text import read_letter
from casework.adapters.letters import DocxLetterRenderer, render_bytes
from casework.adapters.outcome_file import default_outcomes_path, load_outcomes
from casework.domain.agency import AgencyProfile
from casework.domain.case.records import Case
from casework.domain.letters.check import blocking, check_letter
from casework.domain.letters.content import template_context
from casework.domain.letters.documents import DocumentKind, LetterSubject
from casework.domain.letters.expectations import letter_expectation
from casework.errors import ConfigurationError
from casework.resources import data_path
from tests.support.letter_cases import (
    APPLICANT,
    DESCRIPTION,
    decided_case,
    decision_subject,
    full_case,
    reopened_case,
    subject_for,
)

TEMPLATES = data_path("templates") / "replies"
CATALOGUE = load_outcomes(default_outcomes_path())
PROFILE = AgencyProfile(
    name="示例市发展和改革委员会",
    doc_code="示发改",
    reconsideration_organ="示例市人民政府",
    office="示例市发展和改革委员会政府信息公开工作机构",
    address="示例市人民路1号",
    postcode="100000",
    phone="010-12345678",
    email="xxgk@example.gov.cn",
    contact_person="王明",
)
OTHER_KINDS = [kind for kind in DocumentKind if not kind.is_decision]
# Reg. art. 36 item 6: the register's answer for the earlier case a repeat reply cites
# (tests/support/letter_cases.py FACT_VALUES); ignored by every other outcome.
REGISTER = {
    "earlier_status": "ok",
    "earlier_reply_number": "示发改信复〔2026〕3号",
    "earlier_replied_on": "2026-03-20",
}


def render_and_read(
    tmp_path: Path, case: Case, subject: LetterSubject, profile: AgencyProfile = PROFILE
) -> list[str]:
    """Render ``subject``, read it back and check it; return the paragraphs read back."""
    context = template_context(case, subject, profile, CATALOGUE)
    data = render_bytes(TEMPLATES / f"{subject.kind.value}.docx", context, profile.seal_image)
    file = tmp_path / f"{subject.kind.value}-{subject.final}.docx"
    file.write_bytes(data)
    text = read_letter(file)
    expected = letter_expectation(case, subject, profile, CATALOGUE, register=REGISTER)
    items = check_letter(text, expected)
    assert not blocking(items), [(i.element, i.detail) for i in blocking(items)]
    assert not any("{{" in p or "{%" in p or "}}" in p for p in text.paragraphs)
    return list(text.paragraphs)


def write_png(path: Path, size: int = 64) -> Path:
    """A small red square as a PNG file (a stand-in for a scanned seal)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + b"\xd0\x10\x10" * size
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
    png += chunk(b"IDAT", zlib.compress(row * size)) + chunk(b"IEND", b"")
    path.write_bytes(png)
    return path


def test_every_document_kind_has_a_template() -> None:
    assert sorted(p.stem for p in TEMPLATES.glob("*.docx")) == sorted(DocumentKind)


@pytest.mark.parametrize("kind", OTHER_KINDS, ids=str)
def test_each_document_kind_renders_and_passes_the_checker(
    kind: DocumentKind, tmp_path: Path
) -> None:
    case = full_case(CATALOGUE)
    paragraphs = render_and_read(tmp_path, case, subject_for(case, kind))
    assert kind.heading in paragraphs
    assert "（印章）" in paragraphs


@pytest.mark.parametrize("code", CATALOGUE.codes)
@pytest.mark.parametrize("final", [False, True], ids=["draft", "issued"])
def test_each_outcome_renders_its_letter_and_passes_the_checker(
    code: str, final: bool, tmp_path: Path
) -> None:
    outcome = CATALOGUE.get(code)
    case = decided_case(outcome, issued=final)
    paragraphs = render_and_read(tmp_path, case, decision_subject(case, final=final))
    text = "".join(paragraphs)
    assert paragraphs[0] == (case.reply_number if final else "〔签发时编号〕")
    assert (
        outcome.basis_text_for(
            CATALOGUE.ground("withhold_third_party") if code == "partial" else None
        )
        in text
    )


@pytest.mark.parametrize(
    ("code", "first"),
    [
        ("withhold_state_secret", True),
        ("withhold_process", True),
        ("partial", True),
        ("withhold_query", False),
        ("not_held", False),
        ("fee_lapsed", False),
    ],
)
def test_refusals_under_articles_14_to_16_offer_reconsideration_first_only(
    code: str, first: bool, tmp_path: Path
) -> None:
    case = decided_case(CATALOGUE.get(code), issued=True)
    text = "".join(render_and_read(tmp_path, case, decision_subject(case, final=True)))
    assert "60日内向示例市人民政府申请行政复议" in text
    assert ("自收到行政复议决定书之日起15日内依法向人民法院提起行政诉讼" in text) is first
    assert ("或者自收到本答复之日起6个月内依法向人民法院提起行政诉讼" in text) is not first


def test_a_configured_court_is_named_in_the_remedy(tmp_path: Path) -> None:
    profile = PROFILE.model_copy(update={"court": "示例市铁路运输法院"})
    case = decided_case(CATALOGUE.get("not_held"), issued=True)
    text = "".join(render_and_read(tmp_path, case, decision_subject(case, final=True), profile))
    assert "6个月内向示例市铁路运输法院提起行政诉讼" in text


def test_ampersands_and_angle_brackets_in_user_text_survive(tmp_path: Path) -> None:
    case = full_case(CATALOGUE)
    paragraphs = render_and_read(tmp_path, case, subject_for(case, DocumentKind.REPLY))
    assert f"{APPLICANT}：" in paragraphs
    assert DESCRIPTION in "".join(paragraphs)
    party = render_and_read(tmp_path, case, subject_for(case, DocumentKind.DISCLOSURE_NOTICE))
    assert "某科技有限公司 & 子公司：" in party


def test_dates_print_without_leading_zeros(tmp_path: Path) -> None:
    case = full_case(CATALOGUE)
    paragraphs = render_and_read(tmp_path, case, subject_for(case, DocumentKind.EXTENSION_NOTICE))
    # The date closes the letter; the contact person follows as its 附注 (GB/T 9704-2012 §7.3.6).
    assert paragraphs[-2] == "2026年4月20日"
    assert paragraphs[-1].startswith("（联系人：")
    assert "延长后的答复期限为2026年6月5日" in "".join(paragraphs)


def test_the_convenience_reply_appears_only_when_drafted(tmp_path: Path) -> None:
    case = decided_case(CATALOGUE.get("not_held"), issued=True)
    with_help = "".join(render_and_read(tmp_path, case, decision_subject(case, final=True)))
    draft = case.decisions.draft
    assert draft is not None
    facts = {name: text for name, text in draft.facts.items() if name != "convenience"}
    case.decisions = case.decisions.with_reply(draft=replace(draft, facts=facts))
    without = "".join(render_and_read(tmp_path, case, decision_subject(case, final=True)))
    assert "便民答复：您可以登录" in with_help
    assert "便民答复" not in without


def test_the_seal_image_replaces_the_manual_stamp_mark(tmp_path: Path) -> None:
    seal = write_png(tmp_path / "seal.png")
    profile = PROFILE.model_copy(update={"seal_image": seal})
    case = decided_case(CATALOGUE.get("disclose"), issued=True)
    subject = decision_subject(case, final=True)
    paragraphs = render_and_read(tmp_path, case, subject, profile)
    assert "（印章）" not in paragraphs
    assert read_letter(tmp_path / "reply-True.docx").has_seal_image


def test_a_missing_seal_image_is_a_configuration_error(tmp_path: Path) -> None:
    profile = PROFILE.model_copy(update={"seal_image": tmp_path / "none.png"})
    case = decided_case(CATALOGUE.get("disclose"), issued=True)
    with pytest.raises(ConfigurationError, match="印章图片"):
        render_and_read(tmp_path, case, decision_subject(case, final=True), profile)


@pytest.mark.parametrize("kind", list(DocumentKind), ids=str)
def test_each_template_uses_only_variables_its_context_provides(kind: DocumentKind) -> None:
    case = full_case(CATALOGUE)
    if kind is DocumentKind.TERMINATION:
        case = decided_case(CATALOGUE.get("correction_lapsed"), issued=True)
    if kind is DocumentKind.RE_REPLY:
        case = reopened_case(CATALOGUE)
    context = template_context(case, subject_for(case, kind), PROFILE, CATALOGUE)
    template = DocxTemplate(str(TEMPLATES / f"{kind.value}.docx"))
    assert template.get_undeclared_template_variables(context=context) == set()


@pytest.mark.parametrize("kind", list(DocumentKind), ids=str)
def test_each_template_keeps_every_tag_whole_in_one_run(kind: DocumentKind) -> None:
    document = Document(str(TEMPLATES / f"{kind.value}.docx"))
    cells = [p for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    for paragraph in [*document.paragraphs, *cells]:
        for run in paragraph.runs:
            opened = run.text.count("{{") + run.text.count("{%")
            closed = run.text.count("}}") + run.text.count("%}")
            assert opened == closed, f"tag split across runs in {kind}: {paragraph.text!r}"


@pytest.mark.parametrize("kind", list(DocumentKind), ids=str)
def test_each_template_follows_the_gb_t_9704_layout(kind: DocumentKind) -> None:
    document = Document(str(TEMPLATES / f"{kind.value}.docx"))
    section = document.sections[0]
    sizes = (
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
        section.page_width,
        section.page_height,
    )
    assert [round(size.mm) if size else None for size in sizes] == [37, 35, 28, 26, 210, 297]
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert east_asia_font(normal.element) == "仿宋_GB2312"
    # The title names the agency when the profile asks (title_agency is empty otherwise).
    title = next(p for p in document.paragraphs if p.text == "{{ title_agency }}" + kind.heading)
    assert title.runs[0].font.size == Pt(22)
    assert east_asia_font(title.runs[0].element) == "方正小标宋简体"


def east_asia_font(element: Any) -> str | None:
    """The w:eastAsia font of a style or run element (python-docx names only ascii/hAnsi)."""
    fonts = element.find(f"{_W}rPr/{_W}rFonts")
    return None if fonts is None else str(fonts.get(f"{_W}eastAsia"))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_a_template_with_an_unknown_variable_is_refused_with_its_name(tmp_path: Path) -> None:
    broken = tmp_path / "reply.docx"
    with zipfile.ZipFile(TEMPLATES / "reply.docx") as source, zipfile.ZipFile(broken, "w") as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = re.sub(rb"\{\{ remedy \}\}", b"{{ remedies }}", data)
            out.writestr(item, data)
    case = decided_case(CATALOGUE.get("disclose"), issued=True)
    context = template_context(case, decision_subject(case, final=True), PROFILE, CATALOGUE)
    with pytest.raises(ConfigurationError, match="remedies"):
        render_bytes(broken, context, None)


def test_a_missing_template_is_a_configuration_error(tmp_path: Path) -> None:
    renderer = DocxLetterRenderer(tmp_path)
    case = full_case(CATALOGUE)
    context = template_context(case, subject_for(case, DocumentKind.REPLY), PROFILE, CATALOGUE)
    with pytest.raises(ConfigurationError, match="未找到文书模板"):
        renderer.render("reply", context, None)
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing written
