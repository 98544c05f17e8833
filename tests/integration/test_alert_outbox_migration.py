"""Revision 0022 (issue 18): the ledger's key becomes one 16-byte hash under the unique index,
and messages in flight move to ``alert_outbox``.  A ledger of 0021 with sent, failed and
interrupted (``sending``) rows upgrades with every row kept and recognised, its interrupted
rows settled as before by the next sweep; the downgrade puts a message in flight back as
``sending`` rows (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from alembic import command
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from casework.adapters.database import (
    HEAD_REVISION,
    alembic_config,
    current_revision,
    make_engine,
    upgrade,
)
from casework.adapters.orm_scheduling import ledger_key_hash
from casework.adapters.repository import SqlUnitOfWork
from casework.domain.alerts.model import Alert, AlertKind, AlertLevel, LedgerStatus
from casework.domain.alerts.routing import KEY_SEPARATOR, Delivery, Recipient, deliver
from casework.services.alert_ports import Claim
from casework.services.sweep_ledger import INTERRUPTED_ERROR, settle_interrupted
from tests.support.alerts import add_before_0022, ledger

NOON = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
LOG, MAIL = Recipient("zhangsan", "log"), Recipient("zhangsan", "email", "zs@example.gov.cn")


def _delivery(number: str, recipient: Recipient = LOG) -> Delivery:
    alert = Alert("demo", number, AlertKind.REPLY, AlertLevel.DUE_SOON, date(2026, 11, 24),
                  f"案件 {number}：答复期限", number, "zhangsan")  # fmt: skip
    return deliver(alert, recipient)


SENT, FAILED = _delivery("2026-0001"), _delivery("2026-0002")
LOG_SENDING, MAIL_SENDING = _delivery("2026-0003"), _delivery("2026-0003", MAIL)


def _raw(engine: Engine, sql: str) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.exec_driver_sql(sql).all()]


def _unsent_index(engine: Engine) -> str:
    sql = (
        "SELECT sql FROM sqlite_master WHERE name = 'ix_alerts_unsent'"
        if engine.dialect.name == "sqlite"
        else "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_alerts_unsent'"
    )
    [(definition,)] = _raw(engine, sql)
    return str(definition)


def test_0022_hashes_the_keys_moves_interrupted_rows_to_the_outbox_and_goes_back(
    database_url: str,
) -> None:
    engine = make_engine(database_url)
    upgrade(engine, "0021")
    add_before_0022(engine, [SENT], "sent", NOON, None)
    add_before_0022(engine, [FAILED], "failed", NOON, "连接被拒绝")
    add_before_0022(engine, [LOG_SENDING, MAIL_SENDING], "sending", NOON, None)
    assert " OR " not in _unsent_index(engine)
    upgrade(engine)
    assert current_revision(engine) == HEAD_REVISION
    assert " OR " in _unsent_index(engine)  # the same rows, the condition written with OR
    rows = ledger(engine)
    assert [r["key_hash"] for r in rows] == [
        ledger_key_hash(d.key) for d in (SENT, FAILED, LOG_SENDING, MAIL_SENDING)
    ]
    assert [(r["status"], r["attempts"]) for r in rows] == [
        ("sent", 1), ("failed", 1), ("sending", 1), ("sending", 1),
    ]  # fmt: skip
    with SqlUnitOfWork(engine) as uow:
        everything = [SENT, FAILED, LOG_SENDING, MAIL_SENDING]
        assert {k: r.status for k, r in uow.alerts.lookup(everything).items()} == {
            SENT.key: "sent", FAILED.key: "failed",
            LOG_SENDING.key: "sending", MAIL_SENDING.key: "sending",
        }  # fmt: skip
        assert sorted((m.channel, [r.key for r in m.rows]) for m in uow.alerts.in_flight()) == [
            ("email", [MAIL_SENDING.key]), ("log", [LOG_SENDING.key]),
        ]  # fmt: skip
        # The next sweep settles them as it settled interrupted rows before: the log line is
        # sent again, the e-mail is reported and kept.
        found = settle_interrupted(uow)
        uow.commit()
    assert found == {LedgerStatus.FAILED: [LOG_SENDING.key],
                     LedgerStatus.UNCERTAIN: [MAIL_SENDING.key]}  # fmt: skip
    assert [(r["status"], r["attempts"], r["last_error"]) for r in ledger(engine)][2:] == [
        ("failed", 1, INTERRUPTED_ERROR), ("uncertain", 1, None),
    ]  # fmt: skip
    later = NOON + timedelta(hours=1)
    with SqlUnitOfWork(engine) as uow:  # messages in flight when the database goes back
        handed, _waiting = uow.alerts.claim(
            [Claim(LOG, [_delivery("2026-0004")], [LOG_SENDING]),
             Claim(MAIL, [_delivery("2026-0005", MAIL)], [])], later
        )  # fmt: skip
        uow.alerts.hand_over(handed, later)
        uow.commit()
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0021")
    assert current_revision(engine) == "0021"
    assert "alert_outbox" not in inspect(engine).get_table_names()
    assert " OR " not in _unsent_index(engine)
    assert _raw(engine, "SELECT subject, channel, status, attempts FROM alerts ORDER BY id") == [
        ("2026-0001", "log", "sent", 1),
        ("2026-0002", "log", "failed", 1),
        ("2026-0003", "log", "sending", 1),  # tried once before, in flight again
        ("2026-0003", "email", "uncertain", 1),
        ("2026-0004", "log", "sending", 0),
        ("2026-0005", "email", "pending", 0),  # never handed over: certainly not sent
    ]
    upgrade(engine)  # and up again: the rows in flight are in the outbox once more
    with SqlUnitOfWork(engine) as uow:
        [message] = uow.alerts.in_flight()
    assert message.handed_at is not None
    assert sorted(row.key.split(KEY_SEPARATOR)[1] for row in message.rows) == [
        "2026-0003", "2026-0004",
    ]  # fmt: skip
    engine.dispose()
