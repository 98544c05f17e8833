"""Benchmark of ``casework verify --all``; run ``python bench/bench_verify.py [N]`` (default
20,000 cases of 6 events each).

Builds N cases in a temporary SQLite database with Core bulk inserts, each with a sealed
journal as the actions write it (registration, draft, approval, issue with a letter's sha256,
delivery, archive), then times the whole verification through the service (the chain stream,
every event's canonical JSON and sha256, the links, the anchored heads and the anchor chain
after one anchor) against a bare baseline on the same rows: one ``SELECT`` of the same columns
in chain order with the standard library's sqlite3 and a sha256 over each row's stored text.
Prints the timings and the ratio; no assertion.
"""

from __future__ import annotations

import hashlib
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import insert
from sqlalchemy.engine import Engine

from casework.adapters.database import ensure_schema, make_engine
from casework.adapters.orm import applicants, cases, events
from casework.adapters.repository import SqlUnitOfWork
from casework.domain.agency import AgencyProfile
from casework.domain.case.chain import ChainLink, seal
from casework.domain.case.decisions import CaseDecisions
from casework.services.context import ServiceContext
from casework.services.integrity import anchor, verify

BATCH = 5_000
SHANGHAI = ZoneInfo("Asia/Shanghai")
STAMP = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
STEPS = (
    ("register", None, "registered", {"applicant": {"name": "张三", "id_number": "1101**********002X"},
                                       "description": "2025年度部门预算及说明", "receipt": {"rule": "当日"}}),
    ("draft", "registered", "reviewing", {"outcome": "not_held", "facts": {"search_process": "检索了收发文登记簿"}}),
    ("approve", "reviewing", "approved", {"by": "lisi"}),
    ("issue", "approved", "replied", {"reply_number": "示发改信复〔2026〕1号",
                                      "documents": [{"kind": "reply", "sha256": "ab" * 32}]}),
    ("deliver", "replied", "delivered", {"method": "post", "tracking": "EMS1234567890CN"}),
    ("archive", "delivered", "archived", {}),
)  # fmt: skip
BARE = (
    "SELECT e.case_id, c.agency, c.number, e.seq, e.action, e.actor, e.recorded_at, "
    "e.effective_on, e.state_before, e.state_after, e.data, e.prev_hash, e.event_hash "
    "FROM cases c LEFT JOIN events e ON e.case_id = c.id ORDER BY c.id, e.seq"
)


def _journal(case_id: int, number: str) -> list[dict[str, object]]:
    rows, previous = [], None
    for seq, (action, before, after, data) in enumerate(STEPS, start=1):
        row = {
            "case_id": case_id, "seq": seq, "action": action, "actor": "zhangsan",
            "recorded_at": STAMP + timedelta(days=seq), "effective_on": date(2026, 4, seq),
            "state_before": before, "state_after": after, "data": data, "prev_hash": previous,
        }  # fmt: skip
        link = ChainLink(
            "demo", number, seq, action, "zhangsan", STAMP + timedelta(days=seq),
            date(2026, 4, seq), before, after, data, previous, None,
        )  # fmt: skip
        row["event_hash"] = previous = seal(link)
        rows.append(row)
    return rows


def build(engine: Engine, count: int) -> float:
    began = time.perf_counter()
    with engine.begin() as connection:
        for start in range(1, count + 1, BATCH):
            numbers = range(start, min(start + BATCH, count + 1))
            connection.execute(
                insert(applicants),
                [{"id": n, "name": f"申请人{n}", "applicant_type": "natural"} for n in numbers],
            )
            connection.execute(insert(cases), [_case(n) for n in numbers])
            journal = [row for n in numbers for row in _journal(n, f"2026-{n:06d}")]
            connection.execute(insert(events), journal)
    return time.perf_counter() - began


def _case(number: int) -> dict[str, object]:
    return {
        "id": number, "agency": "demo", "number": f"2026-{number:06d}", "year": 2026,
        "seq": number, "query_code": f"Q{number:09d}", "state": "archived",
        "workflow": "disclosure", "workflow_version": "5", "applicant_id": number,
        "channel": "in-person", "received_on": date(2026, 4, 1), "description": "预算",
        "receipt": {}, "facts": CaseDecisions(), "due_provisional": False, "handler": "bench",
        "created_at": STAMP, "updated_at": STAMP, "version": 1,
    }  # fmt: skip


def _best(func: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        func()
        times.append(time.perf_counter() - began)
    return min(times) if repeat < 5 else statistics.median(times)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        engine = make_engine(f"sqlite:///{path}")
        ensure_schema(engine)
        print(
            f"{count:,} cases, {count * len(STEPS):,} sealed events in {build(engine, count):.2f} s"
        )
        ctx = ServiceContext(
            actor="bench",
            now=datetime(2026, 7, 1, 8, 30, tzinfo=SHANGHAI),
            agencies={
                "demo": AgencyProfile(name="示例", doc_code="示", reconsideration_organ="示例")
            },
            default_agency="demo",
        )
        anchored = anchor(SqlUnitOfWork(engine), ctx, "demo", date(2026, 7, 1))
        print(f"one anchor of {anchored.cases:,} heads")

        def ours() -> object:
            report = verify(SqlUnitOfWork(engine), ctx, None, None, lambda _record: None)
            assert report.intact and report.events == count * len(STEPS)
            return report

        def bare() -> object:
            connection = sqlite3.connect(path)
            digests = [
                hashlib.sha256("|".join(map(str, row)).encode("utf-8")).hexdigest()
                for row in connection.execute(BARE)
            ]
            connection.close()
            return digests

        ours()  # warm the page cache and the statement cache
        bare()
        mine, baseline = _best(ours), _best(bare)
        print(f"verify --all (chains, anchored heads, anchors): {mine:.2f} s")
        print(f"bare SELECT + sha256 over the same rows:        {baseline:.2f} s")
        print(f"ratio: {mine / baseline:.1f}×")
        engine.dispose()


if __name__ == "__main__":
    main()
