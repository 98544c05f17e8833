"""The items of a correction notice (补正通知书, Reg. arts. 29-30), each with its article.

A missing application element cites Reg. art. 29 para. 2; an unclear description, and the
correction procedure itself, art. 30.  The letter's reader and its check both use these.
"""

from __future__ import annotations

from casework.domain.case.decisions import CorrectionRequest
from casework.domain.case.requests import CORRECTION_ELEMENTS

# Reg. art. 30: the agency gives guidance (指导和释明) with each item it asks for.
CORRECTION_GUIDANCE = {
    "identity": "请提供申请人的身份证明：自然人提供居民身份证等有效身份证件，法人或者其他组织"
    "提供营业执照等证明文件",
    "contact": "请提供有效的联系方式（联系电话、通信地址或者电子邮箱），以便本机关联系和送达",
    "form": "请写明所需政府信息的形式要求，如纸质文本或者电子数据",
    "delivery": "请写明获取政府信息的方式和途径，如当面领取、邮寄或者电子邮件",
}
UNCLEAR_ARTICLE = "第三十条"


def correction_items(record: CorrectionRequest) -> list[str]:
    """Every item of the notice, each with the article it rests on: Reg. art. 29 para. 2 for
    a missing application element, art. 30 for an unclear description."""
    items = [
        f"{CORRECTION_GUIDANCE[code]}（《条例》{CORRECTION_ELEMENTS[code]}）"
        for code in record.missing
    ]
    return items + [f"{text}（《条例》{UNCLEAR_ARTICLE}）" for text in record.item_texts]


def correction_articles(record: CorrectionRequest) -> list[str]:
    """The articles the notice cites: art. 29 para. 2 (elements), art. 30 (always: the
    correction procedure itself)."""
    return (["第二十九条第二款"] if record.missing else []) + [UNCLEAR_ARTICLE]
