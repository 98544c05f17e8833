"""Deciding and replying: draft, return, approve, issue (Reg. arts. 36-39; seed 002: 审核、审签
before a reply goes out).  Delivery and archiving live in ``casework.services.delivery`` and
are re-exported here, where callers have always found them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from casework.domain.application.validation import control_character_problem
from casework.domain.case.decisions import (
    Approval,
    Draft,
    Review,
)
from casework.domain.case.records import Case
from casework.domain.case.storage import journal_data
from casework.domain.letters.documents import DocumentKind, decision_kind
from casework.domain.letters.particulars import overridden_parties
from casework.errors import ActionNotAllowedError, ValidationError
from casework.services.context import ServiceContext
from casework.services.delivery import archive, check_delivery_details, deliver, record_signed_for
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


__all__ = [
    "approve",
    "archive",
    "check_consulted",
    "check_delivery_details",
    "deliver",
    "draft",
    "issue",
    "issue_letters",
    "record_signed_for",
    "reply_kind",
    "reply_number",
    "return_draft",
]
