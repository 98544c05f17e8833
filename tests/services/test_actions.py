"""Every clerk action at the service level: one allowed and one refused case each.

The services run on a real SQLite unit of work in a temporary file (fast, and the same code
path as production); dates are hand-counted from the 2026 calendar.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine

from casework.adapters.calendar_data import package_years
from casework.adapters.database import ensure_schema, make_engine
from casework.adapters.outcome_file import default_outcomes_path, load_outcomes
from casework.adapters.repository import SqlUnitOfWork
from casework.adapters.workflow_file import default_workflow_path, load_workflow
from casework.domain.application.validation import ApplicationInput
from casework.errors import ActionNotAllowedError, CaseworkError, ValidationError
from casework.services import actions, review
from casework.services.context import ServiceContext
from casework.services.reasons import request_reasons
from casework.services.registration import register
from casework.settings import load_settings
from tests.conftest import write_home

NOW = datetime(2026, 6, 30, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:  # SQLite only at this level
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


def as_user(ctx: ServiceContext, user: str) -> ServiceContext:
    from dataclasses import replace

    return replace(ctx, actor=user)


def new_case(
    engine: Engine, ctx: ServiceContext, received_on: date = date(2026, 4, 1), name: str = "张三"
) -> str:
    raw = ApplicationInput(
        applicant=name,
        applicant_type="natural",
        channel="in-person",
        received_on=received_on,
        description="预算",
    )
    return register(SqlUnitOfWork(engine), ctx, raw).number


def test_defer_replaces_the_budget_with_the_agency_date(
    engine: Engine, ctx: ServiceContext
) -> None:
    number = new_case(engine, ctx)
    request_reasons(
        SqlUnitOfWork(engine), ctx, number, concern="本月已提出42件申请", on=date(2026, 4, 3)
    )
    result = actions.defer(
        SqlUnitOfWork(engine),
        ctx,
        number,
        until=date(2026, 7, 31),
        reasons_received_on=date(2026, 4, 8),
        reason="申请数量明显超过合理范围，理由合理",
        on=date(2026, 4, 10),
    )
    assert result.case.reply_due_on == date(2026, 7, 31)
    with pytest.raises(ValidationError, match="应晚于决定之日"):
        actions.defer(
            SqlUnitOfWork(engine),
            ctx,
            number,
            until=date(2026, 4, 10),
            reasons_received_on=date(2026, 4, 8),
            reason="x",
            on=date(2026, 4, 10),
        )
    with pytest.raises(ValidationError, match="第三十五条"):
        actions.defer(
            SqlUnitOfWork(engine),
            ctx,
            number,
            until=date(2026, 8, 1),
            reasons_received_on=date(2026, 4, 8),
            reason=" ",
        )


def test_the_eleventh_application_of_a_month_costs_one_hundred_yuan(
    engine: Engine, ctx: ServiceContext
) -> None:
    # Fee art. 4: counted per applicant per natural month; the 11th to 30th cost 100 yuan.
    numbers = [
        new_case(engine, ctx, date(2026, 4, day)) for day in (1, 1, 2, 3, 7, 8, 9, 10, 13, 14, 15)
    ]
    new_case(engine, ctx, date(2026, 3, 31))  # March does not count for April
    new_case(engine, ctx, date(2026, 4, 15), name="李四")  # another applicant does not count
    with pytest.raises(ActionNotAllowedError, match="不收费"):
        actions.notify_fee(
            SqlUnitOfWork(engine), ctx, numbers[9], method="per-item", on=date(2026, 4, 20)
        )
    result = actions.notify_fee(
        SqlUnitOfWork(engine), ctx, numbers[10], method="per-item", on=date(2026, 4, 20)
    )
    fee = result.case.decisions.fee
    assert fee is not None
    assert (fee.ordinal_in_month, Decimal(fee.amount)) == (11, Decimal("100"))


def test_a_second_correction_round_is_refused_by_default(
    engine: Engine, ctx: ServiceContext
) -> None:
    number = new_case(engine, ctx)
    actions.request_correction(
        SqlUnitOfWork(engine), ctx, number, items="写明文号", on=date(2026, 4, 3)
    )
    actions.receive_correction(
        SqlUnitOfWork(engine), ctx, number, other="补充了身份证明", on=date(2026, 4, 8)
    )
    with pytest.raises(ActionNotAllowedError, match="补正"):
        actions.request_correction(
            SqlUnitOfWork(engine), ctx, number, items="再补正", on=date(2026, 4, 9)
        )


def test_a_late_correction_notice_needs_a_reason_and_is_flagged(
    engine: Engine, ctx: ServiceContext
) -> None:
    number = new_case(engine, ctx)
    with pytest.raises(ActionNotAllowedError, match="2026-04-13"):
        actions.request_correction(
            SqlUnitOfWork(engine), ctx, number, items="x", on=date(2026, 4, 14)
        )
    result = actions.request_correction(
        SqlUnitOfWork(engine),
        ctx,
        number,
        items="x",
        late_reason="申请人电话无法接通",
        on=date(2026, 4, 14),
    )
    assert result.case.decisions.corrections[0].late is True


def test_the_same_party_cannot_be_consulted_twice_at_once(
    engine: Engine, ctx: ServiceContext
) -> None:
    number = new_case(engine, ctx)
    actions.consult(
        SqlUnitOfWork(engine),
        ctx,
        number,
        party="甲公司",
        party_kind="third-party",
        concern="涉及该单位的经营数据，公开可能损害其商业秘密",
        on=date(2026, 4, 8),
    )
    actions.consult(
        SqlUnitOfWork(engine),
        ctx,
        number,
        party="乙公司",
        party_kind="third-party",
        concern="涉及该单位的经营数据，公开可能损害其商业秘密",
        on=date(2026, 4, 9),
    )
    with pytest.raises(ActionNotAllowedError, match="尚未答复"):
        actions.consult(
            SqlUnitOfWork(engine),
            ctx,
            number,
            party="甲公司",
            party_kind="third-party",
            concern="涉及该单位的经营数据，公开可能损害其商业秘密",
            on=date(2026, 4, 10),
        )
    first = actions.record_opinion(
        SqlUnitOfWork(engine), ctx, number, party="甲公司", opinion="agree", on=date(2026, 4, 15)
    )
    assert first.case.state == "consulting"  # 乙公司 still open
    with pytest.raises(ActionNotAllowedError, match="没有向「丙公司」征求意见"):
        actions.record_opinion(
            SqlUnitOfWork(engine),
            ctx,
            number,
            party="丙公司",
            opinion="agree",
            on=date(2026, 4, 16),
        )
    last = actions.record_opinion(
        SqlUnitOfWork(engine), ctx, number, party="乙公司", opinion="object", on=date(2026, 4, 16)
    )
    # Union of the stops 04-09..04-15 and 04-10..04-16: 04-09..04-16 = 6 working days.
    assert (last.case.state, last.case.reply_due_on) == ("registered", date(2026, 5, 12))


def test_return_sends_a_draft_back_and_needs_a_reviewer(
    engine: Engine, ctx: ServiceContext
) -> None:
    number = new_case(engine, ctx)
    review.draft(
        SqlUnitOfWork(engine),
        ctx,
        number,
        outcome="disclose",
        facts={"facts": "可以公开", "access": "当面领取"},
        on=date(2026, 4, 20),
    )
    with pytest.raises(ActionNotAllowedError, match="审核人"):
        review.return_draft(SqlUnitOfWork(engine), ctx, number, comment="请补充")
    returned = review.return_draft(
        SqlUnitOfWork(engine),
        as_user(ctx, "lisi"),
        number,
        comment="请补充获取方式的时间",
        on=date(2026, 4, 21),
    )
    assert returned.case.state == "registered"
    assert returned.case.decisions.reviews[0].by == "lisi"


def test_a_partial_disclosure_needs_a_refusal_ground(engine: Engine, ctx: ServiceContext) -> None:
    number = new_case(engine, ctx)
    facts = {
        "facts": "部分内容涉及个人隐私",
        "interest": "privacy",
        "reasons": "公开会侵害第三方合法权益",
        "withheld_part": "第3页个人信息",
        "access": "随文提供",
    }
    with pytest.raises(CaseworkError):
        review.draft(
            SqlUnitOfWork(engine),
            ctx,
            number,
            outcome="partial",
            facts={**facts, "ground": "disclose"},
            on=date(2026, 4, 20),
        )
    drafted = review.draft(
        SqlUnitOfWork(engine),
        ctx,
        number,
        outcome="partial",
        facts={**facts, "ground": "withhold_third_party"},
        on=date(2026, 4, 20),
    )
    assert drafted.case.outcome == "partial"


def test_delivery_by_post_needs_a_tracking_number_and_records_timeliness(
    engine: Engine, ctx: ServiceContext
) -> None:
    number = new_case(engine, ctx)
    review.draft(
        SqlUnitOfWork(engine),
        ctx,
        number,
        outcome="disclose",
        facts={"facts": "可以公开", "access": "邮寄"},
        on=date(2026, 4, 20),
    )
    review.approve(SqlUnitOfWork(engine), as_user(ctx, "lisi"), number, on=date(2026, 4, 21))
    review.issue(SqlUnitOfWork(engine), as_user(ctx, "lisi"), number, on=date(2026, 5, 6))
    with pytest.raises(ValidationError, match="单号"):
        review.deliver(SqlUnitOfWork(engine), ctx, number, method="post", on=date(2026, 5, 6))
    late = review.deliver(
        SqlUnitOfWork(engine), ctx, number, method="post", tracking="EMS1", on=date(2026, 5, 6)
    )
    # Due 2026-04-30; handed to the post on 05-06: not on time (Delivery, domain.md §2.4).
    delivery = late.case.decisions.reply.delivery
    assert delivery is not None and delivery.on_time is False


def test_withdrawal_is_possible_from_consultation_but_not_after_the_reply(
    engine: Engine, ctx: ServiceContext
) -> None:
    number = new_case(engine, ctx)
    actions.consult(
        SqlUnitOfWork(engine), ctx, number, party="甲", party_kind="agency", on=date(2026, 4, 8)
    )
    withdrawn = actions.withdraw(
        SqlUnitOfWork(engine), ctx, number, how="written", on=date(2026, 4, 9)
    )
    assert (withdrawn.case.state, withdrawn.case.outcome) == ("withdrawn", "other")
    with pytest.raises(ActionNotAllowedError, match="已撤回"):
        actions.withdraw(SqlUnitOfWork(engine), ctx, number, how="written", on=date(2026, 4, 10))


def test_an_action_dated_in_the_future_or_before_the_last_one_is_refused(
    engine: Engine, ctx: ServiceContext
) -> None:
    number = new_case(engine, ctx)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        actions.consult(
            SqlUnitOfWork(engine), ctx, number, party="甲", party_kind="agency", on=date(2026, 7, 1)
        )
    actions.consult(
        SqlUnitOfWork(engine), ctx, number, party="甲", party_kind="agency", on=date(2026, 4, 8)
    )
    with pytest.raises(ValidationError, match="上一次办理日期"):
        actions.record_opinion(
            SqlUnitOfWork(engine), ctx, number, party="甲", opinion="agree", on=date(2026, 4, 7)
        )


def test_withholding_to_protect_a_third_party_needs_a_written_consultation_first(
    engine: Engine, ctx: ServiceContext
) -> None:
    # Reg. arts. 15, 32: the third party is consulted in writing before its interests are
    # invoked; the letter gives the consultation record (domain.md §1.7).
    number = new_case(engine, ctx)
    facts: dict[str, str | None] = {
        "facts": "申请的合同涉及甲公司商业秘密",
        "reasons": "公开会损害甲公司的商业秘密",
        "interest": "trade-secret",
    }
    with pytest.raises(ActionNotAllowedError, match="须先书面征求第三方意见"):
        review.draft(
            SqlUnitOfWork(engine),
            ctx,
            number,
            outcome="withhold_third_party",
            facts=facts,
            on=date(2026, 4, 8),
        )
    uow = SqlUnitOfWork(engine)
    actions.consult(
        uow,
        ctx,
        number,
        party="甲公司",
        party_kind="third-party",
        concern="涉及该单位的经营数据，公开可能损害其商业秘密",
        on=date(2026, 4, 8),
    )
    actions.record_opinion(
        SqlUnitOfWork(engine), ctx, number, party="甲公司", opinion="object", on=date(2026, 4, 15)
    )
    drafted = review.draft(
        SqlUnitOfWork(engine),
        ctx,
        number,
        outcome="withhold_third_party",
        facts=facts,
        on=date(2026, 4, 16),
    )
    assert drafted.case.outcome == "withhold_third_party"


def test_a_drafted_fact_with_a_control_character_is_refused_before_anything_is_written(
    engine: Engine, ctx: ServiceContext
) -> None:
    number = new_case(engine, ctx)
    with pytest.raises(ValidationError, match="U\\+0007") as caught:
        review.draft(
            SqlUnitOfWork(engine),
            ctx,
            number,
            outcome="not_held",
            facts={"facts": "经检索\x07不存在", "search_process": "检索了收文登记簿"},
            on=date(2026, 4, 8),
        )
    assert caught.value.field == "--facts"
    with SqlUnitOfWork(engine) as uow:
        assert uow.cases.find(number, None)[0].state == "registered"
