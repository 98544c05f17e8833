"""Sample letters of every kind besides the reply, following LETTER_API.md's conventions.

``KIND_SAMPLES`` gives each kind its 发文字号, its ``details`` and the body paragraphs that
print them; ``kind_paragraphs`` wraps them in number, title, addressee and signature block.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from casework.domain.letters.check import Expectation
from tests.support.letter_samples import (
    AGENCY,
    APPLICANT,
    CONTACT_LINE,
    CONTACT_PERSON,
    DATED_ON,
    DESCRIPTION,
    DOC_CODE,
    ORGAN,
    PHONE,
    RECEIVED_ON,
    REPLY_NUMBER,
    chinese,
)

# Reg. arts. 29–30: an element of art. 29 para. 2, and an unclear description (art. 30); the
# second item spans two lines and is still one item.
CORRECTION_ITEMS = [
    "请提供申请人的身份证明（《条例》第二十九条第二款第（一）项）",
    "请写明所需信息的文件名称\n或者文号（《条例》第三十条）",
]
# Reg. art. 32: which part concerns the third party and why disclosure may harm it.
THIRD_PARTY_CONCERN = (
    "第3页所列贵单位的投标报价明细涉及贵单位的商业秘密，公开可能削弱贵单位的竞争地位"
)
# Kind-specific values (LETTER_API.md ``details``) and the body paragraphs that print them.
KIND_SAMPLES: dict[str, tuple[str, dict[str, str], list[str]]] = {
    "acknowledgement": (
        "示财信登〔2026〕3号",
        {
            "case_number": "SC-2026-0042",
            "query_code": "K7M2Q9",
            "receipt_rule": "当面提交，以提交之日为收到申请之日",
        },
        [
            f"本机关于{chinese(RECEIVED_ON)}收到您提出的政府信息公开申请（当面提交，以提交之日为收到申请之日），"
            f"您申请获取“{DESCRIPTION}”。",
            "案件编号：SC-2026-0042。查询码：K7M2Q9，可凭查询码查询办理进度。",
            "本机关将自收到申请之日起20个工作日内依法答复。",
        ],
    ),
    "correction_notice": (
        "示财信补〔2026〕1号",
        {
            "items": json.dumps(CORRECTION_ITEMS, ensure_ascii=False),
            "articles": "第二十九条第二款、第三十条",
            "period_days": "15",
            "requested_on": "2026-04-03",
            "due_on": "2026-04-24",
        },
        [
            f"本机关于{chinese(RECEIVED_ON)}收到您提出的政府信息公开申请。经审查，依据《中华人民共和国政府信息公开条例》（以下简称《条例》）第二十九条"
            "第二款、第三十条，本机关对您的申请给予指导和释明，请您补正以下事项：",
            f"1.{CORRECTION_ITEMS[0]}",
            f"2.{CORRECTION_ITEMS[1]}",
            "请于收到本告知书之日起15个工作日内补正（最后一日为2026年4月24日）。"
            "答复期限自本机关收到补正后的申请之日起计算。",
            "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        ],
    ),
    "extension_notice": (
        "示财信延〔2026〕2号",
        {
            "reason": "所需信息涉及多个年度的档案，需调阅核对",
            "new_due_on": "2026-05-28",
            "extension_days": "20",
            "approved_by": "赵六",
        },
        [
            f"本机关于{chinese(RECEIVED_ON)}收到您提出的政府信息公开申请。",
            "因所需信息涉及多个年度的档案，需调阅核对，经政府信息公开工作机构负责人赵六同意，"
            "答复期限延长20个工作日，本机关将于2026年5月28日前作出答复。",
        ],
    ),
    "third_party_consultation": (
        "示财信征〔2026〕1号",
        {
            "party": "示例建设有限公司",
            "window_days": "15",
            "answer_by": "2026-04-29",
            "concern": THIRD_PARTY_CONCERN,
        },
        [
            f"本机关收到政府信息公开申请，申请获取“{DESCRIPTION}”，其中{THIRD_PARTY_CONCERN}。",
            "请于收到本函之日起15个工作日内（最后一日为2026年4月29日）书面答复本机关。逾期未提出意见的，本机关将依照条例第三十二条的规定决定是否公开。",
        ],
    ),
    "agency_consultation": (
        "示财信商〔2026〕1号",
        {"party": "示例市发展和改革委员会", "window_days": "15", "answer_by": "2026-04-29"},
        [
            f"本机关收到政府信息公开申请，申请获取“{DESCRIPTION}”，该信息由贵机关与本机关共同制作。",
            "请于收到本函之日起15个工作日内（最后一日为2026年4月29日）提出意见，逾期未提出意见的视为同意公开。",
        ],
    ),
    "disclosure_notice": (
        "示财信告〔2026〕1号",
        {
            "party": "示例建设有限公司",
            "public_interest": "该信息涉及重大公共利益，不公开会对公共利益造成重大影响",
            "provide_on": "2026-05-06",
            "disclosed": "上述申请的政府信息",
            "reply_issued_on": DATED_ON.isoformat(),
            "reply_outcome": "disclose",
            "reply_ground": "",
        },
        [
            f"本机关收到政府信息公开申请，申请获取“{DESCRIPTION}”。贵单位书面表示不同意公开。",
            "经审查，本机关认为不公开该信息会对公共利益造成重大影响，理由是：该信息涉及重大公共利益，"
            "不公开会对公共利益造成重大影响。根据条例第三十二条的规定，本机关决定予以公开。",
            "决定公开的内容：上述申请的政府信息。本机关将于2026年5月6日向申请人提供。",
        ],
    ),
    "fee_notice": (
        "示财信费〔2026〕1号",
        {
            "amount": "1700.00",
            "arithmetic": "70×10元+50×20元",
            "basis": "《政府信息公开信息处理费管理办法》第三条、第五条",
            "method": "按量计收",
            "count": "150",
        },
        [
            "依据《政府信息公开信息处理费管理办法》第三条、第五条，本次按量计收，共150页，"
            "计算方法：70×10元+50×20元，应缴纳信息处理费1700.00元。",
            "请自收到本通知次日起20个工作日内缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理。",
        ],
    ),
    "reasons_request": (
        "示财信询〔2026〕1号",
        {
            "concern": "您本月已提出42件申请，内容大量重复",
            "period_days": "15",
            "due_on": "2026-04-24",
            "requested_on": "2026-04-02",
        },
        [
            f"本机关于{chinese(RECEIVED_ON)}收到您提出的政府信息公开申请。经审查，您申请的数量、频次"
            "明显超过合理范围：您本月已提出42件申请，内容大量重复。",
            "根据《中华人民共和国政府信息公开条例》第三十五条的规定，请您自收到本通知之日起"
            "15个工作日内（2026年4月24日前）书面说明理由。",
            "逾期不说明理由或者理由不合理的，本机关将告知您不予处理。",
        ],
    ),
    "deferral_notice": (
        "示财信迟〔2026〕1号",
        {
            "until": "2026-07-31",
            "reason": "申请涉及十年的预算档案，需逐件检索",
            "reasons_requested_on": "2026-04-02",
        },
        [
            f"本机关于{chinese(RECEIVED_ON)}收到您提出的政府信息公开申请，并于2026年4月2日要求您说明理由。",
            "经审查，您说明的申请理由合理，但因申请涉及十年的预算档案，需逐件检索，无法按期答复。",
            "根据《中华人民共和国政府信息公开条例》第三十五条的规定，本机关确定延迟答复的期限为2026年7月31日。",
        ],
    ),
    "delivery_record": (
        "",
        {
            "document_number": REPLY_NUMBER,
            "method": "邮寄送达",
            "made_on": "2026-04-29",
            "tracking": "EMS1234567890",
        },
        [
            "送达文书：政府信息公开申请答复书",
            REPLY_NUMBER,
            "受送达人",
            APPLICANT,
            "送达方式",
            "邮寄送达",
            "交邮日期",
            "2026年4月29日",
            "邮件单号",
            "EMS1234567890",
            "送达机关",
            AGENCY,
            "受送达人签收",
        ],
    ),
}


def kind_expectation(kind: str, **changes: Any) -> Expectation:
    number, details, _ = KIND_SAMPLES[kind]
    expected = Expectation(
        kind=kind,
        final=True,
        number=number or None,
        doc_code=DOC_CODE,
        applicant_name=APPLICANT,
        agency_name=AGENCY,
        dated_on=DATED_ON,
        received_on=RECEIVED_ON,
        correction_received_on=None,
        description=DESCRIPTION,
        outcome=None,
        ground=None,
        facts={},
        remedy=None,
        reconsideration_organ=ORGAN,
        court=None,
        details=details,
        contact_person=CONTACT_PERSON,
        phone=PHONE,
    )
    return dataclasses.replace(expected, **changes)


def kind_paragraphs(expected: Expectation) -> list[str]:
    """The paragraphs of a non-reply letter following LETTER_API.md's conventions."""
    number, _, body = KIND_SAMPLES[expected.kind]
    if expected.kind == "delivery_record":
        return ["送达回证", *body]
    titles = {
        "acknowledgement": "登记回执",
        "correction_notice": "补正告知书",
        "extension_notice": "延期答复告知书",
        "third_party_consultation": "第三方意见征询函",
        "agency_consultation": "征求意见函",
        "disclosure_notice": "公开告知书",
        "fee_notice": "收费通知书",
        "reasons_request": "说明理由通知",
        "deferral_notice": "延迟答复告知书",
    }
    addressee = expected.details.get("party") or expected.applicant_name
    return [
        number if expected.final else "〔签发时编号〕",
        titles[expected.kind],
        f"{addressee}：",
        *body,
        CONTACT_LINE,
        expected.agency_name,
        "（印章）",
        chinese(expected.dated_on),
    ]
