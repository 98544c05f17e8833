"""Rows of an agency's Excel 台账 (register of applications) brought in as cases (issue 17).

The column mapping (Chinese headers; the names in brackets are accepted as well, among them
the headers ``casework export`` writes):

| header | meaning | required |
|---|---|---|
| 原台账编号 (案件编号) | the number the old register gave; kept in the case's receipt facts | no |
| 收到申请日期 (收到申请之日, 收到日期) | Reg. art. 31 receipt date, YYYY-MM-DD | yes |
| 申请人 | name or 名称 | yes |
| 申请人类型 | 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他 | yes |
| 证件类型 / 证件号码 | 居民身份证, 统一社会信用代码, 护照, 其他证件 / the number | no |
| 联系方式 (联系电话) / 通讯地址 | contact, address | no |
| 申请渠道 (申请方式) | 当面提交, 邮寄, 平常信函, 网上申请, 电子邮件, 传真 | yes |
| 申请内容 (所需信息) | the description of the information | yes |
| 获取形式 / 获取方式 | 纸质, 电子文档, 其他形式 / 当面领取, 邮寄, 电子邮件, 网上平台, 传真 | no |
| 办理结果 | an outcome's label (予以公开 …; 部分公开 without its bracket) or code; empty: still being handled | no |
| 答复文号 | the reply's 发文字号 | with a result |
| 答复日期 (签发日期, 办结日期) | the day the reply was issued (the annual report's year) | with a result |
| 送达方式 / 送达日期 | 邮寄, 当面, 电子 / the day it was handed over or posted | no |

Every row is checked with the rules of ``register`` (``validate_application``) and with the
rules of a finished case below; a refused row names its row number, column and rule.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from casework.domain.application.validation import (
    FIELD_LABELS,
    Application,
    ApplicationInput,
    DeliveryWay,
    InformationForm,
    parse_iso_date,
    validate_application,
)
from casework.domain.application.vocabulary import ApplicantType, Channel, IdType
from casework.errors import ValidationError

# (field, header, aliases): the template's order.
COLUMNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ledger_number", "原台账编号", ("案件编号",)),
    ("received_on", "收到申请日期", ("收到申请之日", "收到日期")),
    ("applicant", "申请人", ()),
    ("applicant_type", "申请人类型", ()),
    ("id_type", "证件类型", ()),
    ("id_number", "证件号码", ()),
    ("contact", "联系方式", ("联系电话",)),
    ("address", "通讯地址", ()),
    ("channel", "申请渠道", ("申请方式",)),
    ("description", "申请内容", ("所需信息",)),
    ("form", "获取形式", ()),
    ("delivery", "获取方式", ()),
    ("outcome", "办理结果", ()),
    ("reply_number", "答复文号", ()),
    ("replied_on", "答复日期", ("签发日期", "办结日期")),
    ("delivery_method", "送达方式", ()),
    ("delivered_on", "送达日期", ()),
)
REQUIRED_HEADERS = ("收到申请日期", "申请人", "申请人类型", "申请渠道", "申请内容")
HEADER_FIELDS = {name: field for field, header, aliases in COLUMNS for name in (header, *aliases)}
FIELD_HEADERS = {field: header for field, header, _aliases in COLUMNS}


class DeliveryMethod(StrEnum):
    """How the reply reached the applicant (Delivery; domain.md §2.4): 邮寄 post through a postal
    enterprise, 当面 handed over, 电子 electronic delivery."""

    POST = "post"
    IN_PERSON = "in-person"
    ELECTRONIC = "electronic"


DELIVERY_LABELS = {
    "邮寄": "post",
    "当面": "in-person",
    "当面送达": "in-person",
    "电子": "electronic",
}
DELIVERY_LABELS["电子送达"] = "electronic"


@dataclass(frozen=True)
class Refusal:
    """One rule a row breaks: its row number in the file (the header is row 1), column, rule."""

    row: int
    column: str
    rule: str


@dataclass(frozen=True)
class HistoricalCase:
    """A row that passed every rule: the application, and the reply when it was answered."""

    row: int
    application: Application
    ledger_number: str | None
    outcome: str | None
    reply_number: str | None
    replied_on: date | None
    delivery_method: str | None
    delivered_on: date | None


def _codes(labels: Mapping[str, str], value: str) -> str:
    """A Chinese label or the code itself, as the code (unknown text is left as typed)."""
    return labels.get(value, value)


LABELS: dict[str, dict[str, str]] = {
    "applicant_type": {m.label: m.value for m in ApplicantType},
    "id_type": {m.label: m.value for m in IdType},
    "channel": {m.label: m.value for m in Channel},
    "form": {m.label: m.value for m in InformationForm},
    "delivery": {m.label: m.value for m in DeliveryWay},
}


def read_row(
    row: int,
    values: Mapping[str, str],
    today: date,
    outcome_code: Callable[[str], str | None],
) -> HistoricalCase | list[Refusal]:
    """Check one row (``values`` by field name, stripped text); the case or every refusal.

    ``outcome_code`` turns an outcome label or code into its code (None: not in the catalogue).
    """
    refusals: list[Refusal] = []
    dates = {
        name: _date(row, name, values.get(name, ""), refusals)
        for name in ("received_on", "replied_on", "delivered_on")
    }
    raw = application_input(values, dates["received_on"])
    application = _application(row, raw, today, refusals)
    reply = _reply(values, dates, outcome_code, today)
    refusals += [Refusal(row, FIELD_HEADERS[name], rule) for name, rule in reply[1]]
    if refusals or application is None:
        return refusals
    return HistoricalCase(row, application, values.get("ledger_number") or None, *reply[0])


_APPLICATION_TEXT = (
    "applicant", "applicant_type", "id_type", "id_number", "contact", "address", "channel",
    "description", "form", "delivery",
)  # fmt: skip


def application_input(values: Mapping[str, str], received_on: date | None) -> ApplicationInput:
    """The row's application as ``register`` takes it: labels turned into codes."""
    given = {
        name: _codes(LABELS.get(name, {}), values[name]) if values.get(name) else None
        for name in _APPLICATION_TEXT
    }
    return ApplicationInput(**given, received_on=received_on)  # type: ignore[arg-type]


