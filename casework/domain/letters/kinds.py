"""The elements of each document kind besides the reply (domain.md §5), from ``details``.

Values come from ``Expectation.details`` (strings; dates ISO) and must be read back from the
letter; statutory phrases (periods and consequences) are matched loosely, by their legal core,
so that legal staff may word the templates as they like.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from casework.domain.letters.base import (
    Body,
    CheckItem,
    Expectation,
    failed,
    iso_date_text,
    passed,
    shorten,
    squash,
)
from casework.domain.letters.consultation_checks import (
    agency_consultation,
    third_party_consultation,
)
from casework.domain.letters.matchers import day, phrase, value, working_days

_Rule = Callable[[Body, Expectation], list[CheckItem]]


def _acknowledgement(body: Body, expected: Expectation) -> list[CheckItem]:
    return [
        value(body, expected, "case_number", "案件编号"),
        value(body, expected, "receipt_rule", "收到日期的确定方式"),
        # Reg. art. 33 para. 1: 20 working days.
        phrase(
            body, "答复期限", r"(?:20|二十)个工作日", "法定答复期限20个工作日（条例第三十三条）"
        ),
        value(body, expected, "query_code", "查询码"),
        *_late_registration(body, expected),
    ]


def _late_registration(body: Body, expected: Expectation) -> list[CheckItem]:
    """Reg. arts. 31, 33: registered after the receipt, the acknowledgement (dated the day
    it is given) states both dates, so the reply period is seen to run from the receipt."""
    received = expected.details.get("received_on", "")
    registered = expected.details.get("registered_on", "")
    if not received or not registered or registered <= received:
        return []
    return [
        day(body, expected, "received_on", "收到申请之日"),
        day(body, expected, "registered_on", "登记日期"),
    ]


def _correction_notice(body: Body, expected: Expectation) -> list[CheckItem]:
    """Reg. arts. 29–30: every item at once, numbered, each counted as one item; the articles
    for what is missing; guidance; a period with its last day; the fresh start; the
    consequence."""
    items = correction_items(expected.details.get("items", ""))
    articles = [a for a in expected.details.get("articles", "").split("、") if a]
    checks = [
        _numbered_items(body, items),
        *[phrase(body, "补正依据", re.escape(a), f"依据条例{a}") for a in articles],
        phrase(body, "指导和释明", r"指导(?:和|与|、)释明", "对申请给予指导和释明（条例第三十条）"),
        working_days(body, expected, "period_days", "补正期限"),
    ]
    if expected.details.get("due_on", "").strip():
        checks.append(day(body, expected, "due_on", "补正截止日期"))
    return [
        *checks,
        # Reg. art. 30: the REPLY period starts afresh on receipt of the correction; the
        # correction period's own start (「补正期限自收到本告知书之日起」) is not that statement.
        phrase(
            body,
            "答复期限起算",
            r"答复期限[^。；]*?自[^。；]*?收到[^。；]*?补正[^。；]*?之日起",
            "答复期限自收到补正后的申请之日起计算（条例第三十条）",
        ),
        phrase(body, "逾期后果", r"视为放弃", "逾期不补正的，视为放弃申请（条例第三十条）"),
    ]


def correction_items(stored: str) -> list[str]:
    """The items of ``details["items"]``: a JSON list, one entry per item (a multi-line item
    is one item); a plain text of lines from before the list."""
    try:
        items = json.loads(stored)
    except ValueError:
        items = stored.splitlines()
    if not isinstance(items, list):
        items = [str(items)]
    return [str(item).strip() for item in items if str(item).strip()]


_ITEM_NUMBER = re.compile(r"^\d+[.．、]")


def _numbered_items(body: Body, items: list[str]) -> CheckItem:
    """Each item once, numbered 1., 2., … in its own paragraph; the count is per item."""
    if not items:
        return failed("补正事项", "未提供应补正的事项（details.items）")
    missing = [
        item
        for number, item in enumerate(items, start=1)
        if not any(p.startswith(f"{number}.") and squash(item) in p for p in body.paragraphs)
    ]
    if missing:
        return failed(
            "补正事项",
            f"须一次性逐项编号告知全部{len(items)}项补正事项，未写明或未编号："
            + "；".join(f"「{shorten(m)}」" for m in missing),
        )
    numbered = [p for p in body.paragraphs if _ITEM_NUMBER.match(p)]
    if len(numbered) != len(items):
        return failed("补正事项", f"补正事项应为{len(items)}项，文中编号的事项为{len(numbered)}项")
    return passed("补正事项", f"{len(items)}项，逐项编号")


def _extension_notice(body: Body, expected: Expectation) -> list[CheckItem]:
    """Reg. art. 33 para. 2: at most 20 working days, approved by the office's head."""
    items = [
        value(body, expected, "reason", "延期理由"),
        day(body, expected, "new_due_on", "延长后的答复期限"),
        working_days(body, expected, "extension_days", "延长天数"),
    ]
    days = expected.details.get("extension_days", "")
    if days.isdigit() and int(days) > 20:
        items.append(failed("延长天数", f"延长{days}个工作日超过条例第三十三条的20个工作日"))
    items.append(_approval(body, expected.details.get("approved_by", "").strip()))
    return [*items, *_extension_arithmetic(body, expected)]


