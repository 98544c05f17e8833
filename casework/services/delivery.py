"""After the reply is issued: deliver it, record the signature, archive the case (Delivery:
when a reply counts as made, domain.md §2.4; Reg. art. 45: the archive).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import date
from typing import Any

from casework.domain.application.validation import control_character_problem
from casework.domain.case.decisions import DELIVERY_METHODS, Archive, Delivery
from casework.domain.case.delivery import postal_tracking_problem
from casework.domain.case.records import Case
from casework.domain.case.storage import decisions_to_json, journal_data
from casework.domain.letters.documents import DocumentKind
from casework.errors import ActionNotAllowedError, ValidationError
from casework.services.archive_bundle import build_bundle
from casework.services.attachment_store import AttachmentRequest
from casework.services.context import ServiceContext
from casework.services.ports import UnitOfWork
from casework.services.workflow_support import ActionEnv, ActionResult, run_action


def deliver(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    method: str,
    tracking: str | None = None,
    signed_on: date | None = None,
    consent: str | None = None,
    address: str | None = None,
    on: date | None = None,
    agency: str | None = None,
    attach: AttachmentRequest | None = None,
) -> ActionResult:
    """送达: the reply counts as made on hand-over or posting (Delivery, domain.md §2.4).

    By post only through a postal enterprise, never a courier; electronic delivery only with
    the applicant's consent, to the address the reply was sent to (both recorded)."""
    check_delivery_details(method, tracking, consent, address)

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        if signed_on is not None and signed_on < env.on:
            raise ValidationError("签收日期不能早于交付或交邮日期", field="--signed-on（签收日期）")
        # Delivery (国办公开办函〔2016〕235号): made on the day handed over or handed to the post.
        made_on = env.on
        due = case.reply_due_on
        on_time = due is None or made_on <= due
        delivery = Delivery(
            method=method,
            made_on=made_on,
            tracking=tracking.strip() if tracking else None,
            signed_on=signed_on,
            due_on=due,
            on_time=on_time,
            signed_recorded_on=env.on if signed_on else None,
            consent=consent.strip() if consent else None,
            address=address.strip() if address else None,
        )
        case.decisions = case.decisions.with_reply(delivery=delivery)
        env.render(case, DocumentKind.DELIVERY_RECORD, ordinal=1)
        return journal_data(delivery)

    return run_action(uow, ctx, reference, "deliver", on, step, agency=agency, attach=attach)


def check_delivery_details(
    method: str, tracking: str | None, consent: str | None, address: str | None
) -> None:
    """Domain.md §2.4: a postal enterprise's tracking number for post; the applicant's consent
    and the address used for electronic delivery."""
    if method not in DELIVERY_METHODS:
        raise ValidationError(f"可选：{'、'.join(DELIVERY_METHODS)}", field="--method（送达方式）")
    if method == "post":
        if not (tracking or "").strip():
            raise ValidationError(
                "邮寄送达须填写邮政（EMS/挂号）单号", field="--tracking（邮件单号）"
            )
        problem = postal_tracking_problem(tracking or "")
        if problem:
            raise ValidationError(problem, field="--tracking（邮件单号）")
    if method == "electronic":
        if not (consent or "").strip():
            raise ValidationError(
                "电子送达须记录申请人同意电子送达的情况（如申请表勾选、书面同意及日期）",
                field="--consent（申请人同意）",
            )
        if not (address or "").strip():
            raise ValidationError(
                "电子送达须记录送达的电子邮箱或平台账号", field="--address（送达地址）"
            )
    for name, value in (("--consent（申请人同意）", consent), ("--address（送达地址）", address)):
        problem = control_character_problem(value or "", multiline=False)
        if problem:
            raise ValidationError(problem, field=name)


def record_signed_for(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    signed_on: date,
    on: date | None = None,
    agency: str | None = None,
) -> ActionResult:
    """记录签收: the applicant's signature for a delivered reply, learnt after the delivery
    (the postal receipt came back).  The reply stays made on its posting day (domain.md §2.4);
    the signature only completes the record."""

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        delivery = case.decisions.reply.delivery
        if delivery is None:
            raise ActionNotAllowedError("案件尚未送达，无签收可记录", field="CASE（案件编号）")
        if signed_on < delivery.made_on:
            raise ValidationError(
                f"签收日期不能早于交付或交邮日期 {delivery.made_on.isoformat()}",
                field="--signed-on（签收日期）",
            )
        if signed_on > env.on:
            raise ValidationError(
                f"签收日期不能晚于记录日期 {env.on.isoformat()}", field="--signed-on（签收日期）"
            )
        signed = replace(delivery, signed_on=signed_on, signed_recorded_on=env.on)
        case.decisions = case.decisions.with_reply(delivery=signed)
        return {"signed_on": signed_on.isoformat(), "made_on": delivery.made_on.isoformat()}

    return run_action(uow, ctx, reference, "record-signed-for", on, step, agency=agency)


def archive(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    on: date | None = None,
    agency: str | None = None,
) -> ActionResult:
    """归档 (Reg. art. 45): the case is frozen with a checksum over its facts and journal
    (domain.md §5, the archive); read-only after."""

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        assert case.id is not None
        journal = [
            [e.seq, e.action, e.actor, e.effective_on.isoformat(), e.state_after, e.data]
            for e in env.uow.events.for_case(case.id)
        ]
        payload = json.dumps(
            [case.number, decisions_to_json(case.decisions), journal],
            ensure_ascii=False,
            sort_keys=True,
            default=str,
        )
        checksum = hashlib.sha256(payload.encode("utf-8")).hexdigest()
        archive = Archive(archived_on=env.on, sha256=checksum)
        case.decisions = case.decisions.with_reply(archive=archive)
        if ctx.letters is None:  # a workflow run without letters has nothing to bundle
            return journal_data(archive)
        # Issue 17: the frozen bundle, stored with the archive event or not at all.
        return {**journal_data(archive), "bundle": build_bundle(case, env)}

    return run_action(uow, ctx, reference, "archive", on, step, agency=agency)
