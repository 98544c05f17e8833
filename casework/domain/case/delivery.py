"""Delivery by post (domain.md §2.4): which tracking numbers are a postal enterprise's.

A reply sent by post must go through a postal enterprise (EMS or China Post, 邮政企业), not a
courier (国办公开办函〔2016〕235号 counts the reply as made on the day handed to the post;
domain.md §2.4).  A courier's waybill number is therefore refused for ``--method post``.
The accepted shapes: an EMS number (``EMS…``), a UPU S10 item number as China Post gives
registered letters and international EMS (two letters, nine digits, two letters:
``EA123456789CN``), and the 13-digit domestic EMS / registered-letter number.
"""

from __future__ import annotations

import re

# Courier companies' waybill prefixes (快递企业, not 邮政企业), for a precise message.
COURIERS = {
    "SF": "顺丰速运",
    "JD": "京东物流",
    "YT": "圆通速递",
    "ZTO": "中通快递",
    "STO": "申通快递",
    "YD": "韵达速递",
    "DPK": "德邦快递",
    "JT": "极兔速递",
}
POSTAL_SHAPES = (
    re.compile(r"EMS[0-9A-Z]+"),
    re.compile(r"[A-Z]{2}\d{9}[A-Z]{2}"),  # UPU S10
    re.compile(r"[19]\d{12}"),  # domestic EMS and registered letters
)


def postal_tracking_problem(tracking: str) -> str | None:
    """Why ``tracking`` is not a postal enterprise's number, or None when it is one."""
    number = tracking.strip().upper()
    if any(shape.fullmatch(number) for shape in POSTAL_SHAPES):
        return None
    for prefix, courier in sorted(COURIERS.items(), key=lambda item: -len(item[0])):
        if number.startswith(prefix):
            return (
                f"「{tracking}」是{courier}的快递单号；邮寄送达须交邮政企业（EMS/中国邮政），"
                "不得使用快递企业"
            )
    return (
        f"「{tracking}」不是邮政企业（EMS/中国邮政）的邮件单号；应为 EMS 开头的单号、"
        "13 位国内邮件号或 EA123456789CN 格式的挂号/国际邮件号"
    )
