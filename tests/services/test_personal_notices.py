"""Issue 20: a returned draft reaches its drafter, a refused extension the clerk who asked —
in ``alerts`` (``collect_alerts``), in ``todo`` (``notices_for``) and, through the sweep and its
ledger, in their mail, once.  Real SQLite units of work; moments given to the context."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from casework.adapters.database import ensure_schema, make_engine
from casework.adapters.repository import SqlUnitOfWork
from casework.domain.alerts.model import Alert, AlertKind
from casework.entrypoints.alerting import alert_rules
from casework.services import actions, review
from casework.services.alerts import collect_alerts, notices_for
from casework.services.context import ServiceContext
from casework.services.sweep import SweepReport, SweepSetup, run_sweep
from casework.settings import Settings, load_settings
from tests.support.alerts import (
    RecordingNotifier,
    at,
    context,
    ledger,
    moment,
    new_case,
    sweep_setup,
    write_alert_home,
)

# A second clerk, who drafts a colleague's case.
COLLEAGUE = """
[users.zhouba]
name = "周八"
roles = ["clerk"]
"""
FACTS = {"facts": "经审查，所申请信息可以公开", "access": "当面领取"}


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    created = make_engine(f"sqlite:///{tmp_path / 'casework.db'}")
    ensure_schema(created)
    yield created
    created.dispose()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(write_alert_home(tmp_path / "home", extra=COLLEAGUE))


@pytest.fixture
def ctx(settings: Settings) -> ServiceContext:
    return context(settings, moment(date(2026, 11, 2)))


def draft(engine: Engine, ctx: ServiceContext, number: str, day: date, who: str) -> None:
    review.draft(SqlUnitOfWork(engine), at(ctx, day, actor=who), number, outcome="disclose",
                 facts=dict(FACTS), on=day)  # fmt: skip


def give_back(engine: Engine, ctx: ServiceContext, number: str, day: date, comment: str) -> None:
    review.return_draft(
        SqlUnitOfWork(engine), at(ctx, day, actor="lisi"), number, comment=comment, on=day
    )


def alerts_on(engine: Engine, ctx: ServiceContext, settings: Settings, day: date) -> list[Alert]:
    rules = alert_rules(settings.alerts)
    return collect_alerts(SqlUnitOfWork(engine), at(ctx, day), rules, day)


def of_kind(found: list[Alert], kind: AlertKind) -> list[Alert]:
    return [a for a in found if a.kind is kind]


def test_a_returned_draft_is_the_drafters_notice_until_they_draft_again(
    engine: Engine, ctx: ServiceContext, settings: Settings
) -> None:
    number = new_case(engine, ctx, date(2026, 11, 2))
    draft(engine, ctx, number, date(2026, 11, 10), "zhangsan")
    give_back(engine, ctx, number, date(2026, 11, 11), "请补充获取信息的具体时间")
    (notice,) = of_kind(alerts_on(engine, ctx, settings, date(2026, 11, 11)), AlertKind.RETURNED)
    assert (
        notice.message == f"案件 {number}：退回修改：请补充获取信息的具体时间（lisi，2026-11-11）"
    )
    assert (notice.handler, notice.case, notice.due_on) == ("zhangsan", number, date(2026, 11, 11))
    # Still there the next days, for the drafter only.
    mine = notices_for(SqlUnitOfWork(engine), ctx, "zhangsan", date(2026, 11, 13))
    assert [a.message for a in mine] == [notice.message]
    assert notices_for(SqlUnitOfWork(engine), ctx, "lisi", date(2026, 11, 13)) == []
    draft(engine, ctx, number, date(2026, 11, 13), "zhangsan")
    assert of_kind(alerts_on(engine, ctx, settings, date(2026, 11, 13)), AlertKind.RETURNED) == []
    give_back(engine, ctx, number, date(2026, 11, 13), "仍缺检索说明")
    (again,) = notices_for(SqlUnitOfWork(engine), ctx, "zhangsan", date(2026, 11, 13))
    assert "仍缺检索说明" in again.message and again.subject != notice.subject


def test_a_colleagues_draft_returns_to_the_colleague_not_the_handler(
    engine: Engine, ctx: ServiceContext
) -> None:
    number = new_case(engine, ctx, date(2026, 11, 2))  # handled by zhangsan
    draft(engine, ctx, number, date(2026, 11, 10), "zhouba")
    give_back(engine, ctx, number, date(2026, 11, 11), "请核对文号")
    (notice,) = notices_for(SqlUnitOfWork(engine), ctx, "zhouba", date(2026, 11, 11))
    assert notice.handler == "zhouba" and "请核对文号" in notice.message
    assert notices_for(SqlUnitOfWork(engine), ctx, "zhangsan", date(2026, 11, 11)) == []


def test_the_returned_draft_goes_to_the_drafters_mail_once(
    engine: Engine, ctx: ServiceContext, settings: Settings
) -> None:
    number = new_case(engine, ctx, date(2026, 11, 2))
    draft(engine, ctx, number, date(2026, 11, 10), "zhangsan")
    give_back(engine, ctx, number, date(2026, 11, 11), "请补充获取信息的具体时间")
    mail, log = RecordingNotifier(), RecordingNotifier()
    setup = sweep_setup(settings, {"email": mail, "log": log})
    for day in (date(2026, 11, 11), date(2026, 11, 12), date(2026, 11, 12)):
        assert sweep_on(engine, ctx, setup, day).failed == 0
    lines = [line for line in mail.lines_for("zhangsan") if "退回修改" in line]
    assert lines == [
        f"【提示】案件 {number}：退回修改：请补充获取信息的具体时间（lisi，2026-11-11）"
    ]
    # For the drafter, not the head's digest (wangwu reviews nothing here).
    assert not [line for line in mail.lines_for("wangwu") if "退回修改" in line]
    rows = [r for r in ledger(engine) if r["kind"] == "returned" and r["recipient"] == "zhangsan"]
    assert {(r["channel"], r["status"], r["attempts"]) for r in rows} == {
        ("email", "sent", 1),
        ("log", "sent", 1),
    }


def sweep_on(engine: Engine, ctx: ServiceContext, setup: SweepSetup, day: date) -> SweepReport:
    now = moment(day)
    clocked = replace(setup, clock=lambda: now)
    return run_sweep(lambda: SqlUnitOfWork(engine), at(ctx, day), clocked)


def test_a_refused_extension_is_the_requesting_clerks_notice_while_it_stands(
    engine: Engine, ctx: ServiceContext, settings: Settings
) -> None:
    number = new_case(engine, ctx, date(2026, 11, 2))  # due 2026-11-30
    on = date(2026, 11, 10)
    actions.extend(SqlUnitOfWork(engine), at(ctx, on), number, days=10, reason="需调取档案", on=on)
    actions.refuse_extension(
        SqlUnitOfWork(engine), at(ctx, on, actor="wangwu"), number, reason="档案可按期调取", on=on
    )
    (notice,) = of_kind(alerts_on(engine, ctx, settings, on), AlertKind.EXTENSION_REFUSED)
    assert notice.handler == "zhangsan"
    assert notice.message == (
        f"案件 {number}：延期申请未获同意：档案可按期调取（wangwu，2026-11-10）；"
        "答复期限仍为 2026-11-30（条例第三十三条第二款）"
    )
    assert notices_for(SqlUnitOfWork(engine), ctx, "wangwu", on) == []
    # After the due date the overdue reply alert speaks instead.
    assert notices_for(SqlUnitOfWork(engine), ctx, "zhangsan", date(2026, 12, 1)) == []
    day = date(2026, 11, 12)
    actions.extend(SqlUnitOfWork(engine), at(ctx, day), number, days=5, reason="补充理由", on=day)
    assert notices_for(SqlUnitOfWork(engine), ctx, "zhangsan", day) == []  # a new request
