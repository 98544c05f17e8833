"""Issue 15: eight clerks acting on one case at the same moment, as separate processes.

Every attempt either succeeds or is refused in Chinese (exit status 1): a lost update (the
case row's version, the autoflush in ``events.next_seq``, a PostgreSQL serialization failure
or deadlock) reads 「案件已被他人修改，请刷新后重试」, never a traceback.  The journal keeps one
entry per success, numbered without a gap.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from tests.conftest import write_home
from tests.support.deployment import NOW, REPO, casework_process, register_args

WORKERS = 8
ATTEMPTS = 4  # per worker: 32 in all, as in the report
CONFLICT = "案件已被他人修改，请刷新后重试"


def clerks(home: Path, number: str, go: Path) -> list[dict[str, Any]]:
    """Start the eight clerks, let them go at once, and collect every attempt."""
    env = {**os.environ, "CASEWORK_NOW": NOW, "CASEWORK_IDENTITY": "declared"}
    env["PYTHONPATH"] = str(REPO)
    driver = [sys.executable, "-m", "tests.support.contention_driver", str(home), number]
    processes = [
        subprocess.Popen(
            [*driver, str(worker), str(ATTEMPTS), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=REPO,
        )
        for worker in range(WORKERS)
    ]
    go.touch()
    results = []
    for process in processes:
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0 and "Traceback" not in err, err
        results += [json.loads(line) for line in out.splitlines()]
    return results


def test_eight_processes_on_one_case_succeed_or_are_refused_in_chinese(
    database_url: str, tmp_path: Path
) -> None:
    home = write_home(tmp_path / "home", database_url)
    registered = casework_process(home, "zhangsan", register_args())
    out, err = registered.communicate(timeout=300)
    assert registered.returncode == 0, err
    number = out.strip().splitlines()[-1]

    results = clerks(home, number, tmp_path / "go")
    figures: Counter[str] = Counter(attempts=len(results), tracebacks=0)
    refusals: Counter[str] = Counter()
    for result in results:
        assert result["traceback"] == "" and "Traceback" not in result["stderr"], result
        assert result["code"] in (0, 1), result
        if result["code"] == 0:
            figures["successes"] += 1
        else:
            assert result["stderr"].startswith("错误："), result
            figures["conflicts" if CONFLICT in result["stderr"] else "other refusals"] += 1
            refusals[result["stderr"].split("；")[0][:50]] += 1
    engine = database_url.split(":", maxsplit=1)[0]
    print(f"\ncontention on {engine}: {dict(figures)}; refusals: {dict(refusals)}")
    assert figures["attempts"] == WORKERS * ATTEMPTS and figures["successes"] >= 1

    history = casework_process(home, "zhangsan", ["history", number, "--json"])
    out, err = history.communicate(timeout=300)
    events = json.loads(out)["events"]
    # Nothing lost, nothing doubled: one journal entry per success after the registration.
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    assert len(events) == 1 + figures["successes"]
