"""Benchmark of ``casework search``; run ``python bench/bench_search.py [N] [DATABASE_URL]``.

Builds N cases (default 200,000; the issue's scale is 1,000,000) with Chinese descriptions
drawn from an agency's usual subjects, in a temporary SQLite database (or the empty database
at DATABASE_URL, e.g. a PostgreSQL one) through Core bulk inserts, then times, through the
service's own SQL (``casework.adapters.case_search``):

- a rare and a frequent word of four characters through the trigram index (FTS5 trigram /
  pg_trgm GIN);
- a two-character word (below a trigram): the LIKE fallback, alone and within one year;
- an exact identity number;

each against the bare baseline of the same engine, a ``LIKE '%word%'`` over every row
(``search_text``), measured in the same run.  Prints medians and ratios; no assertion.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text
from sqlalchemy.engine import Engine

from casework.adapters.case_search import search_statement
from casework.adapters.database import ensure_schema, make_engine
from casework.adapters.orm import applicants, cases, start_mappers
from casework.domain.case.decisions import CaseDecisions
from casework.domain.case.search import CaseSearch, search_text

BATCH = 20_000
STAMP = datetime(2026, 12, 1, tzinfo=UTC)
PLACES = ["东城区", "西湖路", "滨江新区", "北苑街道", "高新区", "南山镇", "人民广场", "老城片区"]
SUBJECTS = [
    "部门预算及说明", "部门决算", "三公经费", "绿化养护合同", "道路改造工程招标文件",
    "房屋征收补偿方案", "建设工程规划许可证", "环境影响评价报告", "拆迁安置协议",
    "行政处罚决定书", "会议纪要", "城市更新项目立项批复", "土地出让合同", "污水处理厂验收报告",
]  # fmt: skip
NEEDLE = "绿化养护"  # in one description of fourteen: a frequent word
RARE = "电梯加装"  # in one case of 10,000: what a clerk usually looks for
RARE_EVERY = 10_000
SHORT = "纪要"


def _rows(start: int, count: int, rng: random.Random) -> tuple[list[dict[str, object]], ...]:
    people, records = [], []
    for number in range(start, start + count):
        received = date(2020, 1, 1) + timedelta(days=rng.randrange(7 * 365))
        subject = f"滨江花园小区{RARE}方案" if number % RARE_EVERY == 0 else rng.choice(SUBJECTS)
        description = f"{rng.randrange(2015, 2027)}年{rng.choice(PLACES)}{subject}"
        name = f"申请人{number}"
        people.append(
            {"id": number, "name": name, "applicant_type": "natural", "id_type": "other",
             "id_number": f"P{number:09d}", "contact": "", "address": ""}
        )  # fmt: skip
        records.append(
            {"id": number, "agency": "demo", "number": f"{received.year}-{number:07d}",
             "year": received.year, "seq": number, "query_code": f"Q{number:09d}",
             "state": "registered", "workflow": "disclosure", "workflow_version": "5",
             "applicant_id": number, "channel": "in-person", "received_on": received,
             "description": description, "receipt": {}, "facts": CaseDecisions(),
             "due_provisional": False, "handler": "bench", "created_at": STAMP,
             "updated_at": STAMP, "version": 1, "search_text": search_text(name, description, None, {})}
        )  # fmt: skip
    return people, records


def build(engine: Engine, total: int) -> float:
    rng = random.Random(17)
    started = time.perf_counter()
    for start in range(1, total + 1, BATCH):
        people, records = _rows(start, min(BATCH, total + 1 - start), rng)
        with engine.begin() as connection:
            connection.execute(insert(applicants), people)
            connection.execute(insert(cases), records)
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    return time.perf_counter() - started


def timed(run: Callable[[], int], repeat: int = 5) -> tuple[float, int]:
    found, times = 0, []
    for _ in range(repeat):
        started = time.perf_counter()
        found = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), found


def searcher(engine: Engine, query: CaseSearch) -> Callable[[int], int]:
    def run(_: int = 0) -> int:
        statement = search_statement(query, engine.dialect.name)
        with engine.connect() as connection:
            return len(connection.execute(statement.with_only_columns(cases.c.id)).all())

    return run


def bare(engine: Engine, word: str) -> Callable[[int], int]:
    sql = text("SELECT id FROM cases WHERE search_text LIKE :p ORDER BY received_on DESC LIMIT 100")

    def run(_: int = 0) -> int:
        with engine.connect() as connection:
            return len(connection.execute(sql, {"p": f"%{word}%"}).all())

    return run


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    with tempfile.TemporaryDirectory() as tmp:
        url = sys.argv[2] if len(sys.argv) > 2 else f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = make_engine(url)
        ensure_schema(engine)
        start_mappers()
        print(f"{engine.dialect.name}: {total:,} cases built in {build(engine, total):.1f} s")
        year = {"received_from": date(2025, 1, 1), "received_to": date(2025, 12, 31)}
        cases_ = [
            (f"少见词「{RARE}」", searcher(engine, CaseSearch(terms=(RARE,))), RARE),
            (f"常见词「{NEEDLE}」", searcher(engine, CaseSearch(terms=(NEEDLE,))), NEEDLE),
            (f"短词「{SHORT}」(LIKE)", searcher(engine, CaseSearch(terms=(SHORT,))), SHORT),
            (f"短词「{SHORT}」+一年", searcher(engine, CaseSearch(terms=(SHORT,), **year)), SHORT),
            ("证件号码", searcher(engine, CaseSearch(id_number=f"P{total // 2:09d}")), NEEDLE),
        ]
        for label, run, word in cases_:
            seconds, found = timed(lambda run=run: run(0))
            baseline, _ = timed(lambda word=word: bare(engine, word)(0))
            print(
                f"{label}: {seconds * 1000:8.1f} ms ({found} found); bare LIKE over every row "
                f"{baseline * 1000:8.1f} ms; ratio {seconds / baseline:.3f}"
            )
        engine.dispose()


if __name__ == "__main__":
    main()
