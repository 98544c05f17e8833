"""GB/T 9704-2012 layout of the letters, checked in the templates, the rendered .docx and the PDF.

The PDF tests convert every document kind, a sweep of long letters whose signature block falls
at the page boundary and a page of dates at every offset in ONE LibreOffice call, then read the
PDF as a reviewer does: ``pdftotext`` page by page, ``pdffonts`` and ``pdfinfo``.  Each layout
rule is also checked against a control rendered without it, so that the test is known to bite.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from casework.adapters.docx_text import read_letter
from casework.adapters.letter_finish import WORD_JOINER, join_unbreakable, keep_runs_whole
from casework.adapters.letters import render_bytes
from casework.adapters.outcome_file import default_outcomes_path, load_outcomes
from casework.adapters.pdf import convert_to_pdf
from casework.domain.agency import AgencyProfile
from casework.domain.case.records import Case
from casework.domain.letters.check import blocking, check_letter
from casework.domain.letters.content import template_context
from casework.domain.letters.documents import DocumentKind, LetterSubject
from casework.domain.letters.expectations import letter_expectation
from casework.resources import data_path
from tests.support.letter_cases import decided_case, decision_subject, full_case, subject_for

TEMPLATES = data_path("templates") / "replies"
CATALOGUE = load_outcomes(default_outcomes_path())
AGENCY = "示例市发展和改革委员会"
PROFILE = AgencyProfile(
    name=AGENCY,
    doc_code="示发改",
    reconsideration_organ="示例市人民政府",
    office="示例市发展和改革委员会政府信息公开工作机构",
    address="示例市人民路1号",
    postcode="100000",
    phone="010-12345678",
    contact_person="赵六",
    email="xxgk@example.gov.cn",
)
LETTERHEAD = PROFILE.model_copy(
    update={"letterhead": True, "letterhead_name": "示例市发改委", "title_names_agency": True}
)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PAGE_NUMBER = re.compile(r"^\s*—\s*(\d+)\s*—\s*$")
DATE = "2026年4月28日"
SWEEP = range(0, 16)  # extra lines of search process: the block sweeps across the page end


def _render(
    tmp_path: Path, case: Case, subject: LetterSubject, profile: AgencyProfile, name: str
) -> Path:
    context = template_context(case, subject, profile, CATALOGUE)
    data = render_bytes(TEMPLATES / f"{subject.kind.value}.docx", context, None)
    path = tmp_path / f"{name}.docx"
    path.write_bytes(data)
    return path


def _every_kind(folder: Path, profile: AgencyProfile, prefix: str) -> dict[str, Path]:
    case = full_case(CATALOGUE)
    files = {
        f"{prefix}{kind.value}": _render(
            folder, case, subject_for(case, kind), profile, f"{prefix}{kind.value}"
        )
        for kind in DocumentKind
        if not kind.is_decision
    }
    for code in ("partial", "not_held", "correction_lapsed"):
        decided = decided_case(CATALOGUE.get(code), issued=True)
        subject = decision_subject(decided, final=True)
        name = f"{prefix}{subject.kind.value}-{code}"
        files[name] = _render(folder, decided, subject, profile, name)
    return files


def _long_letter(folder: Path, lines: int) -> Path:
    """A not_held reply whose search process runs ``lines`` lines longer (28 characters each)."""
    case = decided_case(CATALOGUE.get("not_held"), issued=True)
    draft = case.decisions.draft
    assert draft is not None
    search = draft.facts["search_process"] + "".join(
        f"，又检索了本机关第{i + 1:02d}号档案柜所存二〇一九年至二〇二五年的纸质卷宗"
        for i in range(lines)
    )
    case.decisions = case.decisions.with_reply(
        draft=replace(draft, facts={**draft.facts, "search_process": search})
    )
    return _render(folder, case, decision_subject(case, final=True), PROFILE, f"long-{lines:02d}")


def _without_keeps(source: Path, target: Path) -> Path:
    """``source`` with every keep-with-next / keep-together removed (the control)."""
    document = Document(str(source))
    for tag in ("keepNext", "keepLines"):
        for element in list(document.element.body.iter(f"{_W}{tag}")):
            element.getparent().remove(element)
    document.save(str(target))
    return target


def _dates_page(path: Path, *, joined: bool) -> Path:
    """Body-styled paragraphs with a date, a 发文字号 and a telephone number at every offset."""
    document = Document()
    section = document.sections[0]
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(16)
    properties = normal.element.get_or_add_rPr()
    properties.get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    properties.append(lang)
    for unit in (DATE, "示发改信复〔2026〕12号", "010-12345678"):
        for offset in range(28):
            paragraph = document.add_paragraph("甲" * offset + unit + "乙" * 30)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if joined:
        keep_runs_whole(document)
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every document kind (plain and with 版头), the long letters with and without keeps and
    the page of dates with and without joiners, converted in one LibreOffice call."""
    folder = tmp_path_factory.mktemp("letters")
    files = {**_every_kind(folder, PROFILE, ""), **_every_kind(folder, LETTERHEAD, "head-")}
    for lines in SWEEP:
        long = _long_letter(folder, lines)
        files[long.stem] = long
        files[f"loose-{lines:02d}"] = _without_keeps(long, folder / f"loose-{lines:02d}.docx")
    files["dates-joined"] = _dates_page(folder / "dates-joined.docx", joined=True)
    files["dates-plain"] = _dates_page(folder / "dates-plain.docx", joined=False)
    converted = convert_to_pdf(list(files.values()), tmp_path_factory.mktemp("pdf"))
    return {pdf.stem: pdf for pdf in converted}


