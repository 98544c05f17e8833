"""The alert ledger and the sweep lease on both engines, and two scheduler daemons on one
PostgreSQL database sending each alert once."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from casework.adapters.alert_candidates import candidate_ids
from casework.adapters.database import (
    HEAD_REVISION,
    current_revision,
    ensure_schema,
    make_engine,
    upgrade,
)
from casework.adapters.orm_scheduling import alerts
from casework.adapters.repository import SqlUnitOfWork
from casework.bootstrap import bootstrap
from casework.domain.alerts.model import Alert, AlertKind, AlertLevel
from casework.domain.alerts.routing import Delivery, Recipient, deliver
from casework.services.alert_ports import Claim
from casework.services.ports import AlertQuery
from tests.support.alerts import (
    SHANGHAI,
    add_before_0022,
    ledger,
    moment,
    new_case,
    write_alert_home,
)
from tests.support.daemons import DaemonProcess, shanghai_times_from_now

NOON = datetime(2026, 11, 20, 12, 0, tzinfo=SHANGHAI)


def delivery(
    level: AlertLevel = AlertLevel.DUE_SOON, due_on: date = date(2026, 11, 24)
) -> Delivery:
    alert = Alert(
        "demo",
        "2026-0001",
        AlertKind.REPLY,
        level,
        due_on,
        "案件 2026-0001：答复期限",
        "2026-0001",
        "zhangsan",
    )
    return deliver(alert, Recipient("zhangsan", "log"))


def test_the_ledger_keeps_one_row_per_delivery_key(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        uow.alerts.add([delivery()], "sent", NOON, None)
        uow.alerts.add([delivery(), delivery(AlertLevel.DUE_TODAY)], "pending", NOON, None)
        uow.commit()
    rows = ledger(engine)
    assert [(r["level"], r["status"], r["attempts"]) for r in rows] == [
        ("due_soon", "sent", 1),
        ("due_today", "pending", 0),
    ]
    # Every column as written (on PostgreSQL through a binary COPY, then, for the batch with a
    # row already in the ledger, row by row).
    assert [(r["first_seen_at"], r["sent_at"], r["last_error"]) for r in rows] == [
        (NOON, NOON, None),
        (NOON, None, None),
    ]
    assert (
        rows[0]["due_on"] == date(2026, 11, 24) and rows[0]["message"] == delivery().alert.message
    )
    assert (rows[0]["agency"], rows[0]["subject"], rows[0]["recipient"], rows[0]["channel"]) == (
        "demo", "2026-0001", "zhangsan", "log",
    )  # fmt: skip
    with SqlUnitOfWork(engine) as uow:
        found = uow.alerts.lookup([delivery(), delivery(AlertLevel.OVERDUE)])
        unsent = uow.alerts.unsent()
    assert list(found) == [delivery().key]
    assert found[delivery().key].status == "sent"
    assert [row.key for row in unsent] == [delivery(AlertLevel.DUE_TODAY).key]


def test_the_lease_has_one_holder_until_it_is_released_or_goes_stale(engine: Engine) -> None:
    def acquire(holder: str, at: datetime) -> bool:
        with SqlUnitOfWork(engine) as uow:
            got = uow.alerts.acquire_lease("alert-sweep", holder, at, 600)
            uow.commit()
        return got

    assert acquire("a", NOON)
    assert not acquire("b", NOON + timedelta(minutes=5))
    assert acquire("a", NOON + timedelta(minutes=5))  # the holder renews
    with SqlUnitOfWork(engine) as uow:
        uow.alerts.release_lease("alert-sweep", "a", NOON + timedelta(minutes=6))
        uow.commit()
    assert acquire("b", NOON + timedelta(minutes=6))
    assert acquire("c", NOON + timedelta(minutes=16, seconds=1))  # b never renewed: stale


def test_two_sweepers_asking_at_once_get_the_lease_once(engine: Engine) -> None:
    barrier = threading.Barrier(6)
    results: list[bool] = []

    def contend(holder: str) -> None:
        barrier.wait()
        with SqlUnitOfWork(engine) as uow:
            got = uow.alerts.acquire_lease("alert-sweep", holder, NOON, 600)
            uow.commit()
        results.append(got)

    threads = [threading.Thread(target=contend, args=(f"worker{i}",)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 5 + [True]


def test_the_candidate_query_reads_the_stored_dates_through_their_indexes(tmp_path: Path) -> None:
    # SQLite's plan (the embedded default); PostgreSQL's planner decides by its statistics.
    engine = make_engine(f"sqlite:///{tmp_path / 'plan.db'}")
    ensure_schema(engine)
    query = AlertQuery(
        agencies=("demo",),
        reply_states=("registered", "replied"),
        window_states=("correcting",),
        horizon_on=date(2026, 11, 27),
        received_since=date(2026, 11, 10),
        provisional_from=date(2027, 1, 1),
        open_states=("registered",),
    )
    statement = candidate_ids(query).compile(engine, compile_kwargs={"literal_binds": True})
    with engine.connect() as connection:
        plan = "\n".join(
            str(row[-1]) for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}")
        )
    assert "ix_cases_state_reply_due_on" in plan and "ix_cases_state_next_deadline_on" in plan
    assert "SCAN cases" not in plan
    engine.dispose()


def test_ledger_rows_made_before_migration_0006_are_kept_and_still_recognised(
    database_url: str,
) -> None:
    # 0006 rebuilt the ledger's unique key (led by the due date) and its status index.
    engine = make_engine(database_url)
    upgrade(engine, "0005")
    add_before_0022(engine, [delivery()], "sent", NOON, None)
    add_before_0022(engine, [delivery(AlertLevel.DUE_TODAY)], "failed", NOON, "连接被拒绝")
    upgrade(engine)
    assert current_revision(engine) == HEAD_REVISION
    with SqlUnitOfWork(engine) as uow:
        uow.alerts.add([delivery(), delivery(AlertLevel.OVERDUE)], "pending", NOON, None)
        found = uow.alerts.lookup([delivery(), delivery(AlertLevel.DUE_TODAY)])
        unsent = uow.alerts.unsent()
        uow.commit()
    assert {key: row.status for key, row in found.items()} == {
        delivery().key: "sent",
        delivery(AlertLevel.DUE_TODAY).key: "failed",
    }
    assert [row.key for row in unsent] == [
        delivery(AlertLevel.DUE_TODAY).key,
        delivery(AlertLevel.OVERDUE).key,
    ]
    assert [(r["level"], r["status"]) for r in ledger(engine)] == [
        ("due_soon", "sent"),
        ("due_today", "failed"),
        ("overdue", "pending"),
    ]
    engine.dispose()


def test_the_sweep_reads_the_ledger_through_its_indexes(tmp_path: Path) -> None:
    # SQLite's plan: the lookup by due date uses its index, the unsent rows their partial
    # index (the query repeats the index's condition literally for that).
    engine = make_engine(f"sqlite:///{tmp_path / 'plan.db'}")
    ensure_schema(engine)
    with SqlUnitOfWork(engine) as uow:
        statements = capture_statements(engine, uow, [delivery()])
    plans = []
    with engine.connect() as connection:
        for statement, parameters in statements:
            rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            plans.append(" ".join(str(row[-1]) for row in rows))
    [lookup] = [
        plan for plan, (sql, _) in zip(plans, statements, strict=True) if "due_on IN" in sql
    ]
    [unsent] = [
        plan for plan, (sql, _) in zip(plans, statements, strict=True) if "status = " in sql
    ]
    assert "USING INDEX ix_alerts_due_on (due_on=?)" in lookup, lookup
    assert "USING INDEX ix_alerts_unsent" in unsent, unsent
    engine.dispose()


def capture_statements(
    engine: Engine, uow: SqlUnitOfWork, deliveries: list[Delivery]
) -> list[tuple[str, Any]]:
    """The SELECTs (with their parameters) of the ledger's lookup and unsent queries (and of
    the outbox, read by both)."""
    seen: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        uow.alerts.lookup(deliveries)
        uow.alerts.unsent()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


@pytest.fixture
def robot() -> Iterator[tuple[list[tuple[str, dict[str, Any]]], int]]:
    received: list[tuple[str, dict[str, Any]]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            received.append((self.path, json.loads(self.rfile.read(length))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield received, server.server_address[1]
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.mark.postgres
@pytest.mark.slow
def test_two_daemons_on_one_postgresql_database_send_each_alert_once(
    tmp_path: Path,
    postgres_url: str,
    robot: tuple[list[tuple[str, dict[str, Any]]], int],
    request: pytest.FixtureRequest,
) -> None:
    received, port = robot
    # The cron follows the real clock: a sweep time that passes before a daemon has started
    # never fires, so leave room for the case set-up and two start-ups on a loaded machine
    # (20 s was too little at a load of 9 on two cores: a daemon started after the first time).
    times = shanghai_times_from_now(35, 38, 41)
    homes = [
        write_alert_home(
            tmp_path / name,
            postgres_url,
            alerts={"sweep_times": json.dumps(times)},
            users={"zhangsan": f'webhook = "http://127.0.0.1:{port}/zhangsan"'},
            extra=f'\n[[alerts.webhooks]]\nagency = "demo"\nkind = "generic"\nurl = "http://127.0.0.1:{port}/office"\n',
        )
        for name in ("host-a", "host-b")
    ]
    app = bootstrap(homes[0], user="zhangsan")
    request.addfinalizer(app.close)  # a failure must not leave a connection open for later tests
    for received_on in (date(2026, 10, 22), date(2026, 10, 23), date(2026, 10, 26)):
        new_case(app.engine, app.context(moment(received_on)), received_on)
    with (
        DaemonProcess(homes[0], now="2026-11-20T09:30:00+08:00") as first,
        DaemonProcess(homes[1], now="2026-11-20T09:30:00+08:00") as second,
    ):
        for daemon in (first, second):
            daemon.wait_for("定时扫描", count=3, timeout=120)
        codes = [first.terminate()[0], second.terminate()[0]]
    assert codes == [0, 0], first.output + "\n" + second.output
    assert sorted(path for path, _ in received) == ["/office", "/zhangsan"]
    personal = dict(received)["/zhangsan"]
    assert personal["title"] == "政府信息公开期限提醒（3 项）"
    rows = ledger(app.engine)
    assert {(r["status"], r["attempts"]) for r in rows} == {("sent", 1)}
    with app.engine.connect() as connection:
        keys = connection.execute(select(alerts.c.subject, alerts.c.level, alerts.c.channel)).all()
    assert len(keys) == len(set(keys))


def test_a_ledger_populated_before_migration_0009_is_kept_and_settles_sending_rows(
    database_url: str,
) -> None:
    # 0009 puts ``sending`` rows into the partial index of unsent rows (issue 14).
    engine = make_engine(database_url)
    upgrade(engine, "0006")
    add_before_0022(engine, [delivery()], "sent", NOON, None)
    add_before_0022(engine, [delivery(AlertLevel.DUE_TODAY)], "failed", NOON, "连接被拒绝")
    add_before_0022(engine, [delivery(AlertLevel.OVERDUE)], "pending", NOON, None)
    upgrade(engine)
    assert current_revision(engine) == HEAD_REVISION
    later = NOON + timedelta(hours=1)
    retried = [delivery(AlertLevel.DUE_TODAY), delivery(AlertLevel.OVERDUE)]
    with SqlUnitOfWork(engine) as uow:
        assert {row.status for row in uow.alerts.unsent()} == {"failed", "pending"}
        [message] = uow.alerts.claim([Claim(retried[0].recipient, [], retried)], later)
        uow.alerts.hand_over(message, later)
        assert {row.status for row in uow.alerts.unsent()} == {"sending"}
        uow.alerts.settle(message, "sent", None)
        assert uow.alerts.unsent() == []
        uow.commit()
    assert [(r["level"], r["status"], r["attempts"], r["sent_at"]) for r in ledger(engine)] == [
        ("due_soon", "sent", 1, NOON),
        ("due_today", "sent", 2, later),
        ("overdue", "sent", 1, later),
    ]
    engine.dispose()


def test_downgrading_0009_keeps_interrupted_e_mails_from_being_resent(database_url: str) -> None:
    from alembic import command

    from casework.adapters.database import alembic_config

    engine = make_engine(database_url)
    ensure_schema(engine)
    mail = deliver(delivery().alert, Recipient("zhangsan", "email", "zhangsan@example.gov.cn"))
    with SqlUnitOfWork(engine) as uow:
        [message] = uow.alerts.claim([Claim(delivery().recipient, [delivery()], [])], NOON)
        uow.alerts.hand_over(message, NOON)  # in flight
        uow.alerts.add([mail], "uncertain", NOON, None)
        uow.commit()
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0006")
    # The older sweep resends anything not ``sent``: the log line may go again, the e-mail not.
    with engine.connect() as connection:  # the ledger of 0006 (no key hash, no outbox)
        rows = connection.exec_driver_sql("SELECT channel, status FROM alerts ORDER BY id").all()
    assert [tuple(row) for row in rows] == [
        ("log", "failed"),
        ("email", "sent"),
    ]
    upgrade(engine)
    engine.dispose()


def test_settling_a_sent_message_writes_no_ledger_row_and_a_failed_one_finds_them_by_key(
    tmp_path: Path,
) -> None:
    # Revision 0022: a sent message is settled by deleting its outbox row alone; a failed one
    # updates its rows through the unique index of their key hashes.
    engine = make_engine(f"sqlite:///{tmp_path / 'plan.db'}")
    ensure_schema(engine)
    seen: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
        if statement.lstrip().upper().startswith(("UPDATE", "DELETE", "INSERT")):
            seen.append((statement, parameters))

    overdue = delivery(AlertLevel.OVERDUE)
    with SqlUnitOfWork(engine) as uow:
        claims = [
            Claim(delivery().recipient, [delivery()], []),
            Claim(overdue.recipient, [overdue], []),
        ]
        sent, failed = uow.alerts.claim(claims, NOON)
        uow.commit()
    event.listen(engine, "before_cursor_execute", record)
    with SqlUnitOfWork(engine) as uow:
        uow.alerts.settle(sent, "sent", None)
        uow.commit()
    [(statement, _)] = seen
    assert statement.startswith("DELETE FROM alert_outbox"), statement
    seen.clear()
    with SqlUnitOfWork(engine) as uow:
        uow.alerts.settle(failed, "failed", "连接被拒绝")
        uow.commit()
    event.remove(engine, "before_cursor_execute", record)
    [(update, parameters), (removal, _)] = seen
    assert update.startswith("UPDATE alerts") and removal.startswith("DELETE FROM alert_outbox")
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {update}", parameters)
        plan = " ".join(str(row[-1]) for row in rows)
    assert "USING INDEX sqlite_autoindex_alerts_1 (key_hash=?)" in plan, plan
    assert [(r["level"], r["status"], r["attempts"], r["sent_at"], r["last_error"])
            for r in ledger(engine)] == [
        ("due_soon", "sent", 1, NOON, None),
        ("overdue", "failed", 1, None, "连接被拒绝"),
    ]  # fmt: skip
    engine.dispose()
