"""Benchmark of ``casework import``; ``python bench/bench_import.py [N] [URL BARE_URL]``.

Writes a 台账 of N rows (default 100,000; 2023–2025, four in five answered and delivered) as a
.csv, then imports it through the whole path of the command — reading the file, checking every
row with ``register``'s rules, deriving the dates, numbering, Core bulk inserts of applicants,
cases and journal entries in one transaction (``casework.adapters.case_import``) — into a
fresh database (a temporary SQLite file, or the empty database at URL).  The bare baseline,
measured in the same run into a second fresh database (BARE_URL), is the same number of
applicant, case and journal rows, already built, inserted with plain Core executemany.
Prints both and the ratio; no assertion.
"""

from __future__ import annotations

import csv
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from casework.adapters.database import ensure_schema, make_engine
from casework.adapters.ledger_file import read_ledger
from casework.adapters.orm import applicants, cases, events
from casework.bootstrap import bootstrap
from casework.domain.case.decisions import CaseDecisions
from casework.services.importing import import_ledger

REPO = Path(__file__).resolve().parents[1]
HEADER = ["收到申请日期", "申请人", "申请人类型", "申请渠道", "申请内容", "办理结果", "答复文号",
          "答复日期", "送达方式", "送达日期"]  # fmt: skip
OUTCOMES = ["予以公开", "部分公开", "无法提供：经检索不存在", "不予处理：重复申请"]
STAMP = datetime(2026, 12, 1, tzinfo=UTC)
BATCH = 20_000


def write_ledger(path: Path, total: int) -> None:
    rng = random.Random(17)
    numbers: dict[int, int] = {}
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(HEADER)
        for index in range(total):
            received = date(2023, 1, 2) + timedelta(days=rng.randrange(3 * 360))
            row = [received.isoformat(), f"申请人{index}", "自然人", "网上申请",
                   f"{received.year - 1}年度第{index}号项目资料", "", "", "", "", ""]  # fmt: skip
            if rng.random() < 0.8:
                replied = received + timedelta(days=rng.randrange(3, 30))
                numbers[replied.year] = numbers.get(replied.year, 0) + 1
                number = f"示发改信复〔{replied.year}〕{numbers[replied.year]}号"
                row[5:10] = [rng.choice(OUTCOMES), number, replied.isoformat(), "电子",
                             replied.isoformat()]  # fmt: skip
            writer.writerow(row)


def home_for(folder: Path, url: str) -> Path:
    config = (REPO / "config.example.toml").read_text(encoding="utf-8")
    config = config.replace('# database_url = ""', f'database_url = "{url}"')
    # The importing clerk is declared (issue 15: a declared identity names a configured user).
    config = config.replace('# identity = "os"', 'identity = "declared"')
    config += '\n[users.bench]\nname = "基准"\nroles = ["clerk"]\n'
    (folder / "config.toml").write_text(config, encoding="utf-8")
    return folder


def through_the_command(ledger: Path, url: str, home: Path) -> tuple[float, int]:
    app = bootstrap(home_for(home, url), user="bench")
    app.engine  # migrations before the clock starts  # noqa: B018
    started = time.perf_counter()
    rows = read_ledger(ledger).rows
    report = import_ledger(
        app.uow(), app.case_importer(), app.context(), rows, source={"file": ledger.name}
    )
    seconds = time.perf_counter() - started
    app.close()
    return seconds, len(report.imported)


def bare_core(url: str, total: int) -> float:
    engine = make_engine(url)
    ensure_schema(engine)
    started = time.perf_counter()
    for start in range(0, total, BATCH):
        ids = range(start + 1, min(start + BATCH, total) + 1)
        with engine.begin() as connection:
            connection.execute(insert(applicants), [_applicant(i) for i in ids])
            connection.execute(insert(cases), [_case(i) for i in ids])
            connection.execute(insert(events), [_event(i) for i in ids])
    seconds = time.perf_counter() - started
    engine.dispose()
    return seconds


def _applicant(i: int) -> dict[str, object]:
    return {
        "id": i,
        "name": f"申请人{i}",
        "applicant_type": "natural",
        "contact": "",
        "address": "",
    }


def _case(i: int) -> dict[str, object]:
    return {
        "id": i, "agency": "demo", "number": f"2024-{i:06d}", "year": 2024, "seq": i,
        "query_code": f"Q{i:09d}", "state": "delivered", "workflow": "disclosure",
        "workflow_version": "5", "applicant_id": i, "channel": "online",
        "received_on": date(2024, 3, 1), "description": f"2023年度第{i}号项目资料", "receipt": {},
        "facts": CaseDecisions(), "outcome": "disclose", "reply_number": f"R{i}",
        "concluded_on": date(2024, 3, 20), "due_provisional": False, "handler": "bench",
        "created_at": STAMP, "updated_at": STAMP, "version": 1,
        "search_text": f"申请人{i}\n2023年度第{i}号项目资料\nR{i}",
    }  # fmt: skip


def _event(i: int) -> dict[str, object]:
    return {
        "case_id": i, "seq": 1, "action": "import", "actor": "bench", "recorded_at": STAMP,
        "effective_on": date(2026, 12, 1), "state_after": "delivered", "data": {"row": i},
    }  # fmt: skip


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ledger = folder / "台账.csv"
        write_ledger(ledger, total)
        url = sys.argv[2] if len(sys.argv) > 2 else f"sqlite:///{folder / 'import.db'}"
        (folder / "home").mkdir()
        seconds, imported = through_the_command(ledger, url, folder / "home")
        bare_url = sys.argv[3] if len(sys.argv) > 3 else f"sqlite:///{folder / 'bare.db'}"
        baseline = bare_core(bare_url, total)
        print(f"import (file, checks, dates, Core): {imported:,} rows in {seconds:.1f} s "
              f"({imported / seconds:,.0f} rows/s)")  # fmt: skip
        print(f"bare Core executemany of the same rows: {baseline:.1f} s "
              f"({total / baseline:,.0f} rows/s)")  # fmt: skip
        print(f"ratio: {seconds / baseline:.2f}")


if __name__ == "__main__":
    main()
