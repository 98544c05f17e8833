"""Benchmark of one alert sweep over 100,000 open cases; run ``python bench/bench_sweep.py``.

Builds the population with Core bulk inserts (engineering notes: ORM bulk 65k rows/s, Core
86k), then times, in the same run (no assertions):
- the bare SQL query that selects the cases an alert can concern (the same statement the sweep
  uses: a UNION of indexed ranges on the stored dates), fetched in full, best of twelve runs:
  half with Python's garbage collector on, half with it paused as the sweep pauses it;
- the daily sweep of that day, after the previous day's sweep: the query, the domain
  decisions, the ledger rows of the new deliveries, one message per recipient on a channel that
  discards them, the sweep log (goal: under 3x the bare query); also the previous day's sweep
  on an empty ledger (every alert new) and the same sweep run again (nothing left to send).
  A sweep that writes is timed three times, each on a fresh copy of the database in the same
  state (``Copies``), and the best run counts, as for the bare query.
Without an argument it runs on a temporary SQLite file and then on a temporary PostgreSQL
server it starts itself (Debian's binaries, as the test suite's: ``tests/support/postgres.py``,
``fsync`` off) and prints both ratios; with a PostgreSQL URL (of an empty database) as the first
argument it runs there only.
"""

from __future__ import annotations

import gc
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import insert, text
from sqlalchemy.engine import Engine

from casework.adapters.alert_candidates import candidate_statement
from casework.adapters.calendar_data import package_years
from casework.adapters.database import ensure_schema, make_engine
from casework.adapters.orm import applicants, cases
from casework.adapters.outcome_file import default_outcomes_path, load_outcomes
from casework.adapters.repository import SqlUnitOfWork
from casework.adapters.workflow_file import default_workflow_path, load_workflow
from casework.domain.agency import AgencyProfile, UserProfile
from casework.domain.alerts.model import AlertRules
from casework.domain.alerts.routing import Notice, Recipient, Routing
from casework.domain.calendar.working import WorkingCalendar
from casework.domain.case.storage import decisions_from_json
from casework.services.alerts import alert_query, with_workflow
from casework.services.context import ServiceContext
from casework.services.sweep import SweepReport, SweepSetup, run_sweep

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

N_CASES = 100_000
HANDLERS = 40
ON = date(2026, 11, 20)
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=SHANGHAI)
# Share of each open state; the clock-stopped states carry their window facts.
STATES = {
    "registered": 0.70,
    "reviewing": 0.06,
    "approved": 0.04,
    "correcting": 0.08,
    "consulting": 0.08,
    "awaiting_fee": 0.04,
}


class Discard:
    """A channel that accepts every message (the bench times the sweep, not a mail server)."""

    def __init__(self) -> None:
        self.messages = 0

    def send(self, recipient: Recipient, notice: Notice) -> None:
        self.messages += 1


def _context() -> ServiceContext:
    users = {f"clerk{i:02d}": UserProfile(name=f"经办人{i}") for i in range(HANDLERS)}
    users["head"] = UserProfile(name="负责人", roles=("head",))
    agency = AgencyProfile(
        name="示例市发展和改革委员会", doc_code="示发改", reconsideration_organ="示例市人民政府"
    )
    return ServiceContext(
        actor="bench",
        now=NOW,
        agencies={"demo": agency},
        default_agency="demo",
        builtin_calendar=package_years(),
        users=users,
        machine=load_workflow(default_workflow_path()),
        outcomes=load_outcomes(default_outcomes_path()),
    )


