"""The reply period moved: 延期答复 (Reg. art. 33 para. 2) and 延迟答复 (Reg. art. 35)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from casework.domain.application.validation import control_character_problem
from casework.domain.case.decisions import (
    Deferral,
    Extension,
    ExtensionRefusal,
    ExtensionRequest,
    ReasonsRequest,
)
from casework.domain.case.records import Case
from casework.domain.case.storage import journal_data
from casework.domain.clock.case import case_reply_clock
from casework.domain.letters.documents import DocumentKind
from casework.errors import ActionNotAllowedError, ValidationError
from casework.services.context import ServiceContext
from casework.services.ports import UnitOfWork
from casework.services.workflow_support import ActionEnv, ActionResult, run_action

MAX_DEFERRAL = timedelta(days=365)


def extend(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    days: int,
    reason: str,
    approved_by: str | None = None,
    on: date | None = None,
    agency: str | None = None,
) -> ActionResult:
    """延期答复 (Reg. art. 33 para. 2): at most 20 working days, once, with the consent of the
    head of the disclosure office.  The head's ``extend`` grants it at once; a clerk's records
    a request the head grants with ``approve-extension`` under their own identity, never by a
    clerk naming the head (domain.md §7)."""
    if not 1 <= days <= ctx.clock_rules.max_extension_days:
        raise ValidationError(
            "延长天数应为1至20个工作日：延长答复期限不得超过20个工作日（条例第三十三条第二款）",
            field="--days（延长天数）",
        )
    if not reason.strip():
        raise ValidationError("必须说明延期理由", field="--reason（理由）")
    if approved_by is not None and not approved_by.strip():
        raise ValidationError(
            "必须注明批准人，或不填（负责人本人办理即为批准）", field="--approved-by（批准人）"
        )
    if approved_by is not None and approved_by.strip() != ctx.actor:
        raise ActionNotAllowedError(
            f"延期须由负责人本人以自己的身份批准，不能代填「{approved_by.strip()}」："
            "经办人执行 extend 提出延期申请，负责人登录后执行 approve-extension"
            "（条例第三十三条第二款）",
            field="--approved-by（批准人）",
        )
    head = _is_head(ctx)

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        _refuse_second_extension(case)
        request = ExtensionRequest(
            days=days, reason=reason.strip(), requested_by=ctx.actor, requested_on=env.on
        )
        case.decisions = case.decisions.with_reply(extension_request=request)
        if head:
            return _grant_extension(case, env, request)
        return {**journal_data(request), "pending": True}

    return run_action(uow, ctx, reference, "extend", on, step, agency=agency)


def approve_extension(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    on: date | None = None,
    agency: str | None = None,
) -> ActionResult:
    """批准延期 (Reg. art. 33 para. 2): the head of the disclosure office grants a clerk's
    pending extension request, before the current due date, under their own identity."""

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        _refuse_second_extension(case)
        request = case.decisions.reply.extension_request
        if request is None:
            raise ActionNotAllowedError(
                "本案没有待批准的延期申请；请经办人先执行 extend 提出申请", field="CASE（案件编号）"
            )
        return _grant_extension(case, env, request)

    return run_action(
        uow, ctx, reference, "approve-extension", on, step, agency=agency, roles=HEADS
    )


HEADS = frozenset({"head"})


def refuse_extension(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    reason: str,
    on: date | None = None,
    agency: str | None = None,
) -> ActionResult:
    """不同意延期 (Reg. art. 33 para. 2): the head of the disclosure office, under their own
    identity, refuses a clerk's pending extension request.  The reply period stays as it was;
    the request is cleared, so the clerk may ask again while the law allows it (no extension
    yet, before the due date: ``extend``'s own checks), and the refusal reaches the clerk's
    alerts (``casework.domain.alerts.notices``)."""
    problem = control_character_problem(reason, multiline=True)
    if problem:
        raise ValidationError(problem, field=REASON_FIELD)
    if not reason.strip():
        raise ValidationError("必须说明不同意延期的理由", field=REASON_FIELD)

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        reply = case.decisions.reply
        request = reply.extension_request
        if request is None or reply.extension is not None:
            raise ActionNotAllowedError(
                "本案没有待批准的延期申请；请经办人先执行 extend 提出申请", field="CASE（案件编号）"
            )
        refusal = ExtensionRefusal(
            request=request, refused_by=ctx.actor, refused_on=env.on, reason=reason.strip()
        )
        case.decisions = case.decisions.with_reply(
            extension_request=None, extension_refusals=(*reply.extension_refusals, refusal)
        )
        return journal_data(refusal)

    return run_action(uow, ctx, reference, "refuse-extension", on, step, agency=agency, roles=HEADS)


REASON_FIELD = "--reason（理由）"


def _is_head(ctx: ServiceContext) -> bool:
    """Whether the actor is the head of the disclosure office; without [users] the one user
    of a single-user office is."""
    if not ctx.users:
        return True
    user = ctx.users.get(ctx.actor)
    return user is not None and "head" in user.roles


def _refuse_second_extension(case: Case) -> None:
    if case.decisions.reply.extension:
        raise ActionNotAllowedError(
            "答复期限只能延长一次（条例第三十三条第二款）", field="--days（延长天数）"
        )


def _grant_extension(case: Case, env: ActionEnv, request: ExtensionRequest) -> dict[str, Any]:
    extension = Extension(
        days=request.days,
        reason=request.reason,
        approved_by=env.ctx.actor,
        approved_on=env.on,
    )
    case.decisions = case.decisions.with_reply(extension=extension)
    # The applicant is told the new due date (Reg. art. 33 para. 2, 延期答复告知书).
    clock = case_reply_clock(case, env.calendar, env.ctx.clock_rules, env.on)
    # Reg. art. 33 paras. 2-3: the notice shows 20 + extension + the stopped days.
    told = replace(extension, new_due_on=clock.due_on, stopped_days=clock.stopped_days)
    case.decisions = case.decisions.with_reply(extension=told)
    env.render(case, DocumentKind.EXTENSION_NOTICE, ordinal=1)
    data = journal_data(case.decisions.reply.extension)
    if request.requested_by != env.ctx.actor:
        data["requested_by"] = request.requested_by
    return data


def defer(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    until: date,
    reasons_received_on: date,
    reason: str,
    on: date | None = None,
    agency: str | None = None,
) -> ActionResult:
    """延迟答复 (Reg. art. 35): the applicant, asked to state reasons (``request-reasons``),
    gave them within the period; they are reasonable but the reply cannot be made within the
    art. 33 period, so the agency fixes a reasonable later date and tells the applicant
    (延迟答复告知书).  Art. 35 makes the later date a consequence of the request and its
    answer: without both, or once the reply period has run out, there is nothing to defer
    (the letter would say reasons were accepted, and a late reply would count as on time)."""
    if not reason.strip():
        raise ValidationError(
            "必须记录申请人说明的理由及另定期限的原因（条例第三十五条）", field="--reason（理由）"
        )

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        if until <= env.on:
            raise ValidationError("另行确定的答复期限应晚于决定之日", field="--until（答复期限）")
        if until > env.on + MAX_DEFERRAL:
            # Reg. art. 35 sets no cap; a year bounds a typing error (2099) and still leaves
            # room for the largest search a reasonable request can need.
            latest = (env.on + MAX_DEFERRAL).isoformat()
            raise ValidationError(
                f"另行确定的答复期限不得晚于决定之日起一年（{latest}）", field="--until（答复期限）"
            )
        asked = _answered_request(case, reasons_received_on, env.on)
        deferral = Deferral(
            until=until,
            reason=reason.strip(),
            decided_on=env.on,
            reasons_requested_on=asked.requested_on,
            reasons_received_on=reasons_received_on,
        )
        case.decisions = case.decisions.with_reply(deferral=deferral)
        # Reg. art. 35: the applicant is told the date the agency set.
        env.render(case, DocumentKind.DEFERRAL_NOTICE, ordinal=1)
        return journal_data(deferral)

    return run_action(uow, ctx, reference, "defer", on, step, agency=agency)


RECEIVED_FIELD = "--reasons-received-on（收到申请人说明理由日期）"


def _answered_request(case: Case, received_on: date, on: date) -> ReasonsRequest:
    """Reg. art. 35: the request for reasons this deferral answers, checked against the
    applicant's answer and the reply period still running."""
    asked = case.decisions.reply.reasons_request
    if asked is None:
        raise ActionNotAllowedError(
            "另行确定答复期限须先书面要求申请人说明理由（条例第三十五条），请先执行 request-reasons",
            field=RECEIVED_FIELD,
        )
    if not asked.requested_on <= received_on <= on:
        raise ValidationError(
            f"应在要求说明理由之日（{asked.requested_on.isoformat()}）与决定之日"
            f"（{on.isoformat()}）之间",
            field=RECEIVED_FIELD,
        )
    if received_on > asked.due_on:
        raise ActionNotAllowedError(
            f"申请人未在说明理由期限（{asked.due_on.isoformat()}）内说明理由，"
            "应依条例第三十五条不予处理，不能另行确定答复期限",
            field=RECEIVED_FIELD,
        )
    due = case.reply_due_on
    if due is not None and on > due:
        raise ActionNotAllowedError(
            f"答复期限已于 {due.isoformat()} 届满，不能再另行确定答复期限"
            "（条例第三十三条、第三十五条）",
            field="--on（生效日期）",
        )
    return asked
