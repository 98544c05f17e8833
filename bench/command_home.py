"""A casework home with N registered cases, for the command benchmarks (not a benchmark itself).

``casework init`` writes the home; one application is registered through the real command (so
the rows, the journal entry and the acknowledgement are exactly what ``register`` stores);
SQLite then copies that case N-1 times with ``INSERT … SELECT`` over a counter, each copy with
its own number, query code, applicant and receipt date spread over the first months of 2026.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from casework.domain.application.identity import resident_id_check_char

NOW = "2026-04-02"
FIRST_CASE = "2026-0001"
REGISTER = [
    "register",
    "--applicant",
    "张三",
    "--applicant-type",
    "natural",
    "--id-type",
    "resident-id",
    "--id-number",
    "11010519491231002X",
    "--contact",
    "13800000000",
    "--channel",
    "in-person",
    "--received-on",
    "2026-04-01",
    "--description",
    "2025年度部门预算及说明",
    "--form",
    "electronic",
    "--delivery",
    "email",
]

# The users of the home (issue 15: a declared identity must name a configured user).
USERS = """
[users.zhangsan]
name = "张三"
roles = ["clerk"]
"""

# The copies: case i (2 … N) gets number 2026-i, a query code of its own, an applicant of its
# own and a receipt date among 60 days before 2026-04-01; every copy keeps its journal entry.
_COPY = """
WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < :count)
INSERT INTO {table} SELECT {columns} FROM n, {table} AS t WHERE t.id = 1
"""
_APPLICANT = "i, '申请人' || i, applicant_type, id_type, id_number, contact, address"
_CASE = (
    "i, agency, printf('2026-%04d', i), year, i, printf('Q%07d', i), state, workflow, "
    "workflow_version, i, channel, arrived_on, date(received_on, '-' || (i % 60) || ' days'), "
    "description, form, delivery, assistance, receipt, facts, outcome, reply_number, "
    "date(reply_due_on, '-' || (i % 60) || ' days'), "
    "date(next_deadline_on, '-' || (i % 60) || ' days'), next_deadline_kind, clock_status, "
    "due_provisional, handler, created_at, updated_at, version, concluded_on, "
    "search_text"
)
_EVENT = (
    "i, i, seq, action, actor, recorded_at, effective_on, state_before, state_after, data, "
    "identity, prev_hash, event_hash"
)


def compiled_environment(cache: Path) -> dict[str, str]:
    """This environment with Python's byte-code cache on, in ``cache``.

    An installed casework has its modules compiled (pip writes the ``.pyc`` files); a shell
    with ``PYTHONDONTWRITEBYTECODE=1`` (as on the project's machines) would make every run
    compile casework's ~120 modules from source again (about 0.1 s) while the baseline's
    SQLAlchemy loads its compiled files from site-packages.  The prefix keeps the cache out of
    the source tree; the benches run each command once before timing it, which fills it."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def environment(home: Path) -> dict[str, str]:
    """The environment the commands run in: the home, a declared user (a shared workstation's
    identity, as the test suite runs; issue 15) and the pretended day."""
    env = compiled_environment(home.parent / "pycache")
    env.update(
        CASEWORK_HOME=str(home),
        CASEWORK_USER="zhangsan",
        CASEWORK_IDENTITY="declared",
        CASEWORK_NOW=NOW,
    )
    return env


def casework(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "casework", *args],
        env=environment(home),
        check=True,
        capture_output=True,
        text=True,
    )


def init_home(home: Path) -> None:
    """``casework init`` in ``home``, then its users (the clerk the benches act as)."""
    casework(home, "init")
    with (home / "config.toml").open("a", encoding="utf-8") as config:
        config.write(USERS)


def build_home(home: Path, count: int) -> Path:
    """Initialise ``home`` and fill it with ``count`` registered cases; returns the database."""
    init_home(home)
    casework(home, *REGISTER)
    database = home / "casework.db"
    with sqlite3.connect(database) as connection:
        for table, columns in (("applicants", _APPLICANT), ("cases", _CASE), ("events", _EVENT)):
            connection.execute(_COPY.format(table=table, columns=columns), {"count": count})
        # Each copy's applicant is another person: an identity number of its own (born
        # 1950-01-01 + i days), or every copy would be the first applicant's earlier request
        # and `register` would weigh 20,000 of them (Reg. art. 36 item 6).
        connection.executemany(
            "UPDATE applicants SET id_number = ? WHERE id = ?",
            ((_identity_number(i), i) for i in range(2, count + 1)),
        )
        # The next registration takes the number after the copies.
        connection.execute("UPDATE number_sequences SET last_value = ?", (count,))
        connection.execute("ANALYZE")
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return database


def _identity_number(i: int) -> str:
    """A valid 18-digit resident identity number, different for each ``i``."""
    born = date(1950, 1, 1) + timedelta(days=i // 1000)
    body = f"110105{born:%Y%m%d}{i % 1000:03d}"
    return body + resident_id_check_char(body)
