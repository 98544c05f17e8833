"""Registering applications (登记, Reg. arts. 29, 31, 45): one case per application.

"有申请必登记" (seed 003): every application gets a case, a number and a journal entry in one
unit of work, or nothing at all is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from casework.domain.application.masking import mask_identity
from casework.domain.application.validation import (
    Application,
    ApplicationInput,
    validate_application,
)
from casework.domain.calendar.working import WorkingCalendar
from casework.domain.case.records import Applicant, Case, CaseEvent
from casework.domain.clock.counting import effective_start
from casework.domain.letters.documents import DocumentKind
from casework.errors import CaseworkError
from casework.services.clocks import refresh_dates, working_calendar
from casework.services.context import ServiceContext
from casework.services.letters import LetterBatch, with_documents
from casework.services.ports import UnitOfWork

CASE_SEQUENCE = "case"
REGISTERED = "registered"


def register(uow: UnitOfWork, ctx: ServiceContext, raw: ApplicationInput) -> Case:
    """Validate and register one application; returns the stored case.

    The 登记回执 is rendered and stored in the same unit of work.
    """
    return _register(uow, ctx, raw, LetterBatch(ctx))


def _register(
    uow: UnitOfWork, ctx: ServiceContext, raw: ApplicationInput, batch: LetterBatch
) -> Case:
    application = validate_application(raw, ctx.today)
    agency, _profile = ctx.agency(application.agency)
    with uow:
        # The case number belongs to the year of receipt, the year the annual report counts
        # the application as new in (AR; domain.md §4).
        year = application.received_on.year
        seq = uow.sequences.next_value(agency, CASE_SEQUENCE, year)
        case = new_case(ctx, application, agency, year, seq)
        calendar = working_calendar(uow, ctx, agency)
        case.receipt = receipt_facts(application, calendar, ctx)
        refresh_dates(case, calendar, ctx)
        uow.cases.add(case)
        uow.flush()
        assert case.id is not None
        # Reg. arts. 31, 45 (seed 003 有申请必登记): the acknowledgement, dated the day of
        # registration.
        letters = batch.render(uow, case, DocumentKind.ACKNOWLEDGEMENT, ctx.today, ordinal=1)
        uow.events.append(
            CaseEvent(
                case_id=case.id,
                seq=1,
                action="register",
                actor=ctx.actor,
                identity=ctx.identity,
                recorded_at=ctx.now,
                effective_on=application.received_on,
                state_before=None,
                state_after=REGISTERED,
                data=with_documents(registration_data(case), letters),
            )
        )
        uow.commit()
    return case


def receipt_facts(
    application: Application, calendar: WorkingCalendar, ctx: ServiceContext
) -> dict[str, Any]:
    """The facts that fixed the receipt date (Reg. art. 31) and where counting starts; the
    rest-day rule is part of them (domain.md §1.2)."""
    start_on, start_note = effective_start(application.received_on, calendar, ctx.clock_rules)
    return {
        **application.receipt_facts(),
        "rest_day_rule": ctx.clock_rules.rest_day_receipt,
        "clock_start_on": start_on.isoformat(),
        "clock_start_note": start_note,
    }


def new_case(  # noqa: PLR0917 - the numbering facts of one new case
    ctx: ServiceContext,
    application: Application,
    agency: str,
    year: int,
    seq: int,
    state: str = REGISTERED,
) -> Case:
    """The case record of a validated application, in the registered state (or ``state``)."""
    applicant = Applicant(
        name=application.applicant,
        applicant_type=application.applicant_type.value,
        id_type=application.id_type.value if application.id_type else None,
        id_number=application.id_number,
        contact=application.contact,
        address=application.address,
    )
    return Case(
        agency=agency,
        number=ctx.case_number(agency, year, seq),
        year=year,
        seq=seq,
        query_code=ctx.new_query_code(),
        state=state,
        workflow=ctx.machine.name if ctx.machine else ctx.workflow,
        workflow_version=ctx.machine.version if ctx.machine else ctx.workflow_version,
        applicant=applicant,
        channel=application.channel.value,
        arrived_on=application.arrived_on,
        received_on=application.received_on,
        description=application.description,
        form=application.form.value if application.form else None,
        delivery=application.delivery.value if application.delivery else None,
        assistance=application.assistance,
        receipt=application.receipt_facts(),
        handler=ctx.actor,
        created_at=ctx.now,
        updated_at=ctx.now,
    )


def registration_data(case: Case) -> dict[str, object]:
    # The identity number is stored once, in the applicant record; the journal keeps it
    # masked, enough to read the history (个人信息保护法 art. 51 item 3; issue 17).
    applicant = case.applicant
    number = mask_identity(applicant.id_number) if applicant.id_number else applicant.id_number
    return {
        "applicant": {
            "name": applicant.name,
            "type": applicant.applicant_type,
            "id_type": applicant.id_type,
            "id_number": number,
            "contact": applicant.contact,
            "address": applicant.address,
        },
        "number": case.number,
        "query_code": case.query_code,
        "channel": case.channel,
        "arrived_on": case.arrived_on.isoformat() if case.arrived_on else None,
        "received_on": case.received_on.isoformat(),
        "description": case.description,
        "form": case.form,
        "delivery": case.delivery,
        "assistance": case.assistance,
        "receipt": case.receipt,
        "reply_due_on": case.reply_due_on.isoformat() if case.reply_due_on else None,
        "due_provisional": case.due_provisional,
    }


@dataclass(frozen=True)
class BatchResult:
    """The outcome of one entry of ``register --file``."""

    index: int
    applicant: str
    case: Case | None
    error: CaseworkError | None


def register_many(
    make_uow: Callable[[], UnitOfWork],
    ctx: ServiceContext,
    entries: list[ApplicationInput],
    progress: Callable[[int], None] | None = None,
) -> list[BatchResult]:
    """Register each entry in its own unit of work; one bad entry does not stop the others.
    ``progress`` is told the number of entries done after each one (a terminal's bar)."""
    results = []
    for index, raw in enumerate(entries, start=1):
        try:
            case = register(make_uow(), ctx, raw)
        except CaseworkError as error:
            results.append(BatchResult(index, raw.applicant or "", None, error))
        else:
            results.append(BatchResult(index, raw.applicant or "", case, None))
        if progress is not None:
            progress(index)
    return results
