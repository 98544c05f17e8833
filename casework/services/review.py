"""Deciding and replying: draft, return, approve, issue, deliver, archive (Reg. arts. 36-39;
seed 002: 审核、审签 before a reply goes out; Delivery: when a reply counts as made).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import date
from typing import Any

from casework.domain.application.validation import control_character_problem
from casework.domain.case.decisions import (
    DELIVERY_METHODS,
    Approval,
    Archive,
    Delivery,
    Draft,
    Review,
)
from casework.domain.case.delivery import postal_tracking_problem
from casework.domain.case.records import Case
from casework.domain.case.storage import decisions_to_json, journal_data
from casework.domain.letters.documents import DocumentKind, decision_kind
from casework.domain.letters.particulars import overridden_parties
from casework.errors import ActionNotAllowedError, ValidationError
from casework.services.archive_bundle import build_bundle
from casework.services.attachment_store import AttachmentRequest
from casework.services.context import ServiceContext
from casework.services.draft_facts import completed_facts, interest_fact
from casework.services.letter_checks import require_passing_draft
from casework.services.objections import (
    OverrideInput,
    check_override_input,
    override_decision,
)
from casework.services.ports import UnitOfWork
from casework.services.workflow_support import ActionEnv, ActionResult, run_action

REVIEWERS = frozenset({"reviewer", "head"})
REPLY_SEQUENCE = "reply"
NO_OVERRIDE = OverrideInput()


def draft(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    outcome: str,
    facts: dict[str, str | None],
    on: date | None = None,
    agency: str | None = None,
    objection: OverrideInput = NO_OVERRIDE,
) -> ActionResult:
    """拟稿: choose the outcome; refused when a fact the outcome requires is missing (§1.7).
    ``objection`` is the explicit decision to disclose over a third party's objection (Reg.
    art. 32), recorded with the draft of its round."""
    check_override_input(objection)
    chosen = ctx.catalogue.get(outcome)
    given = interest_fact({key: (value or "").strip() or None for key, value in facts.items()})
    for key, value in given.items():
        # The facts go into the letter, which is XML (domain/application.py).
        problem = control_character_problem(value or "", multiline=True)
        if problem:
            raise ValidationError(problem, field=f"--{key.replace('_', '-')}")
    ground_code = given.get("ground")
    # Reg. art. 37: the withheld part of a partial disclosure rests on a refusal ground.
    ground = ctx.catalogue.ground(ground_code) if ground_code else None
    missing = chosen.missing_facts(given, ground=ground)
    if missing:
        raise ValidationError(
            f"办理结果「{chosen.label}」还须提供：{'、'.join(missing)}（见办理结果目录）",
            field="--outcome（办理结果）",
        )

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        if outcome == "unclear" and not case.decisions.corrections:
            raise ActionNotAllowedError(
                "「补正后仍不明确」须先经补正（条例第三十条）", field="--outcome（办理结果）"
            )
        override = override_decision(case, outcome, ground_code, objection, env.on)
        check_consulted(case, outcome)
        record = Draft(
            outcome=outcome,
            facts=completed_facts(uow, case, outcome, {k: v for k, v in given.items() if v}),
            drafter=ctx.actor,
            drafted_on=env.on,
        )
        case.outcome = outcome
        case.decisions = case.decisions.with_reply(draft=record, override=override)
        # The draft letter, without a number until issue (LETTER_API.md).
        env.render(case, reply_kind(case), ordinal=1, final=False)
        data = journal_data(record)
        return {**data, "override": journal_data(override)} if override else data

    return run_action(uow, ctx, reference, "draft", on, step, agency=agency)


def check_consulted(case: Case, outcome: str) -> None:
    """Reg. arts. 15, 32: information is withheld in full to protect a third party only after
    the third party was consulted in writing; the letter must give that consultation record
    (domain.md §1.7).  Not required for the redacted part of a partial disclosure (Reg. art.
    37), where practice redacts personal identifiers without a consultation."""
    if outcome != "withhold_third_party":
        return
    consulted = [c for c in case.decisions.consultations if c.party_kind == "third-party"]
    if not consulted:
        raise ActionNotAllowedError(
            "以「保护第三方合法权益」不予公开的，须先书面征求第三方意见（条例第十五条、"
            "第三十二条）；请先执行 consult --party-kind third-party",
            field="--outcome（办理结果）",
        )


def return_draft(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    comment: str,
    on: date | None = None,
    agency: str | None = None,
) -> ActionResult:
    """退回修改: the reviewer sends the draft back with a comment (审核, Reg. art. 45; seed 002)."""
    if not comment.strip():
        raise ValidationError("必须填写退回意见", field="--comment（意见）")

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        review = Review(returned_on=env.on, by=ctx.actor, comment=comment.strip())
        case.decisions = replace(case.decisions, reviews=(*case.decisions.reviews, review))
        return journal_data(review)

    return run_action(uow, ctx, reference, "return", on, step, agency=agency, roles=REVIEWERS)


def approve(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    on: date | None = None,
    agency: str | None = None,
) -> ActionResult:
    """审签 (Reg. art. 45 审核; seed 002 审核、审签): a user other than the drafter approves the
    reply (the workflow condition approver_is_not_drafter)."""

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        # Domain.md §5: the draft read back must carry every required element.
        require_passing_draft(env.uow, ctx, case)
        approval = Approval(approved_on=env.on, by=ctx.actor)
        case.decisions = case.decisions.with_reply(approval=approval)
        return journal_data(approval)

    return run_action(uow, ctx, reference, "approve", on, step, agency=agency, roles=REVIEWERS)


def reply_number(doc_code: str, year: int, seq: int) -> str:
    """发文字号 (GB/T 9704-2012; domain.md §5): 机关代字〔year〕seq号, no leading zeros."""
    return f"{doc_code}信复〔{year}〕{seq}号"


def issue(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    on: date | None = None,
    agency: str | None = None,
) -> ActionResult:
    """签发答复 (Reg. arts. 33, 36-39): numbers the reply per agency, kind and year (GB/T
    9704-2012, domain.md §5) and concludes the case on the issue date."""

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        _code, profile = ctx.agency(case.agency)
        seq = env.uow.sequences.next_value(case.agency, REPLY_SEQUENCE, env.on.year)
        case.reply_number = reply_number(profile.doc_code, env.on.year, seq)
        case.decisions = case.decisions.with_reply(issued_on=env.on, concluded_on=env.on)
        case.concluded_on = env.on
        issue_letters(case, env)
        return {
            "reply_number": case.reply_number,
            "issued_on": env.on.isoformat(),
            "outcome": case.outcome,
        }

    # 签发 is the reviewer's or the head's (seed 002: 审核、审签), never the drafter-clerk's.
    return run_action(uow, ctx, reference, "issue", on, step, agency=agency, roles=REVIEWERS)


def reply_kind(case: Case) -> DocumentKind:
    """The decision letter of the current round: a 重新答复 after a reopening."""
    draft = case.decisions.draft
    assert draft is not None
    return decision_kind(draft.outcome, reopened=bool(case.decisions.reopenings))


def issue_letters(case: Case, env: ActionEnv) -> None:
    """The numbered reply (or termination letter) and, only when the round's explicit decision
    discloses over a third party's objection, a 公开告知书 to each such party, dated with the
    reply (Reg. art. 32: no later than the reply)."""
    override = case.decisions.reply.override
    if override is not None and override.provide_on < env.on:
        raise ActionNotAllowedError(
            f"拟稿时确定的提供信息日期（{override.provide_on.isoformat()}）早于签发日期，"
            "公开告知书须在提供之前告知第三方；请退回重新拟稿（条例第三十二条）",
            field="--on（签发日期）",
        )
    env.render(case, reply_kind(case), ordinal=1, number=case.reply_number)
    for ordinal, _party in enumerate(overridden_parties(case), start=1):
        env.render(case, DocumentKind.DISCLOSURE_NOTICE, ordinal=ordinal)


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
