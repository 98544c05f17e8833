"""Validation of a new application (Reg. arts. 29 and 31) before it is registered.

Registration is "有申请必登记" (seed 003): an application that lacks facts is registered and
then corrected (Reg. art. 30), never silently rejected.  So only what the engine needs to run
the case is required here; what the law lets the clerk check — identity numbers with published
check digits, dates — is checked strictly, and every problem is reported with its field.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from casework.domain.application.identity import validate_identity
from casework.domain.application.vocabulary import ApplicantType, Channel, IdType
from casework.errors import ValidationError

# Reg. (国务院令第711号) is in force from 2019-05-15; earlier receipts fell under the 2007 rules.
REGULATION_IN_FORCE_ON = date(2019, 5, 15)
E = TypeVar("E", bound=StrEnum)
# Lengths fit for a letter: a name and a contact fit a line, an address a few, the description
# and the assistance record a paragraph or two of the 登记回执.
MAX_TEXT = {
    "applicant": 200,
    "contact": 200,
    "address": 500,
    "description": 4000,
    "assistance": 2000,
}
# ISO 8601 calendar dates only: ``date.fromisoformat`` also takes 20260401 and 2026-W14-3.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class InformationForm(StrEnum):
    """The form of the information asked for (Reg. art. 29 para. 2 item 3).

    paper: 纸质. electronic: 电子文档. other: 其他形式 (e.g. inspection, copy on a medium).
    """

    PAPER = "paper"
    ELECTRONIC = "electronic"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"paper": "纸质", "electronic": "电子文档", "other": "其他形式"}[self.value]


class DeliveryWay(StrEnum):
    """How the applicant wants to obtain it (Reg. art. 29 para. 2 item 3).

    pick_up: 当面领取. post: 邮寄. email: 电子邮件. online: 网上平台. fax: 传真.
    """

    PICK_UP = "pick-up"
    POST = "post"
    EMAIL = "email"
    ONLINE = "online"
    FAX = "fax"

    @property
    def label(self) -> str:
        labels = {"pick-up": "当面领取", "post": "邮寄", "email": "电子邮件", "online": "网上平台"}
        return labels.get(self.value, "传真")


FIELD_LABELS = {
    "applicant": "--applicant（申请人姓名或名称）",
    "applicant_type": "--applicant-type（申请人类型）",
    "id_type": "--id-type（证件类型）",
    "id_number": "--id-number（证件号码）",
    "contact": "--contact（联系方式）",
    "address": "--address（通讯地址）",
    "channel": "--channel（申请方式）",
    "arrived_on": "--arrived-on（实际到达日期）",
    "received_on": "--received-on（收到申请日期）",
    "description": "--description（所需信息描述）",
    "form": "--form（获取信息的形式）",
    "delivery": "--delivery（获取信息的方式）",
    "assistance": "--assistance（协助记录）",
    "agency": "--agency（机关）",
}

_ORGANISATION_IDS = {IdType.USCC, IdType.OTHER}
_PERSON_IDS = {IdType.RESIDENT_ID, IdType.PASSPORT, IdType.OTHER}


@dataclass(frozen=True)
class ApplicationInput:
    """What a clerk typed, as strings; validated by :func:`validate_application`."""

    applicant: str | None = None
    applicant_type: str | None = None
    id_type: str | None = None
    id_number: str | None = None
    contact: str | None = None
    address: str | None = None
    channel: str | None = None
    arrived_on: date | None = None
    received_on: date | None = None
    description: str | None = None
    form: str | None = None
    delivery: str | None = None
    assistance: str | None = None
    agency: str | None = None


@dataclass(frozen=True)
class Application:
    """A validated application, ready to be registered."""

    applicant: str
    applicant_type: ApplicantType
    id_type: IdType | None
    id_number: str | None
    contact: str
    address: str
    channel: Channel
    arrived_on: date | None
    received_on: date
    description: str
    form: InformationForm | None
    delivery: DeliveryWay | None
    assistance: str | None
    agency: str | None

    def receipt_facts(self) -> dict[str, Any]:
        """The facts that fixed the receipt date (Reg. art. 31), kept with the case."""
        return {
            "channel": self.channel.value,
            "channel_label": self.channel.label,
            "rule": self.channel.receipt_rule,
            "arrived_on": self.arrived_on.isoformat() if self.arrived_on else None,
            "received_on": self.received_on.isoformat(),
        }


# Letters are XML: C0 control characters cannot be stored in a .docx and would break the
# letter, so they are refused where text enters.  Line breaks are kept in long texts only.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_OR_BREAK = re.compile(r"[\x00-\x1f\x7f]")
# Bidirectional embeddings, overrides, isolates and marks (Unicode UAX #9): U+202E makes
# 「张三」 display as something else in a letter or a list (a "Trojan Source" trick), and none
# belongs in a Chinese name, address or description.
_BIDI = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
MULTILINE_FIELDS = frozenset({"description", "assistance", "address"})


def parse_iso_date(text: str) -> date | None:
    """``text`` as a ``YYYY-MM-DD`` date, or None when it is not exactly that."""
    text = text.strip()
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def control_character_problem(text: str, *, multiline: bool) -> str | None:
    """The rule a text breaks by containing a control or bidirectional character, or None."""
    match = (_CONTROL if multiline else _CONTROL_OR_BREAK).search(text)
    if match is not None:
        return f"含有不可见的控制字符（U+{ord(match.group()):04X}），请删除后重新输入"
    match = _BIDI.search(text)
    if match is not None:
        return (
            f"含有改变文字显示方向的不可见字符（U+{ord(match.group()):04X}），"
            "会使文书中的文字显示错乱，请删除后重新输入"
        )
    return None


def visible_text_problem(text: str) -> str | None:
    """The rule a required text breaks when nothing in it can be seen (only zero-width spaces,
    joiners, byte-order marks, soft hyphens …), or None."""
    if any(not char.isspace() and unicodedata.category(char) not in _INVISIBLE for char in text):
        return None
    return "只含不可见字符（如零宽空格），须至少含一个可见字符"


_INVISIBLE = frozenset({"Cf", "Cc", "Zs", "Zl", "Zp", "Mn", "Me", "Cs", "Co", "Cn"})


def text_problems(name: str, label: str, value: str | None, *, limit: int) -> list[tuple[str, str]]:
    """Every rule a free text breaks: its length, control and direction characters."""
    text = value or ""
    problems = []
    if len(text.strip()) > limit:
        problems.append((label, f"不得超过 {limit} 个字符，实际为 {len(text.strip())} 个"))
    problem = control_character_problem(text, multiline=name in MULTILINE_FIELDS)
    if problem:
        problems.append((label, problem))
    return problems


def validate_application(raw: ApplicationInput, today: date) -> Application:
    """Check every field; raise one ValidationError listing every problem found."""
    problems: list[tuple[str, str]] = []

    def need(name: str, value: str | None) -> str:
        text = (value or "").strip()
        if not text:
            problems.append((FIELD_LABELS[name], "必须填写"))
        elif visible_text_problem(text):
            problems.append((FIELD_LABELS[name], visible_text_problem(text) or ""))
        return text

    applicant = need("applicant", raw.applicant)
    description = need("description", raw.description)
    applicant_type = _choice(ApplicantType, "applicant_type", raw.applicant_type, problems)
    channel = _choice(Channel, "channel", raw.channel, problems)
    id_type = _choice(IdType, "id_type", raw.id_type, problems, required=False)
    form = _choice(InformationForm, "form", raw.form, problems, required=False)
    delivery = _choice(DeliveryWay, "delivery", raw.delivery, problems, required=False)
    id_number = _identity(raw, id_type, applicant_type, today, problems)
    _check_dates(raw, channel, today, problems)
    for name in ("applicant", "description", "contact", "address", "assistance"):
        problems += text_problems(
            name, FIELD_LABELS[name], getattr(raw, name), limit=MAX_TEXT[name]
        )
    problem = control_character_problem(raw.id_number or "", multiline=False)
    if problem:
        problems.append((FIELD_LABELS["id_number"], problem))
    if raw.agency is not None and not raw.agency.strip():
        problems.append((FIELD_LABELS["agency"], "不能为空；不填时为配置中的默认机关"))
    if problems:
        raise ValidationError.many(problems)
    assert applicant_type is not None and channel is not None and raw.received_on is not None
    return Application(
        applicant=applicant,
        applicant_type=applicant_type,
        id_type=id_type,
        id_number=id_number,
        contact=(raw.contact or "").strip(),
        address=(raw.address or "").strip(),
        channel=channel,
        arrived_on=raw.arrived_on,
        received_on=raw.received_on,
        description=description,
        form=form,
        delivery=delivery,
        assistance=(raw.assistance or "").strip() or None,
        agency=raw.agency,
    )


def _choice(
    enum: type[E],
    name: str,
    value: str | None,
    problems: list[tuple[str, str]],
    *,
    required: bool = True,
) -> E | None:
    if value is None or not value.strip():
        if required:
            problems.append((FIELD_LABELS[name], "必须填写"))
        return None
    try:
        return enum(value.strip())
    except ValueError:
        allowed = "、".join(member.value for member in enum)
        problems.append((FIELD_LABELS[name], f"「{value}」不是可选值；可选：{allowed}"))
        return None


def _identity(
    raw: ApplicationInput,
    id_type: IdType | None,
    applicant_type: ApplicantType | None,
    today: date,
    problems: list[tuple[str, str]],
) -> str | None:
    number = (raw.id_number or "").strip()
    if not number:
        # Reg. art. 29 para. 2 item 1: a document type names a proof, which has a number.
        if id_type is not None:
            problems.append((FIELD_LABELS["id_number"], f"证件类型为{id_type.label}时必须填写号码"))
        return None
    if id_type is None:
        problems.append((FIELD_LABELS["id_type"], "填写证件号码时必须注明证件类型"))
        return None
    if applicant_type is ApplicantType.NATURAL and id_type not in _PERSON_IDS:
        problems.append((FIELD_LABELS["id_type"], "自然人不能使用统一社会信用代码"))
    elif applicant_type not in (None, ApplicantType.NATURAL) and id_type not in _ORGANISATION_IDS:
        problems.append((FIELD_LABELS["id_type"], "法人或其他组织应使用统一社会信用代码或其他证件"))
    try:
        return validate_identity(id_type, number, today=today)
    except ValidationError as exc:
        problems.append((FIELD_LABELS["id_number"], exc.rule))
        return None


def _check_dates(
    raw: ApplicationInput, channel: Channel | None, today: date, problems: list[tuple[str, str]]
) -> None:
    received, arrived = raw.received_on, raw.arrived_on
    if received is None:
        problems.append((FIELD_LABELS["received_on"], "必须填写（条例第三十一条）"))
    elif received > today:
        problems.append((FIELD_LABELS["received_on"], f"不能晚于今天（{today.isoformat()}）"))
    elif received < REGULATION_IN_FORCE_ON:
        problems.append(
            (
                FIELD_LABELS["received_on"],
                "早于2019年5月15日的申请适用2007年《条例》，本系统不办理",
            )
        )
    if arrived is not None and arrived > today:
        problems.append((FIELD_LABELS["arrived_on"], f"不能晚于今天（{today.isoformat()}）"))
    if arrived is None or received is None:
        return
    if arrived > received:
        problems.append((FIELD_LABELS["arrived_on"], "实际到达日期不能晚于收到申请日期"))
    # Reg. art. 31 item 1: in person, the receipt date *is* the day it was handed in.
    elif channel is Channel.IN_PERSON and arrived != received:
        problems.append(
            (
                FIELD_LABELS["received_on"],
                "当面提交的，收到申请之日即提交之日（条例第三十一条第（一）项），应与到达日期相同",
            )
        )
