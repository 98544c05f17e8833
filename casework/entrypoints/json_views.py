"""The ``--json`` of the read commands, shared by the CLI and the staff API (issue 19: "read
endpoints return the same JSON as --json"), so the two answer alike by construction.

Plain functions over what the services return; no click, no Starlette.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from casework.domain.alerts.model import Alert
    from casework.domain.case.attachments import Attachment
    from casework.domain.case.records import Case
    from casework.domain.report.candidates import CandidateGroup
    from casework.domain.workflow.machine import Workflow
    from casework.services.context import ServiceContext
    from casework.services.lapses import LapseOutcome
    from casework.services.letter_checks import DocumentCheck, ListedDocument
    from casework.services.review_queue import QueueItem
    from casework.services.search import EarlierRequest


def attachment_json(items: Sequence[Attachment]) -> list[dict[str, object]]:
    """The attachments as ``docs --json`` lists them."""
    return [
        {**a.journal_entry(), "created_at": a.created_at.isoformat(), "created_by": a.created_by}
        for a in items
    ]


def documents_json(
    listed: Sequence[ListedDocument], attached: Sequence[Attachment]
) -> list[dict[str, Any]]:
    """``docs --json``: the letters by round, then the attachments."""
    return [
        {
            "kind": item.document.kind,
            "number": item.document.number,
            "path": item.document.path,
            "sha256": item.document.sha256,
            "created_at": item.document.created_at.isoformat(),
            "round": item.round + 1,  # 1: the first handling; 2: after a reopening
            "voided": item.voided,  # a draft a withdrawal made void
        }
        for item in listed
    ] + [
        {**entry, "kind": "attachment", "attachment_kind": entry["kind"]}
        for entry in attachment_json(attached)
    ]


def checks_json(checks: Sequence[DocumentCheck]) -> list[dict[str, Any]]:
    """``check --json``: one entry per element of each standing document."""
    return [
        {
            "document": c.document.kind,
            "number": c.document.number,
            "round": c.round + 1,
            "element": item.element,
            "status": item.status,
            "detail": item.detail,
        }
        for c in checks
        for item in c.items
    ]


def alert_json(alert: Alert) -> dict[str, str | None]:
    """One entry of ``alerts --json``."""
    return {
        "case": alert.case,
        "agency": alert.agency,
        "kind": alert.kind.value,
        "level": alert.level.value,
        "due_on": alert.due_on.isoformat(),
        "message": alert.message,
    }


def lapses_json(outcomes: Sequence[LapseOutcome]) -> list[dict[str, Any]]:
    """``lapse --json``: each lapse applied, or why not."""
    return [
        {
            "case": o.lapse.number,
            "agency": o.lapse.agency,
            "kind": o.lapse.kind,
            "lapses_on": o.lapse.lapses_on.isoformat(),
            "party": o.lapse.party,
            "error": str(o.error) if o.error else None,
        }
        for o in outcomes
    ]


def repeat_json(ctx: ServiceContext, earlier: EarlierRequest) -> dict[str, Any]:
    """One earlier request of ``repeats --json`` (Reg. art. 36 item 6)."""
    case = earlier.case
    label = ctx.catalogue.get(case.outcome).label if case.outcome else None
    return {
        "number": case.number,
        "received_on": case.received_on.isoformat(),
        "description": case.description,
        "similarity": round(earlier.similarity, 3),
        "outcome": case.outcome,
        "outcome_label": label or None,
        "reply_number": case.reply_number,
        "replied_on": _iso(earlier.replied_on),
        "answered": earlier.answered,
    }


def candidates_json(groups: Sequence[CandidateGroup]) -> list[dict[str, Any]]:
    """``candidates --json`` (Reg. art. 44): each group of similar requests."""
    return [
        {
            "description": g.description,
            "applicants": g.applicants,
            "disclosed": g.disclosed,
            "reasons": list(g.reasons),
            "cases": [item.number for item in g.items],
        }
        for g in groups
    ]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def queue_json(items: Sequence[QueueItem]) -> list[dict[str, Any]]:
    """The reviewer's queue as ``queue --json`` lists it (issue 20)."""
    from dataclasses import asdict

    return [
        {**asdict(i), "requested_on": i.requested_on.isoformat(), "due": i.due.isoformat()}
        for i in items
    ]


def todo_json(found: Sequence[Case], notices: Sequence[Alert], flow: Workflow) -> list[Any]:
    """``todo --json``: each case as ``list --json`` shows it, with its personal notices."""
    from casework.services.views import case_view

    views = []
    for case in found:
        view = case_view(case, flow)
        mine = [a for a in notices if (a.agency, a.case) == (case.agency, case.number)]
        view["notices"] = [
            {"kind": a.kind.value, "on": a.due_on.isoformat(), "message": a.message} for a in mine
        ]
        views.append(view)
    return views
