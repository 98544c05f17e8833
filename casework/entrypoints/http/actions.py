"""The clerk actions of the staff API: each endpoint's service function and its body fields.

``POST /api/v1/cases/{case}/{action}`` takes a JSON object of the command's options (``on``,
``agency`` and the action's own, named as the options without ``--``) and calls the service
the command calls (``endpoint.Endpoint``).  A test compares every entry with the click
command's options, so the two cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from casework.entrypoints.http.endpoint import Endpoint
from casework.services import actions, amendment, handoffs, online, reasons, review

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
# The registration facts ``amend`` corrects (its options, as ``register``'s).
AMENDED_TEXTS = (
    "applicant", "applicant_type", "id_type", "id_number", "contact", "address", "channel",
    "description", "form", "delivery", "assistance",
)  # fmt: skip


def _draft(values: dict[str, Any]) -> dict[str, Any]:
    """Reg. art. 32: the decision to disclose over a third party's objection, as ``draft``'s
    ``--override-objection --public-interest --provide-on`` give it."""
    from casework.services.objections import OverrideInput

    facts = {name: values.pop(name) for name in DRAFT_FACTS}
    objection = OverrideInput(
        values.pop("override_objection"), values.pop("public_interest"), values.pop("provide_on")
    )
    return {**values, "facts": facts, "objection": objection}


def _amend(values: dict[str, Any]) -> dict[str, Any]:
    """``amend``'s changes: only the fields given (as the command passes them)."""
    fields = (*AMENDED_TEXTS, "arrived_on", "received_on")
    changes = {name: value for name in fields if (value := values.pop(name)) is not None}
    return {**values, "changes": changes}


ACTIONS: dict[str, Endpoint] = {
    "confirm": Endpoint(online.confirm, "确认收到网上申请（同 confirm）"),
    "request-correction": Endpoint(
        actions.request_correction, "补正告知（同 request-correction）",
        texts=("late_reason",), numbers=("period",), lists=("items", "missing"),
        renamed=(("period", "period_days"),),
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
        required=("party", "opinion"), attach_kind="third_party_opinion",
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
        reasons.request_reasons, "要求说明理由（同 request-reasons）", texts=("reason",),
        numbers=("period_days",), required=("reason",), renamed=(("reason", "concern"),),
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
        attach_kind="payment_receipt",
    ),
    "record-notice-receipt": Endpoint(
        actions.record_notice_receipt, "记录通知送达（同 record-notice-receipt）",
        dates=("received_on",), required=("received_on",),
    ),
    "withdraw": Endpoint(actions.withdraw, "撤回（同 withdraw）", texts=("how", "reason")),
    # A registration that is no application, or a spam online submission (state submitted).
    "void": Endpoint(actions.void, "作废登记或垃圾网上申请（同 void）", texts=("reason",)),
    "draft": Endpoint(
        review.draft, "拟稿（同 draft），含不顾第三方反对决定公开（条例第三十二条）",
        texts=("outcome", "public_interest", *DRAFT_FACTS), flags=("override_objection",),
        dates=("provide_on",), required=("outcome",), build=_draft,
    ),
    "return": Endpoint(
        review.return_draft, "退回修改（同 return）", texts=("reason",), required=("reason",),
        renamed=(("reason", "comment"),),
    ),
    "approve": Endpoint(review.approve, "审签（同 approve）"),
    "issue": Endpoint(review.issue, "签发答复（同 issue）"),
    "deliver": Endpoint(
        review.deliver, "送达（同 deliver）", texts=("method", "tracking", "consent", "address"),
        dates=("signed_on",), required=("method",), attach_kind="delivery_proof",
    ),
    "record-signed-for": Endpoint(
        review.record_signed_for, "记录签收（同 record-signed-for）", dates=("signed_on",),
        required=("signed_on",),
    ),
    "archive": Endpoint(review.archive, "归档（同 archive case）"),
    "amend": Endpoint(
        amendment.amend, "更正登记内容（同 amend），须写明理由",
        texts=("reason", *AMENDED_TEXTS), dates=("arrived_on", "received_on"), dated=False,
        build=_amend,
    ),
    "assign": Endpoint(
        handoffs.assign, "转办或签收（同 assign）", texts=("to", "note"), required=("to",),
        dated=False,
    ),
}  # fmt: skip