def _rows(calendar: WorkingCalendar, rng: np.random.Generator) -> list[dict[str, Any]]:
    """Running clocks received over the last 4 weeks (due from today on, about 1% overdue);
    stopped clocks whose windows end from today on (earlier ones lapsed on earlier sweeps)."""
    states = rng.choice(list(STATES), size=N_CASES, p=list(STATES.values()))
    back = rng.integers(1, 29, N_CASES)
    back[rng.random(N_CASES) < 0.01] += 30  # about 1% overdue
    received = np.datetime64(ON) - back.astype("timedelta64[D]")
    due = calendar.add_working_days_many(received, 20)
    # Windows end from today on: earlier ones have lapsed on earlier days' sweeps.
    windows = np.datetime64(ON) + rng.integers(0, 42, N_CASES).astype("timedelta64[D]")
    notices = np.datetime64(ON) - rng.integers(0, 19, N_CASES).astype("timedelta64[D]")
    stamp = datetime(2026, 11, 1, tzinfo=UTC)
    rows = []
    for i in range(N_CASES):
        state = str(states[i])
        got = received[i].astype(date)
        reply_due: date | None = due[i].astype(date)
        window: date = windows[i].astype(date)
        facts: dict[str, Any] = {}
        notice: date = notices[i].astype(date)
        if state == "correcting":
            facts["corrections"] = [{"requested_on": notice.isoformat(), "period_days": 15}]
        elif state == "consulting":
            facts["consultations"] = [
                {"party": "甲公司", "party_kind": "third-party", "sent_on": got.isoformat(),
                 "window_ends_on": window.isoformat()}
            ]  # fmt: skip
        elif state == "awaiting_fee":
            facts["fee"] = {"notified_on": notice.isoformat(), "amount": "200"}
        stopped = state in ("correcting", "consulting", "awaiting_fee")
        if stopped:
            reply_due = None
            if state != "consulting":
                window = calendar.add_working_days(notice, 15 if state == "correcting" else 20)
        rows.append(
            {
                "agency": "demo",
                "number": f"2026-{i + 1:06d}",
                "year": 2026,
                "seq": i + 1,
                "query_code": f"Q{i:09d}",
                "state": state,
                "workflow": "disclosure",
                "workflow_version": "1",
                "applicant_id": 1,
                "channel": "in-person",
                "received_on": got,
                "description": "基准测试",
                "receipt": {},
                "facts": decisions_from_json(facts),
                "reply_due_on": reply_due,
                "next_deadline_on": window if stopped else reply_due,
                "next_deadline_kind": state if stopped else "reply",
                "clock_status": "stopped" if stopped else "running",
                "due_provisional": False,
                "handler": f"clerk{i % HANDLERS:02d}",
                "created_at": stamp,
                "updated_at": stamp,
                "version": 1,
            }
        )
    return rows


