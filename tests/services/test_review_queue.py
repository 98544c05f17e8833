"""The reviewer's queue (issue 20) at the service level: who sees which item, of which agency,
in which order, with the days left and the provisional marker as ``show`` has them.

Real SQLite units of work on a temporary file; due dates hand-counted from the 2026 calendar
(Qingming 04-04..06, Labour Day 05-01..05 with the make-up Saturday 05-09).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from casework.adapters.calendar_data import package_years
from casework.adapters.database import ensure_schema, make_engine
from casework.adapters.outcome_file import default_outcomes_path, load_outcomes
from casework.adapters.repository import SqlUnitOfWork
from casework.adapters.workflow_file import default_workflow_path, load_workflow
from casework.domain.application.validation import ApplicationInput
from casework.errors import ActionNotAllowedError
from casework.services import actions, review
from casework.services.context import ServiceContext
from casework.services.queries import show_case
from casework.services.registration import register
from casework.services.review_queue import QueueItem, review_queue
from casework.settings import load_settings
from tests.conftest import write_home

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 4, 22, 10, 0, tzinfo=SHANGHAI)
# A reviewer and a head who work for the statistics bureau only.
LOCAL_USERS = """
[users.zhaoliu]
name = "赵六"
roles = ["reviewer"]
agencies = ["tj"]

[users.sunqi]
name = "孙七"
roles = ["head"]
agencies = ["tj"]
"""


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    created = make_engine(f"sqlite:///{tmp_path / 'casework.db'}")
    ensure_schema(created)
    yield created
    created.dispose()


@pytest.fixture
def ctx(tmp_path: Path) -> ServiceContext:
    return make_context(tmp_path)


def make_context(tmp_path: Path) -> ServiceContext:
    """The context of the queue tests: the test users plus two of the bureau's own."""
    settings = load_settings(write_home(tmp_path / "home", extra=LOCAL_USERS))
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


def as_user(ctx: ServiceContext, user: str) -> ServiceContext:
    return replace(ctx, actor=user)


def new_case(
    engine: Engine,
    ctx: ServiceContext,
    received_on: date = date(2026, 4, 1),
    agency: str = "demo",
    name: str = "张三",
) -> str:
    raw = ApplicationInput(
        applicant=name,
        applicant_type="natural",
        channel="in-person",
        received_on=received_on,
        description="2025年度部门预算",
        agency=agency,
    )
    return register(SqlUnitOfWork(engine), ctx, raw).number


def drafted(engine: Engine, ctx: ServiceContext, number: str, agency: str = "demo") -> None:
    review.draft(
        SqlUnitOfWork(engine),
        ctx,
        number,
        outcome="disclose",
        facts={"facts": "可以公开", "access": "当面领取"},
        on=date(2026, 4, 20),
        agency=agency,
    )


def asked(engine: Engine, ctx: ServiceContext, number: str, agency: str = "demo") -> None:
    actions.extend(
        SqlUnitOfWork(engine),
        ctx,
        number,
        days=10,
        reason="需调取档案",
        on=date(2026, 4, 21),
        agency=agency,
    )


def queue_of(engine: Engine, ctx: ServiceContext, user: str, **kw: Any) -> list[QueueItem]:
    return review_queue(SqlUnitOfWork(engine), as_user(ctx, user), **kw)


def kinds(items: list[QueueItem]) -> list[tuple[str, str, str]]:
    return [(item.reference, item.agency, item.kind) for item in items]


def test_a_draft_awaits_the_reviewer_and_a_request_awaits_the_head_only(
    engine: Engine, ctx: ServiceContext
) -> None:
    draft_case = new_case(engine, ctx)
    drafted(engine, ctx, draft_case)
    extension_case = new_case(engine, ctx, name="李雷")
    asked(engine, ctx, extension_case)
    assert queue_of(engine, ctx, "zhangsan") == []  # a clerk reviews nothing
    assert kinds(queue_of(engine, ctx, "lisi")) == [(draft_case, "demo", "draft")]
    # Reg. art. 33 para. 2: only the head consents to an extension.
    head = queue_of(engine, ctx, "wangwu")
    assert sorted(kinds(head)) == [
        (draft_case, "demo", "draft"),
        (extension_case, "demo", "extension"),
    ]
    item = next(i for i in head if i.kind == "extension")
    assert (item.applicant, item.drafted_by, item.requested_on) == (
        "李雷",
        "zhangsan",
        date(2026, 4, 21),
    )
    assert (item.outcome, item.description) == (None, "2025年度部门预算")
    draft = next(i for i in head if i.kind == "draft")
    assert (draft.outcome, draft.drafted_by, draft.requested_on) == (
        "disclose",
        "zhangsan",
        date(2026, 4, 20),
    )


def test_the_drafter_does_not_find_their_own_draft(engine: Engine, ctx: ServiceContext) -> None:
    number = new_case(engine, ctx)
    drafted(engine, as_user(ctx, "lisi"), number)  # a reviewer drafted it
    # Seed 002: 审核、审签 by another hand; ``approve`` would refuse lisi.
    assert queue_of(engine, ctx, "lisi") == []
    assert kinds(queue_of(engine, ctx, "wangwu")) == [(number, "demo", "draft")]


