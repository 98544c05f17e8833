"""Revision 0017 on SQLite and PostgreSQL: identity numbers copied into the journal are
masked, then every existing event is chained in seq order (the chain starts at this
revision), the append-only triggers are back, and the anchor tables come and go."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from alembic import command
from sqlalchemy import inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from casework.adapters.database import (
    HEAD_REVISION,
    alembic_config,
    current_revision,
    make_engine,
    upgrade,
)
from casework.adapters.orm import applicants, events
from casework.adapters.repository import SqlUnitOfWork
from casework.services.integrity import verify

STAMP = datetime(2026, 4, 1, 9, 0, 0, 123456, tzinfo=ZoneInfo("Asia/Shanghai"))
FULL = "11010519491231002X"
MASKED = "1101**********002X"
# Event columns as revision 0012 left them (no hashes yet).
OLD_EVENT_COLUMNS = (
    "case_id", "seq", "action", "actor", "recorded_at", "effective_on",
    "state_before", "state_after", "data",
)  # fmt: skip


def _insert_case(engine: Engine, number: str, journal: list[dict[str, Any]]) -> None:
    with engine.begin() as connection:
        applicant = connection.execute(
            applicants.insert()
            .values(
                name="张三", applicant_type="natural", id_type="resident-id", id_number=FULL,
                contact="", address="",
            )
            .returning(applicants.c.id)
        ).scalar_one()  # fmt: skip
        case_id = connection.execute(
            text(
                "INSERT INTO cases (agency, number, year, seq, query_code, state, workflow, "
                "workflow_version, applicant_id, channel, received_on, description, receipt, "
                "facts, due_provisional, handler, created_at, updated_at, version) VALUES "
                "('demo', :number, 2026, :seq, :code, 'registered', 'disclosure', '5', :a, "
                "'in-person', '2026-04-01', '2025年度部门预算', '{}', '{}', false, 'zhangsan', "
                ":at, :at, 1) RETURNING id"
            ),
            {"number": number, "seq": int(number[-4:]), "code": f"Q{number[-4:]}", "a": applicant,
             "at": STAMP},
        ).scalar_one()  # fmt: skip
        for seq, entry in enumerate(journal, start=1):
            values = {
                "case_id": case_id, "seq": seq, "actor": "zhangsan", "recorded_at": STAMP,
                "effective_on": date(2026, 4, seq), "state_before": None,
                "state_after": "registered", **entry,
            }  # fmt: skip
            connection.execute(events.insert().values(**values))


REGISTRATION = {
    "action": "register",
    "data": {"applicant": {"name": "张三", "id_type": "resident-id", "id_number": FULL},
             "number": "2026-0001", "received_on": "2026-04-01"},
}  # fmt: skip
AMENDMENT = {
    "action": "amend",
    "data": {"reason": "证件号码录入错误",
             "changes": {"id_number": {"before": "1101**********0000", "after": MASKED}}},
}  # fmt: skip
HANDOFF = {"action": "assign", "data": {"kind": "转办", "from": "zhangsan", "to": "lisi"}}


def _populated_0012(database_url: str) -> Engine:
    engine = make_engine(database_url)
    upgrade(engine, "0012")
    _insert_case(engine, "2026-0001", [REGISTRATION, AMENDMENT, HANDOFF])
    _insert_case(engine, "2026-0002", [REGISTRATION])
    return engine


def _journal(engine: Engine) -> list[Any]:
    with engine.connect() as connection:
        return list(connection.execute(select(events).order_by(events.c.case_id, events.c.seq)))


def _verified(engine: Engine, tmp_path: Path) -> Any:
    from tests.integration.test_storage import context

    return verify(SqlUnitOfWork(engine), context(tmp_path), None, None, lambda _doc: None)


def test_revision_0017_masks_identity_numbers_then_chains_every_event(
    database_url: str, tmp_path: Path
) -> None:
    engine = _populated_0012(database_url)
    upgrade(engine)
    assert current_revision(engine) == HEAD_REVISION
    journal = _journal(engine)
    assert journal[0].data["applicant"]["id_number"] == MASKED
    assert journal[1].data == AMENDMENT["data"]  # already masked: unchanged
    assert [row.prev_hash for row in journal] == [
        None, journal[0].event_hash, journal[1].event_hash, None,
    ]  # fmt: skip
    assert all(len(row.event_hash) == 64 for row in journal)
    # the number is still held once, in full, by the applicant record
    with engine.connect() as connection:
        assert connection.execute(select(applicants.c.id_number)).scalars().all() == [FULL] * 2
    report = _verified(engine, tmp_path)
    assert (report.intact, report.cases, report.events) == (True, 2, 4)
    for statement in ("UPDATE events SET actor = 'x'", "DELETE FROM events"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    engine.dispose()


def test_revision_0017_downgrades_and_upgrades_again(database_url: str, tmp_path: Path) -> None:
    engine = _populated_0012(database_url)
    upgrade(engine)
    sealed = [row.event_hash for row in _journal(engine)]
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0012")
    assert current_revision(engine) == "0012"
    tables = set(inspect(engine).get_table_names())
    assert not {"agency_anchors", "anchor_heads"} & tables
    assert {c["name"] for c in inspect(engine).get_columns("events")} == {"id", *OLD_EVENT_COLUMNS}
    # the journal is append-only again after the downgrade's rebuild of the table
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(text("DELETE FROM events"))
    upgrade(engine)
    assert [row.event_hash for row in _journal(engine)] == sealed  # the same content, sealed alike
    assert _verified(engine, tmp_path).intact
    engine.dispose()