def _pages(pdf: Path) -> list[str]:
    """The text of each page (word joiners and spaces removed, lines kept)."""
    info = _run("pdfinfo", str(pdf))
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))  # type: ignore[union-attr]
    return [
        _run("pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-")
        .replace(WORD_JOINER, "")
        .replace(" ", "")
        for n in range(1, count + 1)
    ]


def _run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


# -- the templates -----------------------------------------------------------------------------


def _template(kind: DocumentKind) -> Any:
    return Document(str(TEMPLATES / f"{kind.value}.docx"))


@pytest.mark.parametrize("kind", list(DocumentKind), ids=str)
def test_every_template_numbers_odd_pages_right_and_even_pages_left_with_dashes(
    kind: DocumentKind,
) -> None:
    document = _template(kind)
    section = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer
    for footer, alignment, indent in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right_indent"),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left_indent"),
    ):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == alignment
        assert getattr(paragraph.paragraph_format, indent) == Pt(14)  # 空一字 of 四号
        xml = paragraph._p.xml
        assert "PAGE" in "".join(t.text for t in paragraph._p.iter(f"{_W}instrText"))
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert 'w:eastAsia="宋体"' in xml and 'w:ascii="宋体"' in xml  # 4号半角宋体
        assert {run.font.size for run in paragraph.runs} == {Pt(14)}
    # The dash's top 7 mm below the type area (bottom margin 35 mm, a 14 pt line).
    assert round(section.footer_distance.mm) == 23


@pytest.mark.parametrize("kind", list(DocumentKind), ids=str)
def test_every_signature_block_keeps_together_and_with_the_closing_paragraphs(
    kind: DocumentKind,
) -> None:
    paragraphs = [p for p in _template(kind).paragraphs if not p.text.startswith("{%p")]
    agency = next(i for i, p in enumerate(paragraphs) if p.text == "{{ agency_name }}")
    dated = next(i for i, p in enumerate(paragraphs) if p.text == "{{ dated_text }}")
    block = paragraphs[agency - 1 : dated + 1]  # from the blank line before the agency's name
    assert block[0].text == ""
    assert all(p.paragraph_format.keep_together for p in block)
    assert all(p.paragraph_format.keep_with_next for p in block[:-1])
    # After the date only the 附注 with the contact person (GB/T 9704-2012 §7.3.6), kept with it.
    notes = paragraphs[dated + 1 :]
    if kind is not DocumentKind.DELIVERY_RECORD:
        assert [p.text[:4] for p in notes] == ["（联系人"]
        assert block[-1].paragraph_format.keep_with_next
    else:
        assert notes == []
    # The seal image's line grows with the picture: a fixed 28.95 pt line would clip it.
    seal = next(p for p in block if p.text == "{{ seal }}")
    assert seal.paragraph_format.line_spacing_rule == WD_LINE_SPACING.SINGLE
    if kind is not DocumentKind.DELIVERY_RECORD:  # the form's block follows its table
        # The last paragraph of substance, and the closing formula after it, if any.
        closing = paragraphs[agency - 2]
        assert closing.paragraph_format.keep_with_next, closing.text
        if closing.text.startswith("特此"):
            assert paragraphs[agency - 3].paragraph_format.keep_with_next
            assert not paragraphs[agency - 3].text.startswith("特此")