def test_a_granted_or_returned_item_leaves_the_queue(engine: Engine, ctx: ServiceContext) -> None:
    number = new_case(engine, ctx)
    drafted(engine, ctx, number)
    asked(engine, ctx, number)
    assert len(queue_of(engine, ctx, "wangwu")) == 2  # both kinds on one case
    actions.approve_extension(
        SqlUnitOfWork(engine), as_user(ctx, "wangwu"), number, on=date(2026, 4, 21)
    )
    assert kinds(queue_of(engine, ctx, "wangwu")) == [(number, "demo", "draft")]
    review.return_draft(
        SqlUnitOfWork(engine), as_user(ctx, "lisi"), number, comment="请补充", on=date(2026, 4, 22)
    )
    assert queue_of(engine, ctx, "wangwu") == []


def test_only_the_agencies_a_user_works_for_are_listed(engine: Engine, ctx: ServiceContext) -> None:
    ours = new_case(engine, ctx)
    theirs = new_case(engine, ctx, agency="tj")
    for number, agency in ((ours, "demo"), (theirs, "tj")):
        drafted(engine, ctx, number, agency)
        asked(engine, ctx, number, agency)
    assert kinds(queue_of(engine, ctx, "zhaoliu")) == [(theirs, "tj", "draft")]
    # The head also reviews (``approve`` takes a reviewer or the head).
    assert kinds(queue_of(engine, ctx, "sunqi")) == [
        (theirs, "tj", "draft"),
        (theirs, "tj", "extension"),
    ]
    assert {i.agency for i in queue_of(engine, ctx, "lisi")} == {"demo", "tj"}
    assert kinds(queue_of(engine, ctx, "lisi", agency="tj")) == [(theirs, "tj", "draft")]
    with pytest.raises(ActionNotAllowedError, match="不负责机关「demo」") as refused:
        queue_of(engine, ctx, "zhaoliu", agency="demo")
    assert refused.value.field == "--agency（机关）"


def test_items_are_ordered_by_due_date_then_case_number(
    engine: Engine, ctx: ServiceContext
) -> None:
    later = new_case(engine, ctx, date(2026, 4, 8))  # due Sat 05-09, a make-up day
    first = new_case(engine, ctx, date(2026, 4, 1))  # due 04-30
    second = new_case(engine, ctx, date(2026, 4, 1), name="李雷")
    for number in (later, second, first):
        drafted(engine, ctx, number)
    items = queue_of(engine, ctx, "lisi")
    assert [i.reference for i in items] == [first, second, later]
    assert [i.due for i in items] == [date(2026, 4, 30), date(2026, 4, 30), date(2026, 5, 9)]
    # 04-22 → 04-30: 04-23, 24, 27, 28, 29, 30 are six working days.
    assert [i.days_left for i in items][:2] == [6, 6]


def test_days_left_are_those_show_counts_and_overdue_is_negative(
    engine: Engine, ctx: ServiceContext
) -> None:
    number = new_case(engine, ctx, date(2026, 3, 2))  # due 2026-03-30
    drafted(engine, ctx, number)
    late = replace(ctx, now=datetime(2026, 4, 22, 10, 0, tzinfo=SHANGHAI))
    (item,) = queue_of(engine, late, "lisi")
    shown = show_case(SqlUnitOfWork(engine), late, number).clock
    assert (item.due, item.days_left) == (shown.due_on, shown.working_days_left)
    assert item.days_left < 0
    earlier = queue_of(engine, late, "lisi", today=date(2026, 3, 27))
    assert earlier[0].days_left == 1  # 03-27 (Fri) → 03-30 (Mon)


def test_a_due_date_in_a_year_without_calendar_data_is_marked_provisional(
    engine: Engine, ctx: ServiceContext
) -> None:
    december = replace(ctx, now=datetime(2026, 12, 21, 10, 0, tzinfo=SHANGHAI))
    number = new_case(engine, december, date(2026, 12, 14))
    review.draft(
        SqlUnitOfWork(engine),
        december,
        number,
        outcome="disclose",
        facts={"facts": "可以公开", "access": "当面领取"},
        on=date(2026, 12, 18),
    )
    (item,) = queue_of(engine, december, "lisi")
    # domain.md §2.1: 2027 has no published schedule yet; show marks it the same way.
    assert item.provisional is True and item.due.year == 2027
    assert show_case(SqlUnitOfWork(engine), december, number).case.due_provisional is True


def test_the_queue_is_read_in_a_fixed_number_of_statements(
    engine: Engine, ctx: ServiceContext
) -> None:
    def statements_for(count: int) -> int:
        for index in range(count):
            number = new_case(engine, ctx, name=f"申请人{index}")
            drafted(engine, ctx, number)
        seen: list[str] = []

        def count_statement(*args: Any) -> None:
            seen.append(args[2])

        event.listen(engine, "before_cursor_execute", count_statement)
        try:
            queue_of(engine, ctx, "lisi")
        finally:
            event.remove(engine, "before_cursor_execute", count_statement)
        return len(seen)

    few = statements_for(2)
    many = statements_for(10)  # twelve drafts now
    assert len(queue_of(engine, ctx, "lisi")) == 12
    assert few == many


def test_an_unknown_user_is_told_so(engine: Engine, ctx: ServiceContext) -> None:
    with pytest.raises(ActionNotAllowedError, match="未在配置的用户中登记"):
        queue_of(engine, ctx, "nobody")
