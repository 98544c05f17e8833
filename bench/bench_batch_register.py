"""Batch registration: ``casework register --file`` of N applications with their
acknowledgements (登记回执); run ``python bench/bench_batch_register.py [N]`` (default 10,000).

Times, in the same run (no assertions), in five interleaved parts (a part of the command, then
the bare renders of as many letters):
- the command on a fresh home, in a fresh interpreter, as a clerk runs it (at least five batch
  files, none over the command's limit of 1,000 applications a file: ten files at N=10,000,
  so ten start-ups, about 2 s in all, are charged to the command);
- the bare baseline: Core inserts of the very rows the command stored (applicants, cases,
  journal entries, document records) into a fresh database in one transaction, plus N bare
  docxtpl renders of the acknowledgement template saved to files (with an empty context: the
  parse, render and save are the cost; the letters' text is not).
Prints both and the ratio (goal: 1.3x or less).  N=10,000 takes about ten minutes on the
project's machine; a smaller N gives the same per-letter figures.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import column, insert
from sqlalchemy import table as sql_table

sys.path.insert(0, str(Path(__file__).resolve().parent))

from command_home import environment, init_home

from casework.adapters.application_files import MAX_ENTRIES
from casework.adapters.database import ensure_schema, make_engine
from casework.adapters.orm import applicants, cases, events
from casework.adapters.orm_documents import documents
from casework.resources import data_path

TABLES = (applicants, cases, events, documents)
# The applications go in at least this many files (more when a file would exceed the command's
# limit, MAX_ENTRIES), each registered by one command and followed by the bare renders of as
# many letters: a change of the machine's load falls on both sides alike.
CHUNKS = 5


def applications(count: int) -> list[dict[str, str]]:
    return [
        {
            "applicant": f"申请人{index}",
            "applicant-type": "natural",
            "channel": "in-person",
            "received-on": "2026-04-01",
            "description": f"2025年度部门预算（第 {index} 份）",
        }
        for index in range(1, count + 1)
    ]


def bare_inserts(source: Path, target: Path) -> float:
    """Core inserts of every row the command stored, into a fresh database: the values as
    SQLite holds them, bound through untyped Core tables (no conversion on the way)."""
    engine = make_engine(f"sqlite:///{target}")
    ensure_schema(engine)
    with sqlite3.connect(source) as db:
        db.row_factory = sqlite3.Row
        stored = {t.name: [dict(r) for r in db.execute(f"SELECT * FROM {t.name}")] for t in TABLES}
    began = time.perf_counter()
    with engine.begin() as connection:
        for table in TABLES:
            rows = stored[table.name]
            if rows:
                bare = sql_table(table.name, *(column(name) for name in rows[0]))
                connection.execute(insert(bare), rows)
    spent = time.perf_counter() - began
    engine.dispose()
    return spent


def bare_renders(first: int, count: int, folder: Path) -> float:
    from docxtpl import DocxTemplate

    template = str(data_path("templates") / "replies" / "acknowledgement.docx")
    began = time.perf_counter()
    for index in range(first, first + count):
        document = DocxTemplate(template)
        document.render({}, autoescape=True)
        document.save(str(folder / f"ack-{index}.docx"))
    return time.perf_counter() - began


def register_file(home: Path, batch: Path) -> float:
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "casework", "register", "--file", str(batch), "--json"],
        env=environment(home),
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - began


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    size = min(-(-count // CHUNKS), MAX_ENTRIES)
    ours = renders = 0.0
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as folder:
        root = Path(folder)
        home = root / "home"
        init_home(home)
        (root / "bare").mkdir()
        entries = applications(count)
        for first in range(0, count, size):
            batch = root / f"batch-{first}.json"
            chunk = entries[first : first + size]
            batch.write_text(json.dumps(chunk, ensure_ascii=False), encoding="utf-8")
            ours += register_file(home, batch)
            renders += bare_renders(first, len(chunk), root / "bare")
        inserts = bare_inserts(home / "casework.db", root / "bare.db")
    baseline = inserts + renders
    print(f"register --file, {count:,} applications with acknowledgements: {ours:8.1f} s")
    print(f"bare Core inserts of the same rows:  {inserts:8.2f} s")
    print(f"bare docxtpl renders ({count:,}):     {renders:8.1f} s")
    print(f"ratio: {ours / baseline:.2f}x (goal: 1.3x or less)")


if __name__ == "__main__":
    main()
