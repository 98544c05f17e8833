"""Plain-data views of cases and events for JSON output and tables.

Identity numbers are masked everywhere except in ``show`` for the case itself (domain.md;
the applicant's personal information is protected, Reg. art. 15).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from casework.domain.application.masking import mask_identity
from casework.domain.application.validation import DeliveryWay, InformationForm
from casework.domain.application.vocabulary import ApplicantType, Channel, IdType
from casework.domain.case.records import Case, CaseEvent
from casework.domain.case.storage import journal_data
from casework.domain.clock.case import derivation_data

if TYPE_CHECKING:
    from casework.domain.workflow.machine import Workflow
    from casework.services.queries import CaseOverview

# Journal entries that are not workflow transitions; every other label comes from the workflow
# definition (workflows/disclosure.yaml), the one place legal staff edit it.
JOURNAL_ACTION_LABELS = {
    "register": "登记",
    "submit": "网上提交申请",
    "recompute": "重新计算期限",
    "remedy": "复议诉讼记录",
    "amend": "更正登记",
    "assign": "转办/签收",
    "attach": "附件",
}

DEADLINE_LABELS = {
    "reply": "答复期限",
    "correction_period": "补正期限",
    "consultation": "征求意见期限",
    "fee_payment": "缴费期限",
}


def deadline_label(kind: str) -> str:
    return DEADLINE_LABELS.get(kind, kind)


def action_label(flow: Workflow, action: str) -> str:
    return JOURNAL_ACTION_LABELS.get(action) or flow.action_label(action)


def case_view(case: Case, flow: Workflow, *, full_identity: bool = False) -> dict[str, Any]:
    """The case as JSON-ready data (``show --json``; ``list --json`` masks the identity)."""
    applicant = case.applicant
    number = applicant.id_number
    return {
        "number": case.number,
        "agency": case.agency,
        "query_code": case.query_code,
        "state": case.state,
        "state_label": flow.state_label(case.state),
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


def case_detail(
    overview: CaseOverview, flow: Workflow, commands: list[dict[str, str]]
) -> dict[str, Any]:
    """``show --json`` (and ``GET /api/v1/cases/{case}``): the case with its full identity, the
    actions allowed now with how to perform each (``commands``), the days left and the
    derivation.  A case awaiting confirmation (Reg. art. 31 item 3) has no clock yet."""
    view = case_view(overview.case, flow, full_identity=True)
    view["allowed_actions"] = overview.allowed_actions
    view["allowed_commands"] = commands
    unconfirmed = bool(overview.case.receipt.get("awaiting_confirmation"))
    view["working_days_left"] = None if unconfirmed else overview.clock.working_days_left
    view["derivation"] = [] if unconfirmed else derivation_data(overview.clock)
    view["declared_identity"] = {
        "entries": overview.declared_entries,
        "users": list(overview.declared_users),
    }
    # Voided or withdrawn: how, when and why (never 「办结」 for a voided registration).
    view["ending"] = overview.ending.as_json() if overview.ending else None
    view["archive_note"] = overview.archive_note
    # Reg. art. 33 para. 2: what the head decides on — the pending request, and the refusals.
    reply = overview.case.decisions.reply
    pending = reply.extension_request if reply.extension is None else None
    view["pending_extension"] = journal_data(pending) if pending else None
    view["extension_refusals"] = [journal_data(r) for r in reply.extension_refusals]
    # The case file's attachments (issue 17), as the journal recorded each.
    view["attachments"] = [
        {**a.journal_entry(), "created_at": a.created_at.isoformat(), "created_by": a.created_by}
        for a in overview.attachments
    ]
    return view


def event_view(event: CaseEvent) -> dict[str, Any]:
    """A journal entry as JSON-ready data, identity numbers masked."""
    return {
        "seq": event.seq,
        "action": event.action,
        "actor": event.actor,
        "identity": event.identity,
        "recorded_at": event.recorded_at.isoformat(),
        "effective_on": event.effective_on.isoformat(),
        "state_before": event.state_before,
        "state_after": event.state_after,
        "data": _mask_nested(event.data),
    }


def _mask_nested(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: mask_identity(item)
            if key == "id_number" and isinstance(item, str) and item
            else _mask_nested(item)
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
