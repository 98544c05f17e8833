"""Revision 0007: the case's decisions move from the flat dictionary of 0006 into the typed
layout of ``casework.domain.case.storage``, on SQLite and PostgreSQL, and back."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from alembic import command
from sqlalchemy import JSON, Column, MetaData, Table, select
from sqlalchemy.engine import Engine

from casework.adapters.database import (
    HEAD_REVISION,
    alembic_config,
    current_revision,
    make_engine,
    upgrade,
)
from casework.adapters.orm import applicants, cases
from casework.adapters.repository import SqlUnitOfWork
from casework.domain.case.decisions import (
    Approval,
    CaseDecisions,
    ClosedRound,
    Consultation,
    CorrectionRequest,
    Delivery,
    Draft,
    ReplyRound,
    Withdrawal,
)
from casework.domain.case.reopening import Reopening
from casework.domain.case.storage import decisions_from_json, decisions_to_json

STAMP = datetime(2026, 4, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
# The cases table as 0006 left it, with the facts read and written as plain JSON.
RAW = Table(
    "cases",
    MetaData(),
    *(Column(c.name, JSON if c.name == "facts" else c.type) for c in cases.c),
)

# What the actions of 0006 wrote: a reply replaced after a reconsideration decision …
REOPENED = {
    "corrections": [
        {
            "requested_on": "2026-04-03",
            "items": "请写明文件名称",
            "period_days": 15,
            "late": False,
            "late_reason": None,
            "deadline": "2026-04-13",
            "number": "示发改信补〔2026〕1号",
            "received_on": "2026-04-08",
        }
    ],
    "consultations": [
        {
            "party": "甲公司",
            "party_kind": "third-party",
            "sent_on": "2026-04-09",
            "party_received_on": None,
            "window_ends_on": "2026-04-30",
            "ended_on": "2026-04-15",
            "opinion": "object",
            "deemed_consent": False,
        }
    ],
    "draft": {
        "outcome": "disclose",
        "facts": {"reasons": "公共利益"},
        "drafter": "zhangsan",
        "drafted_on": "2026-06-25",
    },
    "reopening": {
        "reopened_on": "2026-06-23",
        "decision_received_on": "2026-06-22",
        "reply_days": 15,
        "reply_due_on": None,
        "basis": "示例市人民政府行政复议决定（2026-06-20）",
        "remedy": "行政复议（2026-05-10）",
    },
    "reopenings": [
        {
            "reopened_on": "2026-06-23",
            "decision_received_on": "2026-06-22",
            "reply_days": 15,
            "reply_due_on": None,
            "basis": "示例市人民政府行政复议决定（2026-06-20）",
            "remedy": "行政复议（2026-05-10）",
            "previous": {
                "draft": {
                    "outcome": "not_held",
                    "facts": {"search_process": "检索了收发文登记簿"},
                    "drafter": "zhangsan",
                    "drafted_on": "2026-04-20",
                },
                "approval": {"approved_on": "2026-04-21", "by": "lisi"},
                "issued_on": "2026-04-22",
                "concluded_on": "2026-04-22",
                "delivery": {
                    "method": "post",
                    "made_on": "2026-04-22",
                    "tracking": "EMS1234567890CN",
                    "signed_on": None,
                    "due_on": "2026-05-07",
                    "on_time": True,
                },
                "outcome": "not_held",
                "reply_number": "示发改信复〔2026〕1号",
            },
        }
    ],
    "last_action_on": "2026-06-25",
}
# … a withdrawal …
WITHDRAWN = {
    "withdrawal": {"on": "2026-04-10", "reason": "申请人已另行取得"},
    "draft": {
        "outcome": "other",
        "facts": {"facts": "申请人于2026年4月10日撤回申请", "reasons": "申请人已另行取得"},
        "drafter": "zhangsan",
        "drafted_on": "2026-04-10",
    },
    "concluded_on": "2026-04-10",
    "last_action_on": "2026-04-10",
}
# … and a case with nothing decided yet.
REGISTERED: dict[str, Any] = {}


def _insert(engine: Engine, number: str, facts: dict[str, Any]) -> None:
    with engine.begin() as connection:
        applicant = connection.execute(
            applicants.insert()
            .values(name="张三", applicant_type="natural", contact="", address="")
            .returning(applicants.c.id)
        ).scalar_one()
        connection.execute(
            RAW.insert().values(
                agency="demo",
                number=number,
                year=2026,
                seq=int(number[-4:]),
                query_code=f"Q{number[-4:]}",
                state="registered",
                workflow="disclosure",
                workflow_version="3",
                applicant_id=applicant,
                channel="in-person",
                received_on=date(2026, 4, 1),
                description="2025年度部门预算",
                receipt={},
                facts=facts,
                due_provisional=False,
                handler="zhangsan",
                created_at=STAMP,
                updated_at=STAMP,
                version=1,
            )
        )


def _raw_facts(engine: Engine) -> dict[str, Any]:
    with engine.connect() as connection:
        rows = connection.execute(select(RAW.c.number, RAW.c.facts).order_by(RAW.c.number))
        return {number: facts for number, facts in rows}


def _populated_0006(database_url: str) -> Engine:
    engine = make_engine(database_url)
    upgrade(engine, "0006")
    _insert(engine, "2026-0001", REOPENED)
    _insert(engine, "2026-0002", WITHDRAWN)
    _insert(engine, "2026-0003", REGISTERED)
    return engine


def _decisions(engine: Engine, number: str) -> CaseDecisions:
    with SqlUnitOfWork(engine) as uow:
        return uow.cases.find(number, "demo")[0].decisions


def test_decisions_written_before_revision_0007_are_read_as_typed_records_after_it(
    database_url: str,
) -> None:
    engine = _populated_0006(database_url)
    upgrade(engine)
    assert current_revision(engine) == HEAD_REVISION

    reopened = _decisions(engine, "2026-0001")
    assert reopened.corrections == (
        CorrectionRequest(
            requested_on=date(2026, 4, 3),
            items="请写明文件名称",
            period_days=15,
            deadline=date(2026, 4, 13),
            number="示发改信补〔2026〕1号",
            received_on=date(2026, 4, 8),
        ),
    )
    assert reopened.consultations == (
        Consultation(
            party="甲公司",
            party_kind="third-party",
            sent_on=date(2026, 4, 9),
            window_ends_on=date(2026, 4, 30),
            ended_on=date(2026, 4, 15),
            opinion="object",
            deemed_consent=False,
        ),
    )
    assert reopened.reply == ReplyRound(
        draft=Draft("disclose", "zhangsan", date(2026, 6, 25), {"reasons": "公共利益"})
    )
    reopening = Reopening(
        reopened_on=date(2026, 6, 23),
        decision_received_on=date(2026, 6, 22),
        basis="示例市人民政府行政复议决定（2026-06-20）",
        remedy="行政复议（2026-05-10）",
        reply_days=15,
    )
    first = ReplyRound(
        draft=Draft(
            "not_held", "zhangsan", date(2026, 4, 20), {"search_process": "检索了收发文登记簿"}
        ),
        approval=Approval(date(2026, 4, 21), "lisi"),
        issued_on=date(2026, 4, 22),
        concluded_on=date(2026, 4, 22),
        delivery=Delivery(
            method="post",
            made_on=date(2026, 4, 22),
            tracking="EMS1234567890CN",
            due_on=date(2026, 5, 7),
            on_time=True,
        ),
    )
    assert reopened.reopenings == (
        ClosedRound(reopening, first, "not_held", "示发改信复〔2026〕1号"),
    )
    assert reopened.reopening == reopening  # derived now, no longer stored twice
    assert reopened.last_action_on == date(2026, 6, 25)

    withdrawn = _decisions(engine, "2026-0002")
    assert withdrawn.withdrawal == Withdrawal(date(2026, 4, 10), "申请人已另行取得")
    assert withdrawn.reply.concluded_on == date(2026, 4, 10)
    assert withdrawn.draft is not None and withdrawn.draft.fact("reasons") == "申请人已另行取得"

    assert _decisions(engine, "2026-0003") == CaseDecisions()
    engine.dispose()


def test_the_stored_layout_is_the_serialisers_and_downgrades_to_the_flat_one(
    database_url: str,
) -> None:
    engine = _populated_0006(database_url)
    upgrade(engine)
    typed = _raw_facts(engine)
    for facts in typed.values():  # exactly what the serialiser writes and reads
        assert decisions_to_json(decisions_from_json(facts)) == facts
    assert set(typed["2026-0001"]) == {
        "corrections",
        "consultations",
        "reply",
        "reopenings",
        "last_action_on",
    }

    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0006")
    flat = _raw_facts(engine)
    assert flat["2026-0001"] == _without_none(REOPENED)
    assert flat["2026-0002"] == _without_none(WITHDRAWN)
    assert flat["2026-0003"] == {}

    upgrade(engine)
    assert _raw_facts(engine) == typed
    engine.dispose()


def _without_none(value: Any) -> Any:
    """0007 leaves absent values out; the readers of 0006 took a missing key for ``None``."""
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(item) for item in value]
    return value