def _date(row: int, name: str, text: str, refusals: list[Refusal]) -> date | None:
    if not text:
        return None
    parsed = parse_iso_date(text)
    if parsed is None:
        refusals.append(
            Refusal(row, FIELD_HEADERS[name], f"「{text}」不是有效日期，应为 YYYY-MM-DD")
        )
    return parsed


def _application(
    row: int, raw: ApplicationInput, today: date, refusals: list[Refusal]
) -> Application | None:
    try:
        return validate_application(raw, today)
    except ValidationError as error:
        for field, rule in error.problems:
            column = _column(field)
            if column in {r.column for r in refusals} and rule.startswith("必须填写"):
                continue  # a date given but unreadable is refused once, for its format
            refusals.append(Refusal(row, column, _with_labels(field, rule)))
        return None


def _with_labels(field_label: str, rule: str) -> str:
    """A choice refused by ``register`` lists codes; a 台账 is written with the labels."""
    for name, labels in LABELS.items():
        if FIELD_LABELS[name] == field_label and "不是可选值" in rule:
            return rule.split("；", maxsplit=1)[0] + "；可选：" + "、".join(labels)
    return rule


def _column(field_label: str) -> str:
    # validate_application names fields as the clerk's options (「--received-on（…）」).
    return _REGISTER_COLUMNS.get(field_label, field_label)


_REGISTER_COLUMNS = {
    label: FIELD_HEADERS[name] for name, label in FIELD_LABELS.items() if name in FIELD_HEADERS
}


Reply = tuple[str | None, str | None, date | None, str | None, date | None]


def _reply(
    values: Mapping[str, str],
    dates: Mapping[str, date | None],
    outcome_code: Callable[[str], str | None],
    today: date,
) -> tuple[Reply, list[tuple[str, str]]]:
    """The reply facts of a finished case and the (field, rule) of each rule broken."""
    found: list[tuple[str, str]] = []
    label, number = values.get("outcome", ""), values.get("reply_number") or None
    replied_on, delivered_on = dates["replied_on"], dates["delivered_on"]
    outcome = outcome_code(label) if label else None
    method_text = values.get("delivery_method", "")
    method = DELIVERY_LABELS.get(method_text, method_text) or None
    if label and outcome is None:
        found.append(("outcome", f"「{label}」不在办理结果目录中（workflows/outcomes.yaml）"))
    if outcome is None and not label and (number or replied_on or method or delivered_on):
        found.append(("outcome", "填写了答复文号、答复日期或送达信息的，必须填写办理结果"))
    if label:
        found += _answered(number, replied_on, dates["received_on"], today)
    if method is not None and method not in set(DeliveryMethod):
        found.append(("delivery_method", f"「{method_text}」不是可选值；可选：邮寄、当面、电子"))
    found += _delivered(method, delivered_on, replied_on, today)
    return (outcome, number, replied_on, method, delivered_on), found


def _answered(
    number: str | None, replied_on: date | None, received_on: date | None, today: date
) -> list[tuple[str, str]]:
    # Seed 003 (有申请必答复): every application ends with a written reply, which has a 发文字号
    # (GB/T 9704) and a date; the annual report counts it in the year of that date (AR).
    found = []
    if number is None:
        found.append(("reply_number", "有办理结果的，必须填写答复文号（书面答复，种子文件003）"))
    if replied_on is None:
        found.append(("replied_on", "有办理结果的，必须填写答复日期（年度报告按答复日期计入当年）"))
    elif received_on is not None and replied_on < received_on:
        found.append(("replied_on", "答复日期不能早于收到申请日期"))
    elif replied_on > today:
        found.append(("replied_on", f"答复日期不能晚于今天（{today.isoformat()}）"))
    return found


def _delivered(
    method: str | None, delivered_on: date | None, replied_on: date | None, today: date
) -> list[tuple[str, str]]:
    if (method is None) != (delivered_on is None):
        return [("delivered_on", "送达方式和送达日期须同时填写或同时不填")]
    if delivered_on is None:
        return []
    if replied_on is not None and delivered_on < replied_on:
        return [("delivered_on", "送达日期不能早于答复日期")]
    if delivered_on > today:
        return [("delivered_on", f"送达日期不能晚于今天（{today.isoformat()}）")]
    return []


def duplicate_numbers(numbers: list[tuple[int, str]]) -> list[Refusal]:
    """Rows whose reply number (row, number) an earlier row already has (GB/T 9704, domain.md
    §5: a number is never used twice)."""
    seen: dict[str, int] = {}
    refusals = []
    for row, number in numbers:
        first = seen.setdefault(number, row)
        if first != row:
            rule = f"答复文号「{number}」与第 {first} 行重复（文号不得重复使用）"
            refusals.append(Refusal(row, FIELD_HEADERS["reply_number"], rule))
    return refusals
