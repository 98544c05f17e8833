"""Recording reconsideration and litigation about a case, and reopening it for a new reply.

``record_remedy`` creates the record of one proceeding or updates it as it proceeds (the key is
case, kind and filing date), journaled with its before and after.  With a ``ReopenOrder`` and a
corrected result it also performs the workflow action ``reopen`` (重新答复): a reconsideration
decision (ARL art. 64) or a judgment (ALL art. 70; 法释〔2011〕17号 art. 9) ordered the agency
to answer again.  The new reply period runs from the agency's receipt of the decision, for
the period the decision set — in working days or as a date — or, when it set none, Reg. art.
33's 20 working days (the engine's default: the Regulation's period for a reply).  The first
reply's decisions move into ``case.decisions.reopenings``; the remedy keeps the snapshot of the first
conclusion, which table 三 goes on counting (the application is counted once).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from casework.domain.case.records import Case, CaseEvent
from casework.domain.case.remedy import KIND_FIELD, KINDS, RESULT_FIELD, Remedy, check_remedy
from casework.domain.case.reopening import Reopening
from casework.domain.case.storage import journal_data
from casework.errors import ActionNotAllowedError, ValidationError
from casework.services.attachment_store import AttachmentRequest, store_attachments
from casework.services.context import ServiceContext
from casework.services.lookup import find_case
from casework.services.ports import UnitOfWork
from casework.services.workflow_support import ActionEnv, run_action
from casework.services.workflow_support import check_user as check_case_user

REOPEN_FIELD = "--reopen（重新答复）"


@dataclass(frozen=True)
class ReopenOrder:
    """What the decision ordering a new reply says about its period."""

    decision_received_on: date | None = None  # default: the decision date
    reply_days: int | None = None  # working days set by the decision
    reply_due_on: date | None = None  # or a date it fixed
    decision_number: str | None = None  # the 重新答复 names the decision by its number


@dataclass(frozen=True)
class RemedyChange:
    case: Case
    remedy: Remedy
    created: bool
    event: CaseEvent


@dataclass(frozen=True)
class RemedyInput:
    kind: str
    filed_on: date
    organ: str | None = None
    result: str | None = None
    decided_on: date | None = None


def record_remedy(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    given: RemedyInput,
    *,
    reopen: ReopenOrder | None = None,
    on: date | None = None,
    agency: str | None = None,
    attach: AttachmentRequest | None = None,
) -> RemedyChange:
    """Create or update the remedy ``given``; reopen the case when ``reopen`` is given."""
    if given.kind not in KINDS:
        raise ValidationError(f"可选：{'、'.join(KINDS)}", field=KIND_FIELD)
    if reopen is not None:
        return _record_and_reopen(uow, ctx, reference, given, reopen, on, agency, attach)
    with uow:
        case = find_case(uow, reference, agency, ctx.default_agency)
        assert case.id is not None
        check_case_user(ctx, case.agency, "remedy", frozenset())
        remedy, before = _merged(uow, ctx, case, given)
        uow.remedies.save(remedy)
        seq = uow.events.next_seq(case.id)
        data: dict[str, Any] = {"before": before, "after": remedy_data(remedy)}
        if attach is not None:  # issue 17: the decision's scan, in the same transaction
            data["attachments"] = store_attachments(uow, ctx, case, attach, seq)
        event = CaseEvent(
            case_id=case.id,
            seq=seq,
            action="remedy",
            actor=ctx.actor,
            identity=ctx.identity,
            recorded_at=ctx.now,
            effective_on=remedy.decided_on or remedy.filed_on,
            state_before=case.state,
            state_after=case.state,
            data=data,
        )
        uow.events.append(event)
        uow.commit()
    return RemedyChange(case, remedy, before is None, event)


def _merged(
    uow: UnitOfWork, ctx: ServiceContext, case: Case, given: RemedyInput
) -> tuple[Remedy, dict[str, Any] | None]:
    """The record after this update (or new), checked; and its data before."""
    assert case.id is not None
    existing = uow.remedies.for_case(case.id)
    found = next(
        (r for r in existing if (r.kind, r.filed_on) == (given.kind, given.filed_on)), None
    )
    before = None if found is None else remedy_data(found)
    remedy = found or Remedy(
        case_id=case.id,
        kind=given.kind,
        filed_on=given.filed_on,
        recorded_at=ctx.now,
        recorded_by=ctx.actor,
    )
    remedy.organ = (given.organ or "").strip() or remedy.organ
    remedy.result = given.result or remedy.result
    remedy.decided_on = given.decided_on or remedy.decided_on
    check_remedy(remedy, case.received_on, ctx.today)
    if remedy.reopened_on is not None and remedy.result != "corrected":
        raise ActionNotAllowedError(
            f"该{KINDS[remedy.kind]}已据「结果纠正」重新答复（{remedy.reopened_on}），结果不能再改",
            field=RESULT_FIELD,
        )
    if remedy.kind == "litigation-after-reconsideration" and not any(
        r.kind == "reconsideration" and r.filed_on <= remedy.filed_on for r in existing
    ):
        # ALL art. 45: a lawsuit after reconsideration presupposes the reconsideration.
        raise ValidationError(
            "复议后起诉须先登记此前的行政复议（行政诉讼法第四十五条）", field=KIND_FIELD
        )
    return remedy, before


def _record_and_reopen(  # noqa: PLR0917 - one action, its own inputs
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    given: RemedyInput,
    order: ReopenOrder,
    on: date | None,
    agency: str | None,
    attach: AttachmentRequest | None,
) -> RemedyChange:
    if order.reply_days is not None and order.reply_due_on is not None:
        raise ValidationError(
            "--reply-days 与 --reply-due-on 只能选一项", field="--reply-days（重新答复期限）"
        )
    if order.reply_days is not None and order.reply_days < 1:
        raise ValidationError("至少为 1 个工作日", field="--reply-days（重新答复期限）")
    found: list[tuple[Remedy, dict[str, Any] | None]] = []

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        remedy, before = _merged(env.uow, ctx, case, given)
        found.append((remedy, before))
        data = _reopen(case, env, remedy, order)
        env.uow.remedies.save(remedy)
        return {"remedy_before": before, "remedy": remedy_data(remedy), **data}

    result = run_action(uow, ctx, reference, "reopen", on, step, agency=agency, attach=attach)
    remedy, before = found[0]
    return RemedyChange(result.case, remedy, before is None, result.event)


def _reopen(case: Case, env: ActionEnv, remedy: Remedy, order: ReopenOrder) -> dict[str, Any]:
    """Move the first reply's decisions into the history and start the new reply period."""
    if remedy.result != "corrected" or remedy.decided_on is None:
        raise ActionNotAllowedError(
            "只有结果为「结果纠正」（corrected）并有决定日期的复议或诉讼才能据以重新答复",
            field=REOPEN_FIELD,
        )
    if remedy.reopened_on is not None:
        raise ActionNotAllowedError(
            f"已据该{KINDS[remedy.kind]}重新答复（{remedy.reopened_on}）", field=REOPEN_FIELD
        )
    _check_named(remedy, order)
    received = order.decision_received_on or remedy.decided_on
    if not remedy.decided_on <= received <= env.on:
        raise ValidationError(
            f"应在决定日期（{remedy.decided_on}）与办理日期（{env.on}）之间",
            field="--decision-received-on（收到决定日期）",
        )
    if order.reply_due_on is not None and order.reply_due_on <= received:
        raise ValidationError("应晚于收到决定之日", field="--reply-due-on（重新答复期限）")
    _snapshot(case, env, remedy)
    organ = remedy.organ or ("行政复议机关" if remedy.kind == "reconsideration" else "人民法院")
    decision = "行政复议决定" if remedy.kind == "reconsideration" else "裁判"
    reopening = Reopening(
        reopened_on=env.on,
        decision_received_on=received,
        reply_days=order.reply_days,
        reply_due_on=order.reply_due_on,
        basis=f"{organ}{decision}（{remedy.decided_on.isoformat()}）",
        remedy=remedy.label,
        organ=organ,
        decision_number=(order.decision_number or "").strip() or None,
        decided_on=remedy.decided_on,
    )
    # The closed round keeps its decisions, outcome and number (its letters stay on file).
    case.decisions = case.decisions.reopened(reopening, case.outcome, case.reply_number)
    closed = case.decisions.reopenings[-1]
    case.outcome, case.reply_number, case.concluded_on = None, None, None
    remedy.reopened_on = env.on
    previous = {
        **journal_data(closed.previous),
        "outcome": closed.outcome,
        "reply_number": closed.reply_number,
    }
    return {"reopening": journal_data(reopening), "previous": previous}