def _extension_arithmetic(body: Body, expected: Expectation) -> list[CheckItem]:
    """Reg. art. 33 paras. 2-3: 20 + the extension, plus the stopped days, to the new date."""
    stopped = expected.details.get("stopped_days", "")
    due = iso_date_text(expected.details.get("new_due_on", ""))
    if not stopped.isdigit() or due is None:
        return []
    days = expected.details.get("extension_days", "")
    plus = rf"[^。]*?(?<!\d){stopped}个工作日" if stopped != "0" else ""
    pattern = rf"(?:20|二十)个工作日[^。]*?(?<!\d){days}个工作日{plus}[^。]*?{due}"
    rule = f"答复期限的计算：20个工作日加延长的{days}个工作日"
    rule += f"，另加不计算在内的{stopped}个工作日" if stopped != "0" else ""
    return [phrase(body, "期限计算", pattern, f"{rule}，至{due}（条例第三十三条）")]


def _approval(body: Body, approver: str) -> CheckItem:
    """Reg. art. 33 para. 2: the head of the disclosure office agreed; when the record names
    the approver, the letter names that person as the one who agreed (not 「经研究同意」)."""
    if not approver:
        return phrase(
            body,
            "审批",
            r"负责人[^。；]*?同意|经[^。；]*?(?:同意|批准)",
            "延期已经政府信息公开工作机构负责人同意（条例第三十三条）",
        )
    name = re.escape(squash(approver))
    return phrase(
        body,
        "审批",
        rf"{name}[^。；，]{{0,6}}(?:同意|批准)",
        f"延期已经政府信息公开工作机构负责人同意，并写明同意的负责人「{approver}」"
        "（条例第三十三条第二款）",
    )


def _fee_notice(body: Body, expected: Expectation) -> list[CheckItem]:
    """Fee arts. 3–5 and Reg. art. 42: the notice's arithmetic, payment period, consequence."""
    return [
        value(body, expected, "basis", "收费依据"),
        value(body, expected, "method", "计收方式"),
        value(body, expected, "count", "计费数量"),
        value(body, expected, "arithmetic", "计算过程"),
        value(body, expected, "amount", "收费金额"),
        # Fee (国办函〔2020〕109号; domain.md §1.6): 20 working days counted from the day after receipt,
        # in one statement — a 「20个工作日」 elsewhere in the letter is not the payment period.
        phrase(
            body,
            "缴费期限",
            r"收到[^。；]*?次日起[^。；]*?(?:20|二十)个工作日内[^。；]*?缴",
            "自收到收费通知次日起20个工作日内缴纳（《政府信息公开信息处理费管理办法》第六条）",
        ),
        phrase(body, "逾期后果", r"视为放弃|不再处理", "逾期未缴费的，视为放弃申请"),
        *_fee_stop(body, expected),
    ]


