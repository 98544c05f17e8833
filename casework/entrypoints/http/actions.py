"""The clerk actions of the staff API: each endpoint's service function and its body fields.

``POST /api/v1/cases/{case}/{action}`` takes a JSON object of the command's options (``on``,
``agency`` and the action's own, named as the options without ``--``) and calls the service
the command calls.  Only the shape is checked here — text, ``YYYY-MM-DD`` dates, whole
numbers, required fields present — every rule is the service's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from casework.entrypoints.http.errors import ApiError
from casework.entrypoints.http.parsing import date_field
from casework.services import actions, online, reasons, review
from casework.services.workflow_support import ActionResult

# The facts a draft may carry (the outcome catalogue says which each outcome requires).
DRAFT_FACTS = (
    "facts",
    "reasons",
    "search_process",
    "responsible_agency",
    "access",
    "convenience",
    "earlier_case",
    "ground",
    "prohibiting_law",
    "published_at",
    "withheld_part",
    "interest",
    "basis",
)


@dataclass(frozen=True)
class Endpoint:
    """One action: its service, the body fields it takes and which of them are required."""

    service: Callable[..., ActionResult]
    summary: str
    texts: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    grouped: str | None = None  # texts passed together as one mapping (draft's ``facts``)
    renamed: tuple[tuple[str, str], ...] = ()  # (option's name, the service's argument)

    @property
    def fields(self) -> frozenset[str]:
        return frozenset({*self.texts, *self.dates, *self.numbers, "on", "agency"})

    def arguments(self, data: dict[str, str | None]) -> dict[str, Any]:
        """The service's keyword arguments from a checked body."""
        for name in self.required:
            if not (data.get(name) or "").strip():
                raise ApiError(422, "validation", "必须填写", field=name)
        values: dict[str, Any] = {"on": date_field(data, "on"), "agency": data.get("agency")}
        for name in self.dates:
            values[name] = date_field(data, name)
        for name in self.numbers:
            values[name] = _whole_number(data, name)
        texts = {name: data.get(name) for name in self.texts}
        if self.grouped:
            values[self.grouped] = {k: v for k, v in texts.items() if k in DRAFT_FACTS}
            texts = {k: v for k, v in texts.items() if k not in DRAFT_FACTS}
        values.update(texts)
        for option, argument in self.renamed:
            values[argument] = values.pop(option)
        return values


def _whole_number(data: dict[str, str | None], name: str) -> int | None:
    text = (data.get(name) or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise ApiError(422, "validation", f'「{text}」应为正整数（写成文字，如 "15"）', field=name)
    return int(text)


ACTIONS: dict[str, Endpoint] = {
    "confirm": Endpoint(online.confirm, "确认收到网上申请（同 confirm）"),
    "request-correction": Endpoint(
        actions.request_correction, "补正告知（同 request-correction）",
        texts=("items", "late_reason"), numbers=("period_days",), required=("items",),
    ),
    "receive-correction": Endpoint(
        actions.receive_correction, "收到补正（同 receive-correction）",
        texts=("description", "other"),
    ),
    "consult": Endpoint(
        actions.consult, "征求意见（同 consult）", texts=("party", "party_kind", "concern"),
        dates=("party_received_on",), required=("party", "party_kind"),
    ),
    "record-opinion": Endpoint(
        actions.record_opinion, "记录意见（同 record-opinion）", texts=("party", "opinion"),
        required=("party", "opinion"),
    ),
    "extend": Endpoint(
        actions.extend, "延期答复（同 extend）", texts=("reason", "approved_by"),
        numbers=("days",), required=("days", "reason"),
    ),
    # Reg. art. 33 para. 2: the head grants a clerk's extension request under their own identity.
    "approve-extension": Endpoint(
        actions.approve_extension, "批准延期（同 approve-extension）"
    ),
    "refuse-extension": Endpoint(
        actions.refuse_extension, "不同意延期（同 refuse-extension）", texts=("reason",),
        required=("reason",),
    ),
    "request-reasons": Endpoint(
        reasons.request_reasons, "要求说明理由（同 request-reasons）", texts=("concern",),
        numbers=("period_days",), required=("concern",),
    ),
    "defer": Endpoint(
        actions.defer, "延迟答复（同 defer）", texts=("reason",),
        dates=("until", "reasons_received_on"), required=("until", "reasons_received_on", "reason"),
    ),
    "notify-fee": Endpoint(
        actions.notify_fee, "收费通知（同 notify-fee）", texts=("method",), numbers=("pages",),
        required=("method",),
    ),
    "record-payment": Endpoint(
        actions.record_payment, "缴费（同 record-payment）",
        texts=("amount", "receipt", "paid_by"), renamed=(("receipt", "receipt_number"),),
    ),
    "record-notice-receipt": Endpoint(
        actions.record_notice_receipt, "记录通知送达（同 record-notice-receipt）",
        dates=("received_on",), required=("received_on",),
    ),
    "withdraw": Endpoint(actions.withdraw, "撤回（同 withdraw）", texts=("how", "reason")),
    "void": Endpoint(actions.void, "作废登记（同 void）", texts=("reason",)),
    "draft": Endpoint(
        review.draft, "拟稿（同 draft）", texts=("outcome", *DRAFT_FACTS),
        required=("outcome",), grouped="facts",
    ),
    "return": Endpoint(
        review.return_draft, "退回修改（同 return）", texts=("comment",), required=("comment",)
    ),
    "approve": Endpoint(review.approve, "审签（同 approve）"),
    "issue": Endpoint(review.issue, "签发答复（同 issue）"),
    "deliver": Endpoint(
        review.deliver, "送达（同 deliver）", texts=("method", "tracking", "consent", "address"),
        dates=("signed_on",), required=("method",),
    ),
    "record-signed-for": Endpoint(
        review.record_signed_for, "记录签收（同 record-signed-for）", dates=("signed_on",),
        required=("signed_on",),
    ),
    "archive": Endpoint(review.archive, "归档（同 archive）"),
}  # fmt: skip