def _check_named(remedy: Remedy, order: ReopenOrder) -> None:
    """ARL art. 64; ALL art. 70: the 重新答复 names the decision — its organ and number."""
    if not (order.decision_number or "").strip():
        raise ValidationError(
            "重新答复须写明责令重新答复的复议决定书或判决书文号",
            field="--decision-number（决定书文号）",
        )
    if not (remedy.organ or "").strip():
        raise ValidationError(
            "重新答复须写明作出决定的复议机关或人民法院", field="--organ（复议机关或法院）"
        )


def _snapshot(case: Case, env: ActionEnv, remedy: Remedy) -> None:
    """Keep the conclusion table 三 counted: the first one, even after several reopenings."""
    assert case.id is not None
    earlier = [r for r in env.uow.remedies.for_case(case.id) if r.reported_concluded_on]
    if earlier:
        remedy.reported_outcome = earlier[0].reported_outcome
        remedy.reported_concluded_on = earlier[0].reported_concluded_on
    else:
        remedy.reported_outcome, remedy.reported_concluded_on = case.outcome, case.concluded_on


def list_remedies(
    uow: UnitOfWork, reference: str, agency: str | None = None, default_agency: str | None = None
) -> tuple[Case, list[Remedy]]:
    with uow:
        case = find_case(uow, reference, agency, default_agency)
        assert case.id is not None
        return case, uow.remedies.for_case(case.id)


def remedy_data(remedy: Remedy) -> dict[str, Any]:
    """The record as JSON-ready data."""
    return {
        "id": remedy.id,
        "kind": remedy.kind,
        "kind_label": KINDS[remedy.kind],
        "filed_on": remedy.filed_on.isoformat(),
        "organ": remedy.organ,
        "result": remedy.result,
        "decided_on": remedy.decided_on.isoformat() if remedy.decided_on else None,
        "reopened_on": remedy.reopened_on.isoformat() if remedy.reopened_on else None,
    }