def _fee_stop(body: Body, expected: Expectation) -> list[CheckItem]:
    """Domain.md §1.6, §2.3: where the fee notice stops the reply clock, it says so."""
    if not expected.details.get("stops_clock"):
        return []
    return [
        phrase(
            body,
            "期限中止",
            r"至[^。]*?缴纳[^。]*?不计算在[^。]*?答复期限内",
            "发出收费通知至缴费期间不计算在答复期限内（《政府信息公开信息处理费管理办法》第六条）",
        )
    ]


def _reasons_request(body: Body, expected: Expectation) -> list[CheckItem]:
    """Reg. art. 35: why the request looks excessive, the period (working days and its last
    day) and the consequence — no reasons in time, or unreasonable ones, mean 不予处理."""
    return [
        value(body, expected, "concern", "要求说明理由的事由"),
        working_days(body, expected, "period_days", "说明理由期限"),
        day(body, expected, "due_on", "说明理由截止日期"),
        phrase(
            body,
            "逾期后果",
            r"逾期[^。]*?不予处理|(?:未|不)[^。]{0,12}?说明理由[^。]*?不予处理",
            "逾期不说明理由或者理由不合理的，告知不予处理（条例第三十五条）",
        ),
        phrase(body, "法律依据", r"第三十五条", "依据条例第三十五条"),
    ]


def _deferral_notice(body: Body, expected: Expectation) -> list[CheckItem]:
    """Reg. art. 35: the reasons were found reasonable, the later reply date and its cause
    (延迟答复告知书, not the art. 33 extension)."""
    items = [
        phrase(body, "理由审查结论", r"理由合理", "申请人说明的理由经审查合理（条例第三十五条）"),
        value(body, expected, "reason", "延迟答复原因"),
        day(body, expected, "until", "延迟答复期限"),
        phrase(body, "法律依据", r"第三十五条", "依据条例第三十五条"),
    ]
    if expected.details.get("reasons_requested_on", "").strip():
        items.insert(0, day(body, expected, "reasons_requested_on", "要求说明理由日期"))
    return items


def _termination(body: Body, expected: Expectation) -> list[CheckItem]:
    """The lapsed correction or fee notice and the end of its period (Reg. arts. 30, 42)."""
    items = [
        day(body, expected, "notice_on", "告知日期"),
        day(body, expected, "window_ended_on", "期限届满日"),
    ]
    if expected.details.get("notice_number", "").strip():
        items.append(value(body, expected, "notice_number", "告知书文号"))
    return items


def _delivery_record(body: Body, expected: Expectation) -> list[CheckItem]:
    """Delivery (国办公开办函〔2016〕235号): what, how, when, tracking, signature."""
    items = [
        value(body, expected, "document_number", "送达文书字号"),
        value(body, expected, "method", "送达方式"),
        day(body, expected, "made_on", "送达日期"),
    ]
    if expected.details.get("tracking", "").strip():
        items.append(value(body, expected, "tracking", "邮件单号"))
    if expected.details.get("consent", "").strip():  # electronic delivery (domain.md §2.4)
        items.append(value(body, expected, "consent", "申请人同意电子送达"))
        items.append(value(body, expected, "electronic_address", "电子送达地址"))
    if body.contains(expected.agency_name):
        items.append(passed("送达机关", f"「{expected.agency_name}」"))
    else:
        items.append(failed("送达机关", f"未写明送达机关「{expected.agency_name}」"))
    items.append(
        phrase(body, "签收", r"签收|签名|签字|拒收|拒绝签收", "受送达人签收或拒收的记录栏")
    )
    return items


KIND_RULES: dict[str, _Rule] = {
    "acknowledgement": _acknowledgement,
    "correction_notice": _correction_notice,
    "extension_notice": _extension_notice,
    "third_party_consultation": third_party_consultation,
    "agency_consultation": agency_consultation,
    "fee_notice": _fee_notice,
    "reasons_request": _reasons_request,
    "deferral_notice": _deferral_notice,
    "termination": _termination,
    "delivery_record": _delivery_record,
}
