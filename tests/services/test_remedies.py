"""Remedy records and the new reply they can order (重新答复), at the service level on SQLite.

Due dates are counted by hand from the 2026 calendar (端午 06-19..21; no holiday in July).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine

from casework.adapters.database import ensure_schema, make_engine
from casework.adapters.repository import SqlUnitOfWork
from casework.errors import ActionNotAllowedError, ValidationError
from casework.services.context import ServiceContext
from casework.services.queries import case_history, show_case
from casework.services.remedies import RemedyInput, ReopenOrder, list_remedies, record_remedy
from tests.support.report_population import Desk, make_context

NOW = datetime(2026, 9, 30, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
RECONSIDERATION = RemedyInput("reconsideration", date(2026, 5, 6), organ="示例市人民政府")
DECISION_NUMBER = "示府复决〔2026〕3号"  # ARL art. 64: the 重新答复 names the decision
CORRECTED = replace(RECONSIDERATION, result="corrected", decided_on=date(2026, 6, 20))


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    created = make_engine(f"sqlite:///{tmp_path / 'casework.db'}")
    ensure_schema(created)
    yield created
    created.dispose()


@pytest.fixture
def ctx(tmp_path: Path) -> ServiceContext:
    return replace(make_context(tmp_path / "home"), now=NOW)


@pytest.fixture
def replied(engine: Engine, ctx: ServiceContext) -> str:
    """A case received 2026-04-01 and answered (disclose) on 2026-04-13."""
    desk = Desk(engine, ctx)
    number = desk.register("natural", date(2026, 4, 1))
    desk.reply(number, "disclose", date(2026, 4, 10), date(2026, 4, 13))
    return number


def uow(engine: Engine) -> SqlUnitOfWork:
    return SqlUnitOfWork(engine)


def test_the_same_proceeding_recorded_again_is_updated_and_journaled(
    engine: Engine, ctx: ServiceContext, replied: str
) -> None:
    first = record_remedy(uow(engine), ctx, replied, RECONSIDERATION)
    second = record_remedy(
        uow(engine),
        ctx,
        replied,
        replace(RECONSIDERATION, organ=None, result="upheld", decided_on=date(2026, 7, 1)),
    )
    assert (first.created, second.created) == (True, False)
    _case, remedies = list_remedies(uow(engine), replied)
    assert [(r.result, r.organ, r.decided_on) for r in remedies] == [
        ("upheld", "示例市人民政府", date(2026, 7, 1))
    ]
    _case, events = case_history(uow(engine), replied)
    journal = [e for e in events if e.action == "remedy"]
    assert [e.data["before"] and e.data["before"]["result"] for e in journal] == [None, "pending"]
    assert journal[-1].state_before == journal[-1].state_after == "replied"


def test_a_result_without_its_decision_date_is_refused_and_nothing_is_stored(
    engine: Engine, ctx: ServiceContext, replied: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        record_remedy(
            uow(engine),
            ctx,
            replied,
            replace(RECONSIDERATION, result="upheld", filed_on=date(2026, 3, 1)),
        )
    fields = [field for field, _ in caught.value.problems]
    assert fields == ["--filed-on（申请或起诉日期）", "--decided-on（决定或裁判日期）"]
    assert list_remedies(uow(engine), replied)[1] == []


def test_a_lawsuit_after_reconsideration_needs_the_reconsideration_first(
    engine: Engine, ctx: ServiceContext, replied: str
) -> None:
    after = RemedyInput("litigation-after-reconsideration", date(2026, 7, 10))
    with pytest.raises(ValidationError, match="须先登记此前的行政复议"):
        record_remedy(uow(engine), ctx, replied, after)
    record_remedy(uow(engine), ctx, replied, RECONSIDERATION)
    assert record_remedy(uow(engine), ctx, replied, after).created


def test_a_corrected_result_reopens_the_case_with_the_period_the_decision_set(
    engine: Engine, ctx: ServiceContext, replied: str
) -> None:
    change = record_remedy(
        uow(engine),
        ctx,
        replied,
        CORRECTED,
        reopen=ReopenOrder(decision_number=DECISION_NUMBER, reply_days=15),
        on=date(2026, 6, 23),
    )
    case = change.case
    # decided Sat 06-20, received the same day: counted from Mon 06-22; 15 working days
    assert (case.state, case.reply_due_on) == ("registered", date(2026, 7, 13))
    assert (case.outcome, case.reply_number, case.concluded_on) == (None, None, None)
    previous = case.decisions.reopenings[0]
    assert (previous.outcome, previous.reply_number) == ("disclose", "示发改信复〔2026〕1号")
    assert case.decisions.draft is None and case.decisions.reply.issued_on is None
    assert change.remedy.reopened_on == date(2026, 6, 23)
    assert (change.remedy.reported_outcome, change.remedy.reported_concluded_on) == (
        "disclose",
        date(2026, 4, 13),
    )
    texts = [step.text for step in show_case(uow(engine), ctx, replied).clock.derivation]
    assert any("责令重新答复" in text for text in texts)
    assert change.event.action == "reopen"


def test_without_a_period_the_new_reply_has_twenty_working_days(
    engine: Engine, ctx: ServiceContext, replied: str
) -> None:
    order = ReopenOrder(decision_number=DECISION_NUMBER, decision_received_on=date(2026, 6, 22))
    case = record_remedy(uow(engine), ctx, replied, CORRECTED, reopen=order).case
    assert case.reply_due_on == date(2026, 7, 20)


def test_a_date_fixed_by_the_judgment_is_the_due_date(
    engine: Engine, ctx: ServiceContext, replied: str
) -> None:
    lawsuit = RemedyInput(
        "litigation",
        date(2026, 5, 6),
        organ="示例市中级人民法院",
        result="corrected",
        decided_on=date(2026, 8, 3),
    )
    order = ReopenOrder(decision_number=DECISION_NUMBER, reply_due_on=date(2026, 9, 2))
    case = record_remedy(uow(engine), ctx, replied, lawsuit, reopen=order).case
    assert case.reply_due_on == date(2026, 9, 2)


def test_the_reopened_case_is_answered_again_and_a_second_reopening_keeps_the_first_snapshot(
    engine: Engine, ctx: ServiceContext, replied: str
) -> None:
    desk = Desk(engine, ctx)
    record_remedy(
        uow(engine),
        ctx,
        replied,
        CORRECTED,
        reopen=ReopenOrder(decision_number=DECISION_NUMBER),
        on=date(2026, 6, 23),
    )
    desk.reply(replied, "not_held", date(2026, 7, 1), date(2026, 7, 6))
    lawsuit = RemedyInput(
        "litigation",
        date(2026, 7, 20),
        organ="示例市中级人民法院",
        result="corrected",
        decided_on=date(2026, 8, 20),
    )
    change = record_remedy(
        uow(engine),
        ctx,
        replied,
        lawsuit,
        reopen=ReopenOrder(decision_number=DECISION_NUMBER),
        on=date(2026, 8, 24),
    )
    assert (change.remedy.reported_outcome, change.remedy.reported_concluded_on) == (
        "disclose",
        date(2026, 4, 13),
    )
    assert [r.reply_number for r in change.case.decisions.reopenings] == [
        "示发改信复〔2026〕1号",
        "示发改信复〔2026〕2号",
    ]
    with pytest.raises(ActionNotAllowedError, match="结果不能再改"):
        record_remedy(uow(engine), ctx, replied, replace(CORRECTED, result="upheld"))


def test_reopening_is_refused_unless_corrected_or_while_the_case_is_open(
    engine: Engine, ctx: ServiceContext, replied: str
) -> None:
    upheld = replace(CORRECTED, result="upheld")
    with pytest.raises(ActionNotAllowedError, match="结果纠正"):
        record_remedy(
            uow(engine), ctx, replied, upheld, reopen=ReopenOrder(decision_number=DECISION_NUMBER)
        )
    assert list_remedies(uow(engine), replied)[1] == []  # all or nothing
    record_remedy(
        uow(engine), ctx, replied, CORRECTED, reopen=ReopenOrder(decision_number=DECISION_NUMBER)
    )
    with pytest.raises(ActionNotAllowedError, match="不能执行「重新答复」"):
        record_remedy(
            uow(engine),
            ctx,
            replied,
            CORRECTED,
            reopen=ReopenOrder(decision_number=DECISION_NUMBER),
        )