def _sqlite_outside_transaction(engine: Engine, *statements: str) -> None:
    """Run ``statements`` on a raw connection: the engine begins every transaction IMMEDIATE,
    and neither ANALYZE's statistics nor a WAL checkpoint belong in one."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for statement in statements:
            cursor.execute(statement)
    finally:
        raw.close()


def populate(engine: Engine, calendar: WorkingCalendar) -> float:
    began = time.perf_counter()
    rows = _rows(calendar, np.random.default_rng(2026))
    with engine.begin() as connection:
        connection.execute(
            insert(applicants), [{"id": 1, "name": "张三", "applicant_type": "natural"}]
        )
        for start in range(0, len(rows), 5000):
            connection.execute(insert(cases), rows[start : start + 5000])
    if engine.dialect.name == "sqlite":
        # Statistics for the planner, and the bulk load moved out of the WAL before timing.
        _sqlite_outside_transaction(engine, "ANALYZE", "PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    return time.perf_counter() - began


def _best(func: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        func()
        times.append(time.perf_counter() - began)
    return min(times)


class Copies:
    """Copies of the bench database as it stands, so that a sweep that changes it can be timed
    several times from the same state: a file copy on SQLite, ``CREATE DATABASE … TEMPLATE``
    on PostgreSQL.  A copy starts cold; ``_warm`` reads it in before a sweep is timed."""

    def __init__(self, engine: Engine, tag: str) -> None:
        self.url, self.tag = engine.url, tag
        self.made: list[str] = []
        engine.dispose()
        if engine.dialect.name == "sqlite":
            _sqlite_outside_transaction(engine, "PRAGMA wal_checkpoint(TRUNCATE)")
            engine.dispose()
            self.kept = f"{engine.url.database}.{tag}"
            shutil.copyfile(str(engine.url.database), self.kept)
        else:
            self.kept = f"{engine.url.database}_{tag}"
            self._admin(f"CREATE DATABASE {self.kept} TEMPLATE {engine.url.database}")

    def _admin(self, statement: str) -> None:
        admin = make_engine(self.url.set(database="postgres").render_as_string(False))
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql(statement)
        admin.dispose()

    def fresh(self) -> Engine:
        """An engine on a new copy of the kept state."""
        name = f"{self.tag}_copy{len(self.made)}"
        self.made.append(name)
        if self.url.get_backend_name() == "sqlite":
            target = str(Path(self.kept).with_name(f"{name}.db"))
            shutil.copyfile(self.kept, target)
            return make_engine(self.url.set(database=target).render_as_string(False))
        database = f"{self.url.database}_{name}"
        self._admin(f"CREATE DATABASE {database} TEMPLATE {self.kept}")
        return make_engine(self.url.set(database=database).render_as_string(False))

    def drop(self) -> None:
        if self.url.get_backend_name() == "postgresql":
            for name in self.made:
                self._admin(f"DROP DATABASE {self.url.database}_{name}")
            self._admin(f"DROP DATABASE {self.kept}")


def _warm(database: Engine, statement: Any) -> None:
    """Warm a fresh copy, as the bare query is timed warm: the copy's first reading of the
    cases and the ledger would otherwise be charged to the sweep."""
    with database.connect() as connection:
        if database.dialect.name == "postgresql":
            connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
            connection.exec_driver_sql(
                "SELECT pg_prewarm(oid::regclass) FROM pg_class "
                "WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'i')"
            )
            connection.commit()
        connection.execute(statement).all()


def _report(
    bare: tuple[float, float],
    first: tuple[float, SweepReport],
    daily: tuple[float, SweepReport],
    again: float,
) -> float:
    """Print the figures; the daily sweep's ratio (the issue's measure)."""
    t_bare = min(bare)
    print(
        f"bare query: {t_bare * 1e3:.1f} ms (best of 6 each: garbage collector on "
        f"{bare[0] * 1e3:.1f} ms, paused {bare[1] * 1e3:.1f} ms)"
    )
    print(
        f"sweep of {ON - timedelta(days=1)} on an empty ledger: {first[1].counts()}: "
        f"{first[0] * 1e3:.1f} ms, ratio {first[0] / t_bare:.2f}x"
    )
    print(
        f"daily sweep of {ON} (yesterday's alerts already sent): {daily[1].counts()}: "
        f"{daily[0] * 1e3:.1f} ms, ratio {daily[0] / t_bare:.2f}x the bare query (goal <= 2x)"
    )
    print(
        f"the same sweep again (everything sent): {again * 1e3:.1f} ms, ratio {again / t_bare:.2f}x"
    )
    return daily[0] / t_bare


def bench(url: str) -> float:
    """The whole bench on the empty database at ``url``; the daily sweep's ratio."""
    engine = make_engine(url)
    ensure_schema(engine)
    ctx = _context()
    calendar = WorkingCalendar(package_years())
    print(
        f"{N_CASES:,} open cases inserted (Core) in {populate(engine, calendar):.2f} s ({engine.dialect.name})"
    )
    rules = with_workflow(AlertRules(), ctx)
    query = alert_query(ctx, rules, ON, ("demo",), {"demo": calendar})
    statement = candidate_statement(query)

    def bare() -> int:
        with engine.connect() as connection:
            return len(connection.execute(statement).all())

    def bare_collector_paused() -> int:
        # The sweep pauses Python's cyclic garbage collector (``services.sweep``); so does this
        # baseline, and the ratios are taken against the faster of the two.
        gc.disable()
        try:
            return bare()
        finally:
            gc.enable()

    candidates = bare()
    t_plain, t_paused = _best(bare, 3), _best(bare_collector_paused, 3)
    channel = Discard()
    setup = SweepSetup(
        rules=AlertRules(),
        routing=Routing(ctx.users, log=True),
        notifiers={"log": channel},
        holder="bench",
    )

    def sweep(on: date, database: Engine) -> SweepReport:
        moment = datetime(on.year, on.month, on.day, 9, tzinfo=SHANGHAI)
        return run_sweep(lambda: SqlUnitOfWork(database), replace(ctx, now=moment), setup)

    def timed(on: date, copies: Copies) -> tuple[float, SweepReport]:
        """The best of three sweeps of ``on``, each on a fresh copy of the kept state."""
        runs = []
        for _ in range(3):
            database = copies.fresh()
            _warm(database, statement)
            began = time.perf_counter()
            report = sweep(on, database)
            runs.append((time.perf_counter() - began, report))
            database.dispose()
        return min(runs, key=lambda run: run[0])

    yesterday, before = ON - timedelta(days=1), Copies(engine, "before")
    t_first, first = timed(yesterday, before)
    sweep(yesterday, engine)
    after_yesterday = Copies(engine, "after")
    t_daily, today = timed(ON, after_yesterday)
    sweep(ON, engine)
    t_again = _best(lambda: sweep(ON, engine), 3)
    t_plain = min(t_plain, _best(bare, 3))
    t_paused = min(t_paused, _best(bare_collector_paused, 3))
    print(f"bare query: {candidates:,} candidate cases")
    ratio = _report((t_plain, t_paused), (t_first, first), (t_daily, today), t_again)
    print(f"messages handed to the channel over all the runs above: {channel.messages}")
    engine.dispose()
    before.drop()
    after_yesterday.drop()
    return ratio


def main() -> None:
    if len(sys.argv) > 1:
        bench(sys.argv[1])
        return
    from tests.support.postgres import start_postgres

    workdir = Path(tempfile.mkdtemp(prefix="bench_sweep_"))
    print("== SQLite")
    ratios = {"SQLite": bench(f"sqlite:///{workdir / 'casework.db'}")}
    print("== PostgreSQL (a temporary server on 127.0.0.1, fsync off)")
    with start_postgres(workdir) as server:
        ratios["PostgreSQL"] = bench(server.url)
    shutil.rmtree(workdir, ignore_errors=True)
    print(
        "daily sweep vs the bare query (goal <= 2x): "
        + ", ".join(f"{name} {ratio:.2f}x" for name, ratio in ratios.items())
    )


if __name__ == "__main__":
    main()
