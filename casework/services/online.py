"""Online applications (网上申请, issue 19): submitted on the website, confirmed by a clerk.

Reg. art. 31 item 3: an application made on the online platform is received on the day both
sides confirmed it.  So the website's form makes a case in the ``submitted`` state — numbered
and journalled at once ("有申请必登记", seed 003), arrived on the day it was sent — and no clock
runs until a clerk confirms it (``casework confirm``, or the staff API): the confirmation day
becomes the receipt date, the 登记回执 is issued, and the reply period starts.  A form sent
twice with the same ``Idempotency-Key`` finds the case it made the first time.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from casework.domain.application.validation import ApplicationInput, validate_application
from casework.domain.case.records import Case, CaseEvent
from casework.domain.clock.counting import effective_start
from casework.domain.letters.documents import DocumentKind
from casework.errors import ConflictError, ValidationError
from casework.services.access_ports import AccessUnitOfWork, IdempotencyRecord
from casework.services.context import ServiceContext
from casework.services.registration import CASE_SEQUENCE, new_case, registration_data
from casework.services.workflow_support import ActionEnv, ActionResult, run_action

SUBMITTED = "submitted"
ONLINE = "online"
# The journal's actor of a submission: the applicant, through the agency's website.
ONLINE_ACTOR = "网上申请"
# Until the confirmation the case has no receipt date and so no clock (Reg. art. 31 item 3).
UNCONFIRMED = "unconfirmed"
IDEMPOTENCY_SCOPE = "applications"
KEY_FIELD = "Idempotency-Key"
_KEY = re.compile(r"[\x21-\x7e]{1,200}")


@dataclass(frozen=True)
class Submission:
    """The case of an online application; ``replayed`` when an earlier request made it."""

    case: Case
    replayed: bool


def submit_online(
    uow: AccessUnitOfWork, ctx: ServiceContext, raw: ApplicationInput, key: str | None = None
) -> Submission:
    """Register an online application as ``submitted``, arrived today; the same ``key`` with the
    same content returns the case made before, with other content it is refused."""
    if key is not None and not _KEY.fullmatch(key):
        raise ValidationError("应为 1 至 200 个可见 ASCII 字符", field=KEY_FIELD)
    raw = replace(raw, channel=ONLINE, arrived_on=ctx.today, received_on=ctx.today)
    application = validate_application(raw, ctx.today)
    agency, _profile = ctx.agency(application.agency)
    fingerprint = _fingerprint(raw)
    try:
        with uow:
            earlier = _replay(uow, key, fingerprint)
            if earlier is not None:
                return earlier
            year = ctx.today.year
            seq = uow.sequences.next_value(agency, CASE_SEQUENCE, year)
            case = new_case(ctx, application, agency, year, seq, state=SUBMITTED)
            case.receipt = {**case.receipt, "received_on": None, "awaiting_confirmation": True}
            case.clock_status = UNCONFIRMED
            uow.cases.add(case)
            uow.flush()
            assert case.id is not None
            uow.events.append(_submission_event(ctx, case))
            if key is not None:
                uow.idempotency.add(
                    IdempotencyRecord(IDEMPOTENCY_SCOPE, key, fingerprint, case.id, ctx.now)
                )
            uow.commit()
            return Submission(case, replayed=False)
    except ConflictError:
        # The same key sent twice at once: the other request committed first.
        with uow:
            earlier = _replay(uow, key, fingerprint)
        if earlier is None:
            raise
        return earlier


def _replay(uow: AccessUnitOfWork, key: str | None, fingerprint: str) -> Submission | None:
    if key is None:
        return None
    record = uow.idempotency.find(IDEMPOTENCY_SCOPE, key)
    if record is None:
        return None
    if record.request_sha256 != fingerprint:
        raise ConflictError(
            "该键已用于内容不同的另一份申请；提交新的申请请使用新的键", field=KEY_FIELD
        )
    case = uow.cases.get_by_id(record.case_id)
    assert case is not None, "an idempotency key refers to its case (foreign key)"
    return Submission(case, replayed=True)


def _fingerprint(raw: ApplicationInput) -> str:
    facts: dict[str, Any] = {
        name: value.isoformat() if isinstance(value, date) else value
        for name, value in asdict(raw).items()
        if name not in ("arrived_on", "received_on")  # the day of the request, not its content
    }
    text = json.dumps(facts, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _submission_event(ctx: ServiceContext, case: Case) -> CaseEvent:
    assert case.id is not None
    return CaseEvent(
        case_id=case.id,
        seq=1,
        action="submit",
        actor=ctx.actor,
        identity=ctx.identity,  # "online": the applicant through the public form (issue 15)
        recorded_at=ctx.now,
        effective_on=ctx.today,
        state_before=None,
        state_after=SUBMITTED,
        data=registration_data(case),
    )


def confirm(
    uow: AccessUnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    on: date | None = None,
    agency: str | None = None,
) -> ActionResult:
    """Confirm an online application on ``on`` (default today): Reg. art. 31 item 3 makes that
    day the receipt date; the 登记回执 is issued that day and the reply period starts."""

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        case.received_on = env.on
        # domain.md §1.2: the rest-day rule is part of the receipt facts.
        start_on, start_note = effective_start(env.on, env.calendar, ctx.clock_rules)
        case.receipt = {
            **case.receipt,
            "received_on": env.on.isoformat(),
            "awaiting_confirmation": False,
            "confirmed_by": ctx.actor,
            "rest_day_rule": ctx.clock_rules.rest_day_receipt,
            "clock_start_on": start_on.isoformat(),
            "clock_start_note": start_note,
        }
        case.handler = ctx.actor
        # Reg. arts. 31, 45 (seed 003): the acknowledgement, dated the day of confirmation.
        env.render(case, DocumentKind.ACKNOWLEDGEMENT, ordinal=1)
        return {"received_on": env.on.isoformat(), "receipt": case.receipt}

    return run_action(uow, ctx, reference, "confirm", on, step, agency=agency)
