"""GB/T 9704-2012 layout of the letter templates (版式), used by ``build_templates.py``.

Kept apart from the wording so that the two can change independently:

- page: A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (§5.2.1);
- fonts: title in 方正小标宋简体 二号, body in 仿宋_GB2312 三号 (§7.3), every run tagged zh-CN;
- page numbers (§7.5): 4号半角宋体 Arabic numerals with an em dash (一字线) each side, 「— 1 —」,
  the dash's top 7 mm below the type area; odd pages right, even pages left, each one
  character in from the edge of the type area (单页码居右空一字，双页码居左空一字), on every
  page of every template (odd and even footers differ: ``w:evenAndOddHeaders``);
- the optional 版头 of the letter format (§10.1, 信函格式): the issuing agency's name in red,
  centred, above a red double line (thick over thin), printed when the profile asks
  (``{%p if letterhead %}``);
- the signature block (agency, seal position, date, §7.3.5) never splits across pages and never
  stands alone on a page: its paragraphs keep together and with the next one, and so does the
  last paragraph of substance before it, with the closing formula (「特此告知。」) between them
  (Word's and LibreOffice's keep-with-next / keep-lines).  LibreOffice moves a keep-with-next
  paragraph whole, so the chain is kept this short: a longer one leaves half a page blank.
"""

from __future__ import annotations

from datetime import UTC, datetime

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
LETTERHEAD_SIZE = Pt(26)  # 一号: §10.1 leaves the size to the agency
PAGE_NUMBER_SIZE = Pt(14)  # 四号
LINE = Pt(28.95)  # 22 lines on the type area of 225 mm (§5.2.2)
RED = "FF0000"
EM_DASH = "\u2014"  # 一字线
# The footer's distance from the page's bottom edge: the number's top 7 mm below the type area
# (bottom margin 35 mm), minus the footer line of 14 pt (about 4.9 mm).
FOOTER_DISTANCE = Mm(35 - 7 - 5)
# A closing formula (「特此告知。」) is not enough body text to carry the signature block alone.
CLOSING_FORMULA = "特此"


def set_fonts(owner: object, east_asia: str, size: Pt, latin: str = LATIN_FONT) -> None:
    """Latin and East Asian fonts and the zh-CN language of a style or run.

    python-docx's ``font.name`` sets only ascii/hAnsi; ``w:eastAsia`` is set too.  The zh-CN
    tag makes renderers pick the SC glyph forms of a pan-CJK font.  ``w:lang`` comes last.
    """
    font = owner.font  # type: ignore[attr-defined]
    font.name = latin
    font.size = size
    properties = owner.element.get_or_add_rPr()  # type: ignore[attr-defined]
    properties.get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)
    for old in properties.findall(qn("w:lang")):
        properties.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    properties.append(lang)


def page_setup(document: object) -> None:
    """A4 and the GB/T 9704 margins; odd and even page-number footers."""
    section = document.sections[0]  # type: ignore[attr-defined]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = FOOTER_DISTANCE
    document.settings.odd_and_even_pages_header_footer = True  # type: ignore[attr-defined]
    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)


def _page_number(paragraph: Paragraph, *, odd: bool) -> None:
    """「— N —」 with a PAGE field, right (odd) or left (even), one character in (§7.5)."""
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = PAGE_NUMBER_SIZE
    if odd:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        fmt.right_indent = PAGE_NUMBER_SIZE
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        fmt.left_indent = PAGE_NUMBER_SIZE
    _number_run(paragraph, text=f"{EM_DASH} ")
    _number_run(paragraph, field="begin")
    _number_run(paragraph, instruction=" PAGE ")
    _number_run(paragraph, field="separate")
    _number_run(paragraph, text="1")
    _number_run(paragraph, field="end")
    _number_run(paragraph, text=f" {EM_DASH}")


def _number_run(
    paragraph: Paragraph, *, text: str = "", field: str = "", instruction: str = ""
) -> None:
    run = paragraph.add_run(text)
    set_fonts(run, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE, latin=PAGE_NUMBER_FONT)  # 半角宋体
    if field:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), field)
        run._r.append(element)
    if instruction:
        element = OxmlElement("w:instrText")
        element.set(qn("xml:space"), "preserve")
        element.text = instruction
        run._r.append(element)


def layout(paragraph: Paragraph, style: str) -> None:
    """Spacing, alignment and indents of one template line's paragraph."""
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.widow_control = True
    if style == "body":
        fmt.first_line_indent = Pt(32)  # two characters of 三号
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    elif style in ("number", "sign"):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        fmt.right_indent = Pt(64) if style == "sign" else Pt(0)
    elif style == "title":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.line_spacing = Pt(35)
        fmt.space_after = LINE
    elif style == "letterhead":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.line_spacing = Pt(40)
        fmt.space_after = LINE
        _red_double_line(paragraph)


def fit_picture(paragraph: Paragraph) -> None:
    """The seal image's line grows with the picture (a fixed 28.95 pt line would clip it)."""
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE


def style_run(run: object, style: str) -> None:
    """The display face of titles and the red of the 版头; body runs take the Normal style."""
    if style == "title":
        set_fonts(run, TITLE_FONT, TITLE_SIZE)
    elif style == "letterhead":
        set_fonts(run, TITLE_FONT, LETTERHEAD_SIZE)
        run.font.color.rgb = _rgb(RED)  # type: ignore[attr-defined]


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour)


def _red_double_line(paragraph: Paragraph) -> None:
    """A red double line (thick over thin) 4 mm under the agency's name (§10.1)."""
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("val", "thickThinSmallGap"), ("sz", "24"), ("space", "11")):
        bottom.set(qn(f"w:{name}"), value)
    bottom.set(qn("w:color"), RED)
    borders.append(bottom)
    properties.insert_element_before(
        borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
        "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
        "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
        "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:rPr",
    )  # fmt: skip


def signature_start(lines: list[tuple[str, str]]) -> int | None:
    """Where the signature block begins: the blank line before the agency's name, if any."""
    starts = [i for i, line in enumerate(lines) if line == ("sign", "{{ agency_name }}")]
    if not starts:
        return None
    start = starts[-1]
    return start - 1 if start > 0 and lines[start - 1][0] == "blank" else start


def keep_signature_together(paragraphs: list[tuple[str, Paragraph]], start: int) -> None:
    """Keep the block's paragraphs on one page with the closing paragraphs before it.

    ``paragraphs`` are the template's (style, paragraph) pairs in order, ``start`` the index of
    the block's first one.  Block tags are left out: docxtpl removes their paragraphs.
    """
    block = [p for style, p in paragraphs[start:] if style != "tag"]
    closing = []
    for style, paragraph in reversed(paragraphs[:start]):
        if style in ("tag", "table"):
            continue
        closing.append(paragraph)
        if not paragraph.text.startswith(CLOSING_FORMULA):
            break  # the last paragraph of substance
    for paragraph in [*closing, *block[:-1]]:
        paragraph.paragraph_format.keep_with_next = True
    for paragraph in block:
        paragraph.paragraph_format.keep_together = True


def template_properties(document: object, title: str) -> None:
    """Neutral document properties for a template (rendering replaces them per letter)."""
    properties = document.core_properties  # type: ignore[attr-defined]
    properties.author = properties.last_modified_by = "casework"
    properties.title = title
    properties.comments = properties.keywords = properties.subject = ""
    properties.created = properties.modified = datetime.now(UTC).replace(microsecond=0)
    properties.revision = 1
