"""Plain-data views of cases and events for JSON output and tables.

Identity numbers are masked everywhere except in ``show`` for the case itself (domain.md;
the applicant's personal information is protected, Reg. art. 15).
"""

from __future__ import annotations

from typing import Any

from casework.domain.application import DeliveryWay, InformationForm
from casework.domain.masking import mask_identity
from casework.domain.records import Case, CaseEvent
from casework.domain.vocabulary import ApplicantType, Channel, IdType

STATE_LABELS = {
    "registered": "已登记/办理中",
    "correcting": "待补正",
    "consulting": "征求意见中",
    "awaiting_fee": "待缴费",
    "reviewing": "审核中",
    "approved": "已审签",
    "replied": "已答复",
    "delivered": "已送达",
    "archived": "已归档",
    "withdrawn": "已撤回",
}


ACTION_LABELS = {
    "register": "登记",
    "recompute": "重新计算期限",
    "request-correction": "补正告知",
    "receive-correction": "收到补正",
    "consult": "征求意见",
    "record-opinion": "记录意见",
    "close-consultation": "征求意见期满",
    "extend": "延期答复",
    "defer": "另定答复期限",
    "notify-fee": "收费通知",
    "record-payment": "缴费",
    "draft": "拟稿",
    "return": "退回修改",
    "approve": "审签",
    "issue": "签发答复",
    "deliver": "送达",
    "archive": "归档",
    "withdraw": "撤回",
    "lapse-correction": "逾期未补正",
    "lapse-fee": "逾期未缴费",
    "reopen": "重新答复",
}

DEADLINE_LABELS = {
    "reply": "答复期限",
    "correction_period": "补正期限",
    "consultation": "征求意见期限",
    "fee_payment": "缴费期限",
}


def deadline_label(kind: str) -> str:
    return DEADLINE_LABELS.get(kind, kind)


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def state_label(state: str) -> str:
    return STATE_LABELS.get(state, state)


def case_view(case: Case, *, full_identity: bool = False) -> dict[str, Any]:
    """The case as JSON-ready data (``show --json``; ``list --json`` masks the identity)."""
    applicant = case.applicant
    number = applicant.id_number
    return {
        "number": case.number,
        "agency": case.agency,
        "query_code": case.query_code,
        "state": case.state,
        "state_label": state_label(case.state),
        "applicant": {
            "name": applicant.name,
            "type": applicant.applicant_type,
            "type_label": ApplicantType(applicant.applicant_type).label,
            "id_type": applicant.id_type,
            "id_number": number if full_identity or not number else mask_identity(number),
            "contact": applicant.contact,
            "address": applicant.address,
        },
        "channel": case.channel,
        "channel_label": Channel(case.channel).label,
        "arrived_on": _iso(case.arrived_on),
        "received_on": case.received_on.isoformat(),
        "receipt": case.receipt,
        "description": case.description,
        "form": case.form,
        "delivery": case.delivery,
        "assistance": case.assistance,
        "handler": case.handler,
        "reply_due_on": _iso(case.reply_due_on),
        "clock_status": case.clock_status,
        "due_provisional": case.due_provisional,
        "next_deadline_on": _iso(case.next_deadline_on),
        "next_deadline_kind": case.next_deadline_kind,
        "outcome": case.outcome,
        "reply_number": case.reply_number,
        "workflow": {"name": case.workflow, "version": case.workflow_version},
        "created_at": case.created_at.isoformat(),
        "updated_at": case.updated_at.isoformat(),
    }


def event_view(event: CaseEvent) -> dict[str, Any]:
    """A journal entry as JSON-ready data, identity numbers masked."""
    return {
        "seq": event.seq,
        "action": event.action,
        "actor": event.actor,
        "recorded_at": event.recorded_at.isoformat(),
        "effective_on": event.effective_on.isoformat(),
        "state_before": event.state_before,
        "state_after": event.state_after,
        "data": _mask_nested(event.data),
    }


def _mask_nested(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: mask_identity(item) if key == "id_number" and item else _mask_nested(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_mask_nested(item) for item in value]
    return value


def _iso(value: Any) -> str | None:
    return None if value is None else str(value.isoformat())


def describe_choice(kind: str, value: str | None) -> str:
    """The Chinese label of a stored choice, or 「未注明」."""
    if not value:
        return "未注明"
    enums: dict[str, Any] = {
        "form": InformationForm,
        "delivery": DeliveryWay,
        "id_type": IdType,
        "channel": Channel,
        "applicant_type": ApplicantType,
    }
    return str(enums[kind](value).label)
