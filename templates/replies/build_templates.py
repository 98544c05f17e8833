"""Generator of the initial house-style letter templates (文书模板初稿生成脚本).

Run once to create the ``.docx`` skeletons in this folder::

    .venv/bin/python templates/replies/build_templates.py

The generated files are committed and are from then on the source legal staff edit in Word;
re-running this script OVERWRITES their edits (it asks for ``--force`` when a file exists).
Layout follows GB/T 9704-2012 党政机关公文格式: A4, margins top 37 mm, bottom 35 mm, left 28 mm,
right 26 mm; title in 方正小标宋简体 二号 (22 pt), centred; body in 仿宋_GB2312 三号 (16 pt),
first line indented two characters, fixed line spacing of 28.95 pt (22 lines a page); the
发文字号 in its own paragraph; the signature block (agency, seal position, date) right-aligned,
kept together and with the closing paragraphs; page numbers 「— 1 —」 in the footer; the
optional 版头.  The layout lives in ``layout.py`` beside this script, the wording here.
Every placeholder sits in one run so Word shows it whole; block tags (``{%p … %}``) sit alone
in their paragraph as docxtpl requires.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.text.paragraph import Paragraph

sys.path.insert(0, str(Path(__file__).resolve().parent))
from layout import (
    BODY_FONT,
    BODY_SIZE,
    LINE,
    fit_picture,
    keep_signature_together,
    layout,
    page_setup,
    set_fonts,
    signature_start,
    style_run,
    template_properties,
)

HERE = Path(__file__).resolve().parent

# A template is a list of (style, text) lines.  Styles: number, title, addressee, body, plain,
# tag (a docxtpl block tag alone in its paragraph), sign (right-aligned signature lines),
# blank, table (rows given separately).
Line = tuple[str, str]

# The optional 版头 (GB/T 9704-2012 §10.1): printed when the agency profile asks for it.
LETTERHEAD: list[Line] = [
    ("tag", "{%p if letterhead %}"),
    ("letterhead", "{{ letterhead }}"),
    ("tag", "{%p endif %}"),
]
SIGNATURE: list[Line] = [
    ("blank", ""),
    ("sign", "{{ agency_name }}"),
    ("tag", "{%p if seal %}"),
    ("sign", "{{ seal }}"),
    ("tag", "{%p else %}"),
    ("sign", "（印章）"),
    ("tag", "{%p endif %}"),
    ("sign", "{{ dated_text }}"),
]
# domain.md §5: every letter names the office's contact person and telephone.  It is the
# letter's 附注 (GB/T 9704-2012 §7.3.6: in parentheses, two characters in, on the line after
# the date), so the closing paragraphs and the signature block stay together above it.
CONTACT: list[Line] = [
    (
        "body",
        "（联系人：{{ contact_person }}；联系电话：{{ phone }}；联系机构：{{ office }}"
        "{% if address %}；地址：{{ address }}{% endif %}"
        "{% if postcode %}；邮政编码：{{ postcode }}{% endif %}"
        "{% if email %}；电子邮箱：{{ email }}{% endif %}）",
    ),
]


def head(title: str, addressee: str = "{{ addressee }}：") -> list[Line]:
    return [("number", "{{ number }}"), ("title", title), ("addressee", addressee)]


# Reg. art. 30: from the correction on, a letter quotes the corrected request and its date.
# ``you``: 您 for a person, 你单位/贵单位 for an organisation (domain.md §5).
RECEIPT = (
    "本机关于{{ received_on_text }}收到{{ you }}提出的政府信息公开申请"
    "{% if correction_received_text %}，{{ you }}于{{ correction_received_text }}补正了申请"
    "{% if corrected_facts %}（补正事项：{{ corrected_facts }}）{% endif %}，"
    "补正后申请获取“{{ description }}”{% else %}，申请获取“{{ description }}”{% endif %}。"
)
# The same for a letter to a consulted party (the applicant is not addressed there).
PARTY_RECEIPT = (
    "本机关于{{ received_on_text }}收到政府信息公开申请"
    "{% if correction_received_text %}（申请人于{{ correction_received_text }}补正）"
    "{% endif %}，申请获取“{{ description }}”。"
)

TEMPLATES: dict[str, list[Line]] = {
    "acknowledgement": [
        *head("登记回执"),
        (
            "body",
            RECEIPT + "本机关已予登记，登记编号为{{ case_number }}，查询码为{{ query_code }}。",
        ),
        ("body", "收到申请日期的确定：{{ receipt_rule }}。"),
        ("tag", "{%p if late_registration %}"),
        (
            "body",
            "本申请于{{ received_on_text }}收到，本机关于{{ registered_text }}登记；"
            "本回执落款日期为登记之日，答复期限仍自收到申请之日（{{ received_on_text }}）起计算。",
        ),
        ("tag", "{%p endif %}"),
        (
            "body",
            "根据《中华人民共和国政府信息公开条例》第三十三条的规定，本机关将自收到申请之日起"
            "{{ reply_days }}个工作日内予以答复；需要延长答复期限的，将另行书面告知。"
            "{{ you }}可以凭登记编号或查询码向本机关查询办理进度。",
        ),
        *SIGNATURE,
        *CONTACT,
    ],
    "correction_notice": [
        *head("补正告知书"),
        (
            "body",
            RECEIPT + "经审查，{{ you }}的申请需要补正。根据《中华人民共和国政府信息公开条例》"
            "（以下简称《条例》）{{ articles }}的规定，本机关对{{ you }}的申请给予指导和释明，"
            "现一次性告知{{ you }}对申请作出以下补正：",
        ),
        ("tag", "{%p for item in items %}"),
        ("body", "{{ item }}"),
        ("tag", "{%p endfor %}"),
        ("tag", "{%p if content_guidance %}"),
        (
            "body",
            "申请内容可以写明所需政府信息的名称、文号或者便于本机关查询的其他特征性描述"
            "（《条例》第二十九条第二款第（二）项）。",
        ),
        ("tag", "{%p endif %}"),
        (
            "body",
            "请{{ you }}自收到本告知书之日起{{ period_days }}个工作日内补正"
            "（自本告知书发出之日起算，最后一日为{{ due_text }}；实际收到本告知书晚于发出之日的，"
            "相应顺延）。答复期限自本机关收到补正的申请之日起计算。"
            "无正当理由逾期不补正的，视为放弃申请，本机关将不再处理该政府信息公开申请。",
        ),
        *SIGNATURE,
        *CONTACT,
    ],
    "extension_notice": [
        *head("延期答复告知书"),
        (
            "body",
            RECEIPT + "因{{ reason }}，本机关不能在法定期限内作出答复。"
            "经本机关政府信息公开工作机构负责人{{ approved_by }}同意，根据《中华人民共和国政府"
            "信息公开条例》（以下简称《条例》）第三十三条第二款的规定，答复期限延长{{ extension_days }}个工作日"
            "{% if new_due_text %}，延长后的答复期限为{{ new_due_text }}{% endif %}。",
        ),
        # Reg. art. 33 paras. 2-3: the arithmetic of the new due date.
        ("tag", "{%p if stopped_days %}"),
        (
            "body",
            "答复期限自{{ counted_from_text }}起计算：法定答复期限{{ reply_days }}个工作日，"
            "加延长的{{ extension_days }}个工作日{% if stops_counted %}，另加依照《条例》"
            "第三十三条第三款等规定不计算在答复期限内的{{ stopped_days }}个"
            "工作日{% endif %}，至{{ new_due_text }}届满。",
        ),
        ("tag", "{%p endif %}"),
        *SIGNATURE,
        *CONTACT,
    ],
    "third_party_consultation": [
        *head("第三方意见征询函"),
        (
            "body",
            PARTY_RECEIPT
            + "经审查，该政府信息中涉及贵方的内容及公开可能对贵方合法权益造成的损害为："
            "{{ concern }}。根据《中华人民共和国政府信息公开条例》（以下简称《条例》）第三十二条"
            "的规定，现书面征求贵方意见。",
        ),
        (
            "body",
            "请贵方自收到本函之日起{{ window_days }}个工作日内提出书面意见，写明是否同意公开"
            "及其理由（自本函发出之日起算，最后一日为{{ answer_by_text }}；实际收到本函晚于发出"
            "之日的，相应顺延）。逾期未提出意见的，由本机关依照《条例》的规定决定是否公开。",
        ),
        *SIGNATURE,
        *CONTACT,
    ],
    "agency_consultation": [
        *head("征求意见函"),
        (
            "body",
            PARTY_RECEIPT
            + "该政府信息由本机关与贵机关共同制作。根据《中华人民共和国政府信息公开条例》第三十四条"
            "的规定，现书面征求贵机关意见。",
        ),
        (
            "body",
            "请贵机关自收到本函之日起{{ window_days }}个工作日内提出书面意见，写明意见、事实、"
            "理由和依据（自本函发出之日起算，最后一日为{{ answer_by_text }}；实际收到本函晚于"
            "发出之日的，相应顺延）。逾期未提出意见的，视为同意公开。",
        ),
        *SIGNATURE,
        *CONTACT,
    ],
    # Reg. art. 32: only when the agency decided to disclose over the objection.
    "disclosure_notice": [
        *head("公开告知书"),
        (
            "body",
            PARTY_RECEIPT + "本机关已就该政府信息书面征求贵方意见，贵方不同意公开。",
        ),
        (
            "body",
            "经审查，本机关认为不公开该政府信息会对公共利益造成重大影响，理由是："
            "{{ public_interest }}。根据《中华人民共和国政府信息公开条例》第三十二条的规定，"
            "本机关决定予以公开，现将决定公开的内容和理由书面告知贵方。",
        ),
        ("body", "决定公开的内容：{{ disclosed }}。本机关将于{{ provide_text }}向申请人提供。"),
        ("body", "{{ third_party_remedy }}"),
        *SIGNATURE,
        *CONTACT,
    ],
    "fee_notice": [
        *head("收费通知书"),
        (
            "body",
            RECEIPT + "{{ you }}申请公开政府信息的数量、频次明显超过合理范围，根据{{ fee_basis }}"
            "的规定，本机关依法收取信息处理费。",
        ),
        ("body", "计收方式：{{ method }}；计费数量：{{ count_text }}。"),
        ("body", "计算过程：{{ arithmetic }}。"),
        ("body", "应缴金额：{{ amount }}元。"),
        ("tag", "{%p if stops_clock %}"),
        (
            "body",
            "依照《政府信息公开信息处理费管理办法》第六条的规定，"
            "自本通知书发出之日的次日起至{{ you }}缴纳信息处理费"
            "之日止的期间，不计算在答复期限内；本机关收到{{ you }}缴纳的费用后继续计算答复期限。",
        ),
        ("tag", "{%p endif %}"),
        (
            "body",
            "请{{ you }}自收到本通知书之日的次日起{{ payment_days }}个工作日内，到{{ office }}"
            "{% if address %}（{{ address }}）{% endif %}缴纳，或致电{{ phone }}咨询缴费方式。"
            "逾期未缴纳的，视为放弃申请，本机关将不再处理该政府信息公开申请。",
        ),
        *SIGNATURE,
        *CONTACT,
    ],
    "reasons_request": [
        *head("说明理由通知"),
        (
            "body",
            RECEIPT + "经审查，{{ you }}申请公开政府信息的数量、频次明显超过合理范围：{{ concern }}。"
            "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）第三十五条的规定，"
            "本机关要求{{ you }}说明申请理由。",
        ),
        (
            "body",
            "请{{ you }}自收到本通知之日起{{ period_days }}个工作日内（自本通知发出之日起算为"
            "{{ due_text }}前；实际收到本通知晚于发出之日的，相应顺延），向本机关书面说明理由。",
        ),
        (
            "body",
            "逾期不说明理由或者理由不合理的，本机关将依照《条例》第三十五条的规定告知{{ you }}"
            "不予处理；理由合理但无法按期答复的，本机关将确定延迟答复的合理期限并告知{{ you }}。",
        ),
        (
            "body",
            "书面说明可以送交或者邮寄至{{ office }}{% if address %}（地址：{{ address }}"
            "{% if postcode %}，邮政编码：{{ postcode }}{% endif %}）{% endif %}"
            "{% if email %}，也可以发送电子邮件至{{ email }}{% endif %}"
            "{% if phone %}；如有疑问，请致电{{ phone }}{% endif %}。",
        ),
        *SIGNATURE,
        *CONTACT,
    ],
    "deferral_notice": [
        *head("延迟答复告知书"),
        (
            "body",
            RECEIPT + "{{ you }}申请公开政府信息的数量、频次明显超过合理范围"
            "{% if reasons_requested_text %}，本机关已于{{ reasons_requested_text }}"
            "要求{{ you }}说明理由{% endif %}。",
        ),
        (
            "body",
            "经审查，本机关认为{{ you }}说明的申请理由合理，但因{{ reason }}，无法在《中华人民共和国"
            "政府信息公开条例》（以下简称《条例》）第三十三条规定的期限内答复。根据《条例》"
            "第三十五条的规定，本机关确定延迟答复的期限为{{ until_text }}，将在该日期前作出答复。",
        ),
        *SIGNATURE,
        *CONTACT,
    ],
    # The decision paragraph states the notice (date, number, end of its period) from the
    # case record and the consequence once (outcomes.yaml correction_lapsed / fee_lapsed).
    "termination": [
        *head("终止办理告知书"),
        ("body", RECEIPT + "现告知如下："),
        ("body", "{{ decision }}"),
        ("body", "{{ remedy }}"),
        ("body", "特此告知。"),
        *SIGNATURE,
        *CONTACT,
    ],
    "reply": [
        *head("政府信息公开申请答复书"),
        ("body", RECEIPT + "现答复如下："),
        ("body", "{{ decision }}"),
        ("tag", "{%p if convenience %}"),
        ("body", "便民答复：{{ convenience }}。"),
        ("tag", "{%p endif %}"),
        ("body", "{{ remedy }}"),
        ("body", "特此告知。"),
        *SIGNATURE,
        *CONTACT,
    ],
    # Reg. art. 33 para. 3: the applicant is told the consultation stops the reply clock.
    "consultation_notice": [
        *head("征求意见告知书"),
        (
            "body",
            RECEIPT + "因该政府信息的公开需要征求{{ consulted }}的意见，本机关已于{{ sent_text }}"
            "依照《中华人民共和国政府信息公开条例》（以下简称《条例》）{{ consulted_article }}的规定"
            "书面征求意见，"
            "被征求意见方答复的期限至{{ window_ends_text }}届满。",
        ),
        (
            "body",
            "根据《条例》第三十三条第三款的规定，征求意见所需时间"
            "不计算在答复期限内。本机关收到意见或者上述期限届满后，将继续计算答复期限并依法答复。",
        ),
        *SIGNATURE,
        *CONTACT,
    ],
    # Seed 003: a withdrawn application also ends with a written document.
    "withdrawal_notice": [
        *head("撤回申请确认书"),
        (
            "body",
            RECEIPT + "{{ you }}于{{ withdrawn_text }}以{{ how }}方式撤回该申请"
            "{% if reason %}，理由是：{{ reason }}{% endif %}。",
        ),
        (
            "body",
            "本机关确认，该政府信息公开申请自{{ withdrawn_text }}起终止办理。"
            "如仍需获取相关政府信息，{{ you }}可以重新提出申请。",
        ),
        ("body", "特此告知。"),
        *SIGNATURE,
        *CONTACT,
    ],
    # ARL art. 64; ALL art. 70: the reply a decision ordered, replacing the earlier one.
    "re_reply": [
        *head("政府信息公开申请重新答复书"),
        (
            "body",
            RECEIPT + "本机关曾于{{ replaced_text }}作出政府信息公开申请答复书"
            "（{{ replaced_number }}）。{{ decision_organ }}于{{ decision_text }}作出"
            "{{ decision_name }}（{{ decision_number }}），责令本机关重新答复。本答复书为重新答复，"
            "取代上述答复书（{{ replaced_number }}）。现重新答复如下：",
        ),
        ("body", "{{ decision }}"),
        ("tag", "{%p if convenience %}"),
        ("body", "便民答复：{{ convenience }}。"),
        ("tag", "{%p endif %}"),
        ("body", "{{ remedy }}"),
        ("body", "特此告知。"),
        *SIGNATURE,
        *CONTACT,
    ],
    "delivery_record": [
        ("title", "送达回证"),
        ("table", ""),
        *SIGNATURE,
    ],
}

DELIVERY_ROWS: Sequence[tuple[str, str]] = (
    ("送达文书名称", "{{ document_title }}"),
    ("文书字号", "{{ document_number }}"),
    ("受送达人", "{{ applicant_name }}"),
    ("送达方式", "{{ method }}"),
    ("交付或交邮日期", "{{ made_text }}"),
    ("邮件单号", "{{ tracking }}"),
    ("签收日期", "{{ signed_text }}"),
    ("申请人同意电子送达", "{{ consent }}"),
    ("电子送达地址", "{{ electronic_address }}"),
    ("受送达人签名或盖章", ""),
    ("备注", ""),
)


def build(name: str, lines: list[Line]) -> Path:
    document = Document()
    page_setup(document)
    set_fonts(document.styles["Normal"], BODY_FONT, BODY_SIZE)
    template_properties(document, name)
    if any(style == "number" for style, _ in lines):
        lines = [*LETTERHEAD, *lines]  # GB/T 9704-2012 §10.1: the optional 版头
    paragraphs: list[tuple[str, Paragraph]] = []
    for style, text in lines:
        if style == "table":
            _table(document)
            continue
        paragraph = document.add_paragraph()
        layout(paragraph, style)
        if text == "{{ seal }}":
            fit_picture(paragraph)
        # A title names the agency when the profile asks (GB/T 9704-2012 §7.3.1).
        printed = "{{ title_agency }}" + text if style == "title" else text
        if printed:
            style_run(paragraph.add_run(printed), style)
        paragraphs.append((style, paragraph))
    start = signature_start(lines)
    if start is not None:
        keep_signature_together(paragraphs, start - lines[:start].count(("table", "")))
    path = HERE / f"{name}.docx"
    document.save(str(path))
    return path


def _table(document: object) -> None:
    table = document.add_table(rows=len(DELIVERY_ROWS), cols=2)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row, (label, value) in zip(table.rows, DELIVERY_ROWS, strict=True):
        for cell, text in zip(row.cells, (label, value), strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.line_spacing = LINE
            if text:
                paragraph.add_run(text)


def main(argv: list[str]) -> int:
    """``--force`` overwrites; names given (e.g. ``acknowledgement``) limit it to those."""
    force = "--force" in argv
    chosen = [name for name in argv if not name.startswith("--")] or list(TEMPLATES)
    unknown = [name for name in chosen if name not in TEMPLATES]
    if unknown:
        print(f"没有名为「{unknown[0]}」的模板；可选：{'、'.join(TEMPLATES)}")
        return 1
    existing = [name for name in chosen if (HERE / f"{name}.docx").exists()]
    if existing and not force:
        print(f"已存在 {len(existing)} 个模板，可能含有法制人员的修改；确需重新生成请加 --force")
        return 1
    for name in chosen:
        print(build(name, TEMPLATES[name]).relative_to(HERE.parent.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
