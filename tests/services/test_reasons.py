"""要求说明理由 and 延迟答复 (Reg. art. 35) at the service level.

A case received on Wed 2026-04-01 is due on 2026-04-30 (20 working days; Qingming 04-04..06).
The reasons period is counted by hand from the same calendar: 15 working days after Fri
2026-04-03 is Mon 2026-04-27, 10 working days after it Mon 2026-04-20.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine

from casework.adapters.calendar_data import package_years
from casework.adapters.database import ensure_schema, make_engine
from casework.adapters.outcome_file import default_outcomes_path, load_outcomes
from casework.adapters.repository import SqlUnitOfWork
from casework.adapters.workflow_file import default_workflow_path, load_workflow
from casework.domain.application.validation import ApplicationInput
from casework.domain.case.decisions import ReasonsRequest
from casework.domain.clock.model import ClockRules
from casework.errors import ActionNotAllowedError, ValidationError
from casework.services import actions
from casework.services.context import ServiceContext
from casework.services.reasons import request_reasons
from casework.services.registration import register
from casework.services.workflow_support import ActionResult
from casework.settings import load_settings
from tests.conftest import write_home

NOW = datetime(2026, 6, 30, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
CONCERN = "本月已提出42件申请，内容大量重复"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    created = make_engine(f"sqlite:///{tmp_path / 'casework.db'}")
    ensure_schema(created)
    yield created
    created.dispose()


@pytest.fixture
def ctx(tmp_path: Path) -> ServiceContext:
    settings = load_settings(write_home(tmp_path / "home"))
    return ServiceContext(
        actor="zhangsan",
        now=NOW,
        agencies=settings.agencies,
        default_agency=settings.default_agency,
        builtin_calendar=package_years(),
        users=settings.users,
        machine=load_workflow(default_workflow_path()),
        outcomes=load_outcomes(default_outcomes_path()),
    )


@pytest.fixture
def number(engine: Engine, ctx: ServiceContext) -> str:
    raw = ApplicationInput(
        applicant="张三",
        applicant_type="natural",
        channel="in-person",
        received_on=date(2026, 4, 1),
        description="预算",
    )
    return register(SqlUnitOfWork(engine), ctx, raw).number


def test_a_request_for_reasons_records_the_concern_the_period_and_its_last_day(
    engine: Engine, ctx: ServiceContext, number: str
) -> None:
    result = request_reasons(
        SqlUnitOfWork(engine), ctx, number, concern=f"  {CONCERN} ", on=date(2026, 4, 3)
    )
    assert result.case.decisions.reply.reasons_request == ReasonsRequest(
        requested_on=date(2026, 4, 3), period_days=15, due_on=date(2026, 4, 27), concern=CONCERN
    )
    assert (result.event.action, result.case.state) == ("request-reasons", "registered")


def test_the_reply_clock_keeps_running_while_the_applicant_states_reasons(
    engine: Engine, ctx: ServiceContext, number: str
) -> None:
    result = request_reasons(
        SqlUnitOfWork(engine), ctx, number, concern=CONCERN, on=date(2026, 4, 3)
    )
    assert (result.case.clock_status, result.case.reply_due_on) == ("running", date(2026, 4, 30))


def test_the_period_is_the_clerks_or_else_the_configured_default(
    engine: Engine, ctx: ServiceContext, number: str
) -> None:
    configured = dataclasses.replace(ctx, clock_rules=ClockRules(reasons_period_days=10))
    result = request_reasons(
        SqlUnitOfWork(engine), configured, number, concern=CONCERN, on=date(2026, 4, 3)
    )
    asked = result.case.decisions.reply.reasons_request
    assert asked is not None and asked.due_on == date(2026, 4, 20)
    raw = ApplicationInput(
        applicant="李四",
        applicant_type="natural",
        channel="in-person",
        received_on=date(2026, 4, 1),
        description="决算",
    )
    other = register(SqlUnitOfWork(engine), ctx, raw).number
    chosen = request_reasons(
        SqlUnitOfWork(engine),
        configured,
        other,
        concern=CONCERN,
        period_days=15,
        on=date(2026, 4, 3),
    )
    asked = chosen.case.decisions.reply.reasons_request
    assert asked is not None and asked.due_on == date(2026, 4, 27)


REFUSED = [(" ", None, "--reason"), (CONCERN, 0, "--period-days"), (CONCERN, 61, "--period-days")]


@pytest.mark.parametrize("refused_input", REFUSED, ids=["no-concern", "zero-days", "61-days"])
def test_a_request_without_a_concern_or_with_a_bad_period_is_refused(
    engine: Engine, ctx: ServiceContext, number: str, refused_input: tuple[str, int | None, str]
) -> None:
    concern, period_days, field = refused_input
    with pytest.raises(ValidationError) as refused:
        request_reasons(
            SqlUnitOfWork(engine), ctx, number, concern=concern, period_days=period_days
        )
    assert refused.value.field is not None and refused.value.field.startswith(field)
    with SqlUnitOfWork(engine) as uow:
        assert uow.cases.find(number, None)[0].decisions.reply.reasons_request is None


def test_reasons_are_asked_for_only_once(engine: Engine, ctx: ServiceContext, number: str) -> None:
    request_reasons(SqlUnitOfWork(engine), ctx, number, concern=CONCERN, on=date(2026, 4, 3))
    with pytest.raises(ActionNotAllowedError, match="不能重复要求"):
        request_reasons(SqlUnitOfWork(engine), ctx, number, concern="再次", on=date(2026, 4, 7))


def test_reasons_are_not_asked_for_once_a_later_date_was_fixed(
    engine: Engine, ctx: ServiceContext, number: str
) -> None:
    request_reasons(SqlUnitOfWork(engine), ctx, number, concern=CONCERN, on=date(2026, 4, 3))
    actions.defer(
        SqlUnitOfWork(engine),
        ctx,
        number,
        until=date(2026, 7, 31),
        reasons_received_on=date(2026, 4, 8),
        reason="需逐件检索",
        on=date(2026, 4, 10),
    )
    with pytest.raises(ActionNotAllowedError, match="无需再要求说明理由"):
        request_reasons(SqlUnitOfWork(engine), ctx, number, concern=CONCERN, on=date(2026, 4, 13))


def test_reasons_are_not_asked_for_while_a_correction_is_pending(
    engine: Engine, ctx: ServiceContext, number: str
) -> None:
    actions.request_correction(
        SqlUnitOfWork(engine), ctx, number, items="写明文号", on=date(2026, 4, 3)
    )
    with pytest.raises(ActionNotAllowedError, match="待补正"):
        request_reasons(SqlUnitOfWork(engine), ctx, number, concern=CONCERN, on=date(2026, 4, 7))


def test_a_deferral_after_reasonable_reasons_fixes_the_date_and_cites_the_request(
    engine: Engine, ctx: ServiceContext, number: str
) -> None:
    request_reasons(SqlUnitOfWork(engine), ctx, number, concern=CONCERN, on=date(2026, 4, 3))
    result = actions.defer(
        SqlUnitOfWork(engine),
        ctx,
        number,
        until=date(2026, 7, 31),
        reasons_received_on=date(2026, 4, 15),
        reason="申请涉及十年的预算档案，需逐件检索",
        on=date(2026, 4, 20),
    )
    assert result.case.reply_due_on == date(2026, 7, 31)
    deferral = result.case.decisions.reply.deferral
    assert deferral is not None and deferral.reasons_requested_on == date(2026, 4, 3)


def _defer(engine: Engine, ctx: ServiceContext, number: str, **changes: Any) -> ActionResult:
    given: dict[str, Any] = {
        "until": date(2026, 7, 31),
        "reasons_received_on": date(2026, 4, 15),
        "reason": "申请涉及十年的预算档案，需逐件检索",
        "on": date(2026, 4, 20),
    }
    return actions.defer(SqlUnitOfWork(engine), ctx, number, **{**given, **changes})


def test_no_later_date_is_fixed_without_a_request_for_reasons(
    engine: Engine, ctx: ServiceContext, number: str
) -> None:
    # Reg. art. 35: the later date follows the applicant's reasons, asked for in writing.
    with pytest.raises(ActionNotAllowedError, match="须先书面要求申请人说明理由") as refused:
        _defer(engine, ctx, number)
    assert refused.value.field is not None and "--reasons-received-on" in refused.value.field
    with SqlUnitOfWork(engine) as uow:
        assert uow.cases.find(number, None)[0].decisions.reply.deferral is None


def test_reasons_given_after_their_period_lead_to_no_later_date(
    engine: Engine, ctx: ServiceContext, number: str
) -> None:
    # Requested Fri 3 Apr 2026 with 15 working days: the period ends Mon 27 Apr.
    request_reasons(SqlUnitOfWork(engine), ctx, number, concern=CONCERN, on=date(2026, 4, 3))
    with pytest.raises(ActionNotAllowedError, match="不予处理"):
        _defer(engine, ctx, number, reasons_received_on=date(2026, 4, 28), on=date(2026, 4, 28))
    with pytest.raises(ValidationError, match="要求说明理由之日"):
        _defer(engine, ctx, number, reasons_received_on=date(2026, 4, 2))


def test_no_later_date_is_fixed_once_the_reply_period_has_run_out(
    engine: Engine, ctx: ServiceContext, number: str
) -> None:
    # Received Wed 1 Apr 2026: the 20 working days end Thu 29 Apr (Labour Day follows).
    request_reasons(SqlUnitOfWork(engine), ctx, number, concern=CONCERN, on=date(2026, 4, 3))
    with SqlUnitOfWork(engine) as uow:
        due = uow.cases.find(number, None)[0].reply_due_on
    assert due is not None
    after = due + timedelta(days=1)
    late = dataclasses.replace(ctx, now=datetime.combine(after, ctx.now.timetz()))
    with pytest.raises(ActionNotAllowedError, match="答复期限已于") as refused:
        _defer(engine, late, number, on=after)
    assert due.isoformat() in str(refused.value)
    # The statistics keep counting the case against its statutory date.
    with SqlUnitOfWork(engine) as uow:
        assert uow.cases.find(number, None)[0].reply_due_on == due


def test_the_deferral_records_when_the_applicants_reasons_arrived(
    engine: Engine, ctx: ServiceContext, number: str
) -> None:
    request_reasons(SqlUnitOfWork(engine), ctx, number, concern=CONCERN, on=date(2026, 4, 3))
    result = _defer(engine, ctx, number)
    deferral = result.case.decisions.reply.deferral
    assert deferral is not None
    assert (deferral.reasons_requested_on, deferral.reasons_received_on) == (
        date(2026, 4, 3),
        date(2026, 4, 15),
    )
    assert result.event.data["reasons_received_on"] == "2026-04-15"
