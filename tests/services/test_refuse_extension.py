"""``refuse-extension`` (Reg. art. 33 para. 2: an extension needs the consent of the head of the
disclosure office): the head refuses a clerk's pending request under their own identity; the
period stays, the request is cleared, and a new one is possible while the law allows it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from sqlalchemy.engine import Engine

from casework.adapters.repository import SqlUnitOfWork
from casework.errors import ActionNotAllowedError, ValidationError
from casework.services import actions
from casework.services.context import ServiceContext
from casework.services.queries import case_history, show_case
from tests.services.test_review_queue import SHANGHAI, as_user, asked, ctx, engine, new_case

__all__ = ["ctx", "engine"]  # the fixtures, shared with the queue's tests


def refuse(engine: Engine, ctx: ServiceContext, number: str, reason: str, on: date) -> None:
    actions.refuse_extension(SqlUnitOfWork(engine), ctx, number, reason=reason, on=on)


def test_the_head_refuses_and_the_period_stays_as_it_was(
    engine: Engine, ctx: ServiceContext
) -> None:
    number = new_case(engine, ctx)  # received 04-01, due 04-30
    asked(engine, ctx, number)
    result = actions.refuse_extension(
        SqlUnitOfWork(engine),
        as_user(ctx, "wangwu"),
        number,
        reason="  档案可在期限内调取  ",
        on=date(2026, 4, 22),
    )
    reply = result.case.decisions.reply
    assert reply.extension_request is None and reply.extension is None
    (refusal,) = reply.extension_refusals
    assert (refusal.refused_by, refusal.refused_on, refusal.reason) == (
        "wangwu",
        date(2026, 4, 22),
        "档案可在期限内调取",
    )
    assert (refusal.request.requested_by, refusal.request.days) == ("zhangsan", 10)
    assert (result.case.state, result.case.reply_due_on) == ("registered", date(2026, 4, 30))
    _case, journal = case_history(SqlUnitOfWork(engine), number)
    entry = journal[-1]
    assert (entry.action, entry.actor, entry.state_before, entry.state_after) == (
        "refuse-extension",
        "wangwu",
        "registered",
        "registered",
    )
    assert entry.data["reason"] == "档案可在期限内调取"
    assert entry.data["request"]["requested_by"] == "zhangsan"
    # Nothing pending any more: the head can neither grant nor refuse it again.
    overview = show_case(SqlUnitOfWork(engine), as_user(ctx, "wangwu"), number)
    assert "approve-extension" not in overview.allowed_actions
    assert "refuse-extension" not in overview.allowed_actions


@pytest.mark.parametrize("user", ["zhangsan", "lisi"])
def test_only_the_head_refuses(engine: Engine, ctx: ServiceContext, user: str) -> None:
    number = new_case(engine, ctx)
    asked(engine, ctx, number)
    with pytest.raises(ActionNotAllowedError, match="须由政府信息公开工作机构负责人办理"):
        refuse(engine, as_user(ctx, user), number, "不同意", date(2026, 4, 22))
    pending = show_case(SqlUnitOfWork(engine), ctx, number).case.decisions.reply
    assert pending.extension_request is not None and pending.extension_refusals == ()


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_refusal_needs_a_reason_naming_the_option(
    engine: Engine, ctx: ServiceContext, reason: str
) -> None:
    number = new_case(engine, ctx)
    asked(engine, ctx, number)
    with pytest.raises(ValidationError, match="不同意延期的理由") as refused:
        refuse(engine, as_user(ctx, "wangwu"), number, reason, date(2026, 4, 22))
    assert refused.value.field == "--reason（理由）"
    pending = show_case(SqlUnitOfWork(engine), ctx, number).case.decisions.reply
    assert pending.extension_request is not None


def test_without_a_pending_request_there_is_nothing_to_refuse(
    engine: Engine, ctx: ServiceContext
) -> None:
    number = new_case(engine, ctx)
    with pytest.raises(ActionNotAllowedError, match="没有待批准的延期申请"):
        refuse(engine, as_user(ctx, "wangwu"), number, "不同意", date(2026, 4, 22))
    asked(engine, ctx, number)
    actions.approve_extension(
        SqlUnitOfWork(engine), as_user(ctx, "wangwu"), number, on=date(2026, 4, 22)
    )
    with pytest.raises(ActionNotAllowedError, match="没有待批准的延期申请"):
        refuse(engine, as_user(ctx, "wangwu"), number, "不同意", date(2026, 4, 22))


def test_after_a_refusal_the_clerk_may_ask_again_only_before_the_due_date(
    engine: Engine, ctx: ServiceContext
) -> None:
    number = new_case(engine, ctx)  # due 04-30
    asked(engine, ctx, number)
    refuse(engine, as_user(ctx, "wangwu"), number, "理由不充分", date(2026, 4, 22))
    again = actions.extend(
        SqlUnitOfWork(engine), ctx, number, days=5, reason="补充说明：需外调", on=date(2026, 4, 22)
    )
    assert again.case.decisions.reply.extension_request is not None
    refuse(engine, as_user(ctx, "wangwu"), number, "仍不同意", date(2026, 4, 22))
    refusals = show_case(SqlUnitOfWork(engine), ctx, number).case.decisions.reply.extension_refusals
    assert [r.reason for r in refusals] == ["理由不充分", "仍不同意"]
    # Reg. art. 33 para. 2: decided before the due date; after 04-30 no request is taken.
    may = replace(ctx, now=datetime(2026, 5, 6, 10, 0, tzinfo=SHANGHAI))
    with pytest.raises(ActionNotAllowedError, match="期限届满前"):
        actions.extend(
            SqlUnitOfWork(engine), may, number, days=5, reason="再申请", on=date(2026, 5, 6)
        )