@pytest.mark.parametrize("kind", [k for k in DocumentKind if k is not DocumentKind.DELIVERY_RECORD])
def test_every_letter_template_has_the_optional_red_letterhead_before_its_number(
    kind: DocumentKind,
) -> None:
    texts = [p.text for p in _template(kind).paragraphs]
    assert texts[:4] == ["{%p if letterhead %}", "{{ letterhead }}", "{%p endif %}", "{{ number }}"]
    head = _template(kind).paragraphs[1]
    assert str(head.runs[0].font.color.rgb) == "FF0000"
    line = head._p.find(f"{_W}pPr/{_W}pBdr/{_W}bottom")
    assert line is not None and line.get(f"{_W}color") == "FF0000"
    assert line.get(f"{_W}val") == "thickThinSmallGap"  # 上粗下细 (§10.1)


# -- the rendered .docx ------------------------------------------------------------------------


def test_the_letterhead_and_the_agency_in_the_title_appear_only_when_the_profile_asks(
    tmp_path: Path,
) -> None:
    case = decided_case(CATALOGUE.get("not_held"), issued=True)
    subject = decision_subject(case, final=True)
    for profile, first, title in (
        (PROFILE, "示发改信复〔2026〕12号", "政府信息公开申请答复书"),
        (LETTERHEAD, "示例市发改委", f"{AGENCY}政府信息公开申请答复书"),
    ):
        path = _render(tmp_path, case, subject, profile, "reply")
        text = read_letter(path)
        assert text.paragraphs[0] == first
        assert title in [paragraph.replace("\n", "") for paragraph in text.paragraphs]
        expected = letter_expectation(case, subject, profile, CATALOGUE)
        assert not blocking(check_letter(text, expected))
    # A title too long for one line turns after the agency's name, not inside 「答复书」.
    titles = [p.text for p in Document(str(path)).paragraphs if "答复书" in p.text]
    assert titles == [f"{AGENCY}\n政府信息公开申请答复书"]
    case = full_case(CATALOGUE)
    short = _render(
        tmp_path, case, subject_for(case, DocumentKind.ACKNOWLEDGEMENT), LETTERHEAD, "a"
    )
    assert f"{AGENCY}登记回执" in [p.text for p in Document(str(short)).paragraphs]
    # The checker wants the agency in the title when the profile asks for it.
    plain = read_letter(_render(tmp_path, case, subject, PROFILE, "plain"))
    expected = letter_expectation(case, subject, LETTERHEAD, CATALOGUE)
    assert [i.element for i in blocking(check_letter(plain, expected))] == ["标题"]


def test_document_properties_come_from_the_agency_and_the_case(tmp_path: Path) -> None:
    case = decided_case(CATALOGUE.get("not_held"), issued=True)
    path = _render(tmp_path, case, decision_subject(case, final=True), LETTERHEAD, "reply")
    properties = Document(str(path)).core_properties
    assert properties.author == properties.last_modified_by == AGENCY
    assert properties.title == f"{AGENCY}政府信息公开申请答复书"
    assert properties.subject == "2026-0001"
    assert properties.keywords == "示发改信复〔2026〕12号"
    # The letter's date, 2026-04-28, at midnight in Asia/Shanghai.
    assert properties.created == properties.modified == datetime(2026, 4, 27, 16, 0, tzinfo=UTC)
    with zipfile.ZipFile(path) as package:
        core = package.read("docProps/core.xml").decode("utf-8")
    assert "python-docx" not in core and "2013" not in core


def test_dates_numbers_and_telephones_are_joined_and_the_checker_reads_them_plain(
    tmp_path: Path,
) -> None:
    joined = join_unbreakable(
        "于2026年4月8日以示发改信复〔2026〕12号答复，电话010-12345678，20个工作日"
    )
    assert WORD_JOINER.join(DATE.replace("28", "8").replace("4月8", "4月8")) in joined
    assert WORD_JOINER.join("示发改信复〔2026〕12号") in joined
    assert WORD_JOINER.join("010-12345678") in joined
    assert WORD_JOINER.join("20个工作日") in joined
    assert joined.replace(WORD_JOINER, "").startswith("于2026年4月8日以")
    assert f"于{WORD_JOINER}" not in joined  # the words around stay breakable
    case = decided_case(CATALOGUE.get("not_held"), issued=True)
    path = _render(tmp_path, case, decision_subject(case, final=True), PROFILE, "reply")
    document = Document(str(path))
    runs = [run for p in document.paragraphs for run in p.runs if WORD_JOINER in run.text]
    assert any(run.text.replace(WORD_JOINER, "") == DATE for run in runs)
    for run in runs:  # each joined run in Latin line-breaking (LibreOffice's zh-CN ignores WJ)
        lang = run._r.find(f"{_W}rPr/{_W}lang")
        assert lang.get(f"{_W}val") == lang.get(f"{_W}eastAsia") == "en-US"
    assert DATE in read_letter(path).paragraphs


