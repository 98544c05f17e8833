"""Writes 示例台账.xlsx: 1,000 rows of a city development-and-reform commission's register of
applications (2023–2026), with the headers such registers use (序号, 联系电话 and 备注 among
them), and 35 bad rows, each with one defect listed in expected_refusals.json (row → column).

Deterministic (seeded); run ``python tests/data/ledger/make_sample_ledger.py`` to rebuild.
Identity numbers are made with their check characters computed here (GB 11643, GB 32100),
independently of casework's own code.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
HEADERS = [
    "序号", "收到日期", "申请人", "申请人类型", "证件类型", "证件号码", "联系电话", "通讯地址",
    "申请方式", "申请内容", "办理结果", "答复文号", "答复日期", "送达方式", "送达日期", "备注",
]  # fmt: skip
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "军", "强", "秀英", "建华"]
COMPANIES = ["示例建设工程有限公司", "滨江置业有限公司", "北辰环保科技有限公司", "恒信商贸有限公司"]
ORGS = [
    ("research", "示例市城市规划设计研究院"),
    ("public-interest", "示例市绿色发展促进会"),
    ("legal-service", "示例律师事务所"),
    ("other-org", "东湖社区居民委员会"),
]
TYPE_LABELS = {
    "natural": "自然人", "enterprise": "商业企业", "research": "科研机构",
    "public-interest": "社会公益组织", "legal-service": "法律服务机构", "other-org": "其他",
}  # fmt: skip
CHANNELS = ["当面提交", "邮寄", "网上申请", "网上申请", "电子邮件"]
SUBJECTS = [
    "{y}年度部门预算及说明", "{y}年度部门决算", "{y}年三公经费支出情况", "滨江路绿化养护合同",
    "东湖片区城市更新项目立项批复", "北环路道路改造工程招标文件", "示例化工厂环境影响评价报告",
    "老城片区房屋征收补偿方案", "示发改投〔{y}〕{n}号文件", "{y}年重点项目投资计划",
    "污水处理厂扩建工程可行性研究报告", "新能源汽车充电设施建设规划",
]  # fmt: skip
OUTCOMES = [
    ("予以公开", 40), ("已主动公开", 8), ("部分公开", 12), ("不予公开：国家秘密", 1),
    ("不予公开：保护第三方合法权益", 4), ("不予公开：四类过程性信息", 5),
    ("不予公开：行政执法案卷", 2), ("无法提供：经检索不存在", 12), ("无法提供：非本机关负责公开", 5),
    ("无法提供：需另行制作", 3), ("不予处理：信访举报投诉类", 3), ("不予处理：重复申请", 3),
    ("其他：逾期不补正", 2),
]  # fmt: skip
DELIVERY = ["邮寄", "当面", "电子", "电子"]
LAST_REPLY = date(2026, 6, 25)  # the tests run on 2026-06-30


def resident_id(rng: random.Random) -> str:
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(50 * 365))
    body = f"110105{born:%Y%m%d}{rng.randrange(1000):03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


def credit_code(rng: random.Random) -> str:
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "91110105" + "".join(rng.choice(chars[:10]) for _ in range(9))
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(chars.index(c) * w for c, w in zip(body, weights, strict=True))
    return body + chars[(31 - total % 31) % 31]


def applicant(rng: random.Random) -> tuple[str, str, str, str]:
    roll = rng.random()
    if roll < 0.7:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        return name, "natural", "居民身份证", resident_id(rng)
    if roll < 0.88:
        return rng.choice(COMPANIES), "enterprise", "统一社会信用代码", credit_code(rng)
    kind, name = rng.choice(ORGS)
    return name, kind, "统一社会信用代码", credit_code(rng)


def good_row(index: int, rng: random.Random, numbers: dict[int, int]) -> list[object]:
    year = 2023 + min(index * 4 // 1000, 3)
    received = date(year, 1, 3) + timedelta(days=rng.randrange(355 if year < 2026 else 150))
    name, kind, id_type, id_number = applicant(rng)
    subject = rng.choice(SUBJECTS).format(y=year - 1, n=rng.randrange(1, 90))
    row: list[object] = [
        index, received, name, TYPE_LABELS[kind], id_type, id_number,
        f"138{rng.randrange(10**8):08d}", "示例市东城区人民路1号", rng.choice(CHANNELS),
        f"请公开{subject}", None, None, None, None, None, None,
    ]  # fmt: skip
    replied = received + timedelta(days=rng.randrange(3, 35))
    if year == 2026 and (rng.random() < 0.5 or replied > LAST_REPLY):
        return row  # still being handled
    numbers[replied.year] = numbers.get(replied.year, 0) + 1
    outcome = rng.choices([o for o, _ in OUTCOMES], [w for _, w in OUTCOMES])[0]
    row[10:13] = [outcome, f"示发改信复〔{replied.year}〕{numbers[replied.year]}号", replied]
    if rng.random() < 0.9:
        row[13:15] = [rng.choice(DELIVERY), replied + timedelta(days=rng.randrange(0, 3))]
    return row


# Row number (in the file: the header is row 1) → (column at fault, how the row is spoiled).
DEFECTS: dict[str, tuple[str, str]] = {
    "no_applicant": ("申请人", "申请人留空"),
    "bad_check": ("证件号码", "身份证校验位错"),
    "slash_date": ("收到申请日期", "日期写成 2024/3/5"),
    "before_2019": ("收到申请日期", "2018年的申请（旧条例）"),
    "reply_before_receipt": ("答复日期", "答复日期早于收到日期"),
    "vague_outcome": ("办理结果", "只写不予公开，未写理由"),
    "no_reply_number": ("答复文号", "有结果无文号"),
    "duplicate_number": ("答复文号", "文号与上一行重复"),
    "uscc_person": ("证件类型", "自然人填统一社会信用代码"),
    "delivery_no_date": ("送达日期", "有送达方式无送达日期"),
    "no_description": ("申请内容", "申请内容留空"),
    "number_no_outcome": ("办理结果", "有文号无办理结果"),
    "unknown_channel": ("申请渠道", "申请方式写成微信"),
}


def spoil(row: list[object], kind: str, previous: list[object]) -> None:  # noqa: PLR0912 - one case per defect
    replied = row[12] or date(2024, 6, 1)
    match kind:
        case "no_applicant":
            row[2] = None
        case "bad_check":
            row[3:6] = ["自然人", "居民身份证", "110105198001010011"]
        case "slash_date":
            received = row[1]
            assert isinstance(received, date)
            row[1] = f"{received.year}/{received.month}/{received.day}"
        case "before_2019":
            row[1] = date(2018, 11, 5)
        case "reply_before_receipt":
            received = row[1]
            assert isinstance(received, date)
            row[10:15] = [
                "予以公开",
                f"示发改信复〔{received.year}〕9{row[0]}号",
                received - timedelta(days=3),
                None,
                None,
            ]
        case "vague_outcome":
            row[10:13] = ["不予公开", f"示发改信复〔2024〕8{row[0]}号", replied]
        case "no_reply_number":
            row[10:13] = ["予以公开", None, replied]
        case "duplicate_number":
            row[10:15] = ["予以公开", previous[11], previous[12], None, None]
        case "uscc_person":
            row[3:6] = ["自然人", "统一社会信用代码", "91110105MA01234567"]
        case "delivery_no_date":
            row[10:15] = ["予以公开", f"示发改信复〔2024〕7{row[0]}号", replied, "邮寄", None]
        case "no_description":
            row[9] = None
        case "number_no_outcome":
            row[10:15] = [None, f"示发改信复〔2024〕6{row[0]}号", None, None, None]
        case "unknown_channel":
            row[8] = "微信"


def main() -> None:
    rng = random.Random(2026)
    numbers: dict[int, int] = {}
    kinds = list(DEFECTS)
    # Bad rows at fixed, spread-out places; each defect two or three times.
    bad = {40 + 28 * i: kinds[i % len(kinds)] for i in range(35)}
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "2023-2026依申请公开台账"
    sheet.append(HEADERS)
    expected: dict[int, str] = {}
    previous: list[object] = []
    for index in range(1, 1001):
        row = good_row(index, rng, numbers)
        file_row = index + 1
        if file_row in bad:
            if bad[file_row] == "duplicate_number" and previous[11] is None:
                bad[file_row] = "no_applicant"
            spoil(row, bad[file_row], previous)
            expected[file_row] = DEFECTS[bad[file_row]][0]
            row[15] = None
        elif index % 97 == 0:
            row[15] = "申请人电话回访确认"
        sheet.append(row)
        previous = row
    for cell in sheet["B"][1:] + sheet["M"][1:] + sheet["O"][1:]:
        cell.number_format = "yyyy-mm-dd"
    workbook.save(HERE / "示例台账.xlsx")
    (HERE / "expected_refusals.json").write_text(
        json.dumps({str(k): v for k, v in sorted(expected.items())}, ensure_ascii=False, indent=1)
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