# -- the PDF -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_every_page_of_every_kind_carries_its_page_number(pdfs: dict[str, Path]) -> None:
    for name, pdf in pdfs.items():
        if name.startswith(("loose-", "dates-")):
            continue
        for number, page in enumerate(_pages(pdf), start=1):
            found = [
                int(m.group(1)) for line in page.splitlines() if (m := PAGE_NUMBER.match(line))
            ]
            assert found == [number], f"{name} page {number}: {page[-80:]!r}"


@pytest.mark.slow
def test_the_signature_block_stays_whole_and_with_body_text_at_every_page_boundary(
    pdfs: dict[str, Path],
) -> None:
    moved = 0
    for lines in SWEEP:
        pages = _pages(pdfs[f"long-{lines:02d}"])
        with_date = [page for page in pages if DATE in page]
        assert len(with_date) == 1, lines
        page = with_date[0]
        # Agency, seal position and date on one page, with the closing paragraphs before them.
        assert AGENCY in page and "（印章）" in page and "特此告知。" in page, (lines, page)
        assert "申请行政复议" in page or "提起行政诉讼" in page, (lines, page)
        moved += pages.index(page) > 0 and len(pages) > 1
    assert moved, "the sweep never pushed the block to a second page"


@pytest.mark.slow
def test_without_the_keeps_the_sweep_splits_or_strands_the_block(pdfs: dict[str, Path]) -> None:
    """The control: the same letters without keep-with-next do split (the sweep bites)."""
    broken = []
    for lines in SWEEP:
        pages = _pages(pdfs[f"loose-{lines:02d}"])
        page = next(page for page in pages if DATE in page)
        if AGENCY not in page or "（印章）" not in page or "特此告知。" not in page:
            broken.append(lines)
    assert broken


@pytest.mark.slow
def test_pdfs_embed_simplified_chinese_faces_and_a_bold_title_never_the_jp_one(
    pdfs: dict[str, Path],
) -> None:
    for name in ("reply-not_held", "acknowledgement", "head-reply-partial"):
        fonts = _run("pdffonts", str(pdfs[name])).splitlines()[2:]
        faces = [line.split()[0].split("+")[-1] for line in fonts if line.strip()]
        # Every face SC, the Latin text too (Times New Roman is mapped to Noto Serif CJK SC).
        hint = "stand-alone SC faces missing? run .ci/install-debian-packages as root"
        assert faces and all("CJKsc-" in face for face in faces), (name, faces, hint)
        assert not any("jp" in face.lower() for face in faces)
        assert any("CJKsc-Bold" in face for face in faces), f"{name}: the title is not bold"
        assert any("CJKsc-Regular" in face for face in faces)


@pytest.mark.slow
def test_pdf_title_and_author_come_from_the_letter_and_the_agency(pdfs: dict[str, Path]) -> None:
    for name, title in (
        ("reply-not_held", "政府信息公开申请答复书"),
        ("head-acknowledgement", f"{AGENCY}登记回执"),
    ):
        info = _run("pdfinfo", str(pdfs[name]))
        assert re.search(rf"^Title:\s+{title}$", info, re.MULTILINE), info
        assert re.search(rf"^Author:\s+{AGENCY}$", info, re.MULTILINE), info
        assert "python-docx" not in info


@pytest.mark.slow
def test_dates_document_numbers_and_telephones_never_break_across_lines(
    pdfs: dict[str, Path],
) -> None:
    units = (DATE, "示发改信复〔2026〕12号", "010-12345678")

    def whole(name: str) -> int:
        lines = "".join(_pages(pdfs[name])).splitlines()
        return sum(unit in line for line in lines for unit in units)

    assert whole("dates-joined") == 3 * 28
    assert whole("dates-plain") < 3 * 28  # the control: without joiners some do break
