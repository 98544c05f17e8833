"""Wall time of the clerk's commands on a home with 20,000 cases; run
``python bench/bench_commands.py [N]``.

Each command runs in a fresh interpreter, as a clerk runs it, several times, interleaved with
its baseline; the medians count.
Each is compared with a bare baseline timed in the same run (issue #18's table):
- ``show``, ``history``, ``list`` (its default page) and ``list --all`` against a bare Python
  process that imports SQLAlchemy, opens the same SQLite file and selects the same row(s)
  (``list --all``: every case with its applicant, printed one line each);
- ``register`` and ``request-correction`` (an action that renders one letter) against that
  baseline plus one bare docxtpl render of the same template, saved to a file.
Prints the medians and the ratios (goal: 1.5x or less); no assertions.  A profile of one run:
``python -m cProfile -s cumulative -m casework show 2026-0001`` in a home this script built
(``--keep`` leaves it in place and prints its path).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from command_home import FIRST_CASE, REGISTER, build_home, environment

RUNS = 7
# An action that renders one letter (补正告知书), on cases 2026-0060, 2026-0061, … (received
# 2026-04-01, 03-31, …: within the seven working days of Reg. art. 30 on 2026-04-02)
CORRECTION = ("--items", "请写明所需信息的名称", "--on", "2026-04-02")
PAGE = 50  # casework list's default page
BARE_SELECT = """
import sys
from sqlalchemy import create_engine, text
engine = create_engine("sqlite:///" + sys.argv[1])
with engine.connect() as connection:
    rows = connection.execute(text(sys.argv[2]), {{"n": "{number}"}}).all()
    for row in rows:
        print(*row, sep="\\t")
"""
BARE_RENDER = """
from docxtpl import DocxTemplate
from casework.resources import data_path
document = DocxTemplate(str(data_path("templates") / "replies" / "TEMPLATE.docx"))
document.render({}, autoescape=True)
document.save(sys.argv[3])
"""
CASE = "SELECT * FROM cases JOIN applicants a ON a.id = cases.applicant_id WHERE number = :n"
HISTORY = (
    "SELECT e.* FROM events e JOIN cases c ON c.id = e.case_id WHERE c.number = :n ORDER BY e.seq"
)
LIST_ROWS = (
    "SELECT c.number, c.agency, c.state, a.name, c.received_on, c.reply_due_on, c.outcome "
    "FROM cases c JOIN applicants a ON a.id = c.applicant_id WHERE c.agency = 'demo' "
    "ORDER BY c.received_on, c.id"
)


def medians_ms(
    ours: list[str] | Callable[[int], list[str]], baseline: list[str], home: Path
) -> tuple[float, float]:
    """The medians of ``RUNS`` runs of each, interleaved (baseline, ours, baseline, …) so that
    a change of the machine's load falls on both alike.  ``ours`` may be a function of the
    run's index (an action that changes its case runs on another case each time)."""
    env = environment(home)
    for args in (baseline, ours):  # fills the byte-code cache; not timed
        subprocess.run(
            args(RUNS) if callable(args) else args, env=env, check=True, capture_output=True
        )
    samples: dict[str, list[float]] = {"ours": [], "baseline": []}
    for run in range(RUNS):
        for name, args in (("baseline", baseline), ("ours", ours)):
            command = args(run) if callable(args) else args
            began = time.perf_counter()
            done = subprocess.run(command, check=False, env=env, capture_output=True, text=True)
            if done.returncode:
                raise SystemExit(f"{' '.join(command[2:])} failed: {done.stderr}")
            samples[name].append((time.perf_counter() - began) * 1000)
    return statistics.median(samples["ours"]), statistics.median(samples["baseline"])


def bare(
    database: Path, sql: str, render: Path | None = None, template: str = "acknowledgement"
) -> list[str]:
    script = BARE_SELECT.format(number=FIRST_CASE)
    if render:
        script += BARE_RENDER.replace("TEMPLATE", template)
    args = [sys.executable, "-c", script, str(database), sql]
    return [*args, str(render)] if render else args


def casework(*args: str) -> list[str]:
    return [sys.executable, "-m", "casework", *args]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 20_000
    with tempfile.TemporaryDirectory(prefix="bench-commands-") as folder:
        home = Path(folder) / "home"
        began = time.perf_counter()
        database = build_home(home, count)
        print(f"home with {count:,} cases built in {time.perf_counter() - began:.1f} s")
        letter = Path(folder) / "bare.docx"
        rows = [
            ("show", casework("show", FIRST_CASE), bare(database, CASE)),
            ("history", casework("history", FIRST_CASE), bare(database, HISTORY)),
            ("list (page)", casework("list"), bare(database, f"{LIST_ROWS} LIMIT {PAGE}")),
            ("list --all", casework("list", "--all"), bare(database, LIST_ROWS)),
            ("register", casework(*REGISTER), bare(database, CASE, render=letter)),
            (
                "correction",
                lambda run: casework("request-correction", f"2026-{run + 60:04d}", *CORRECTION),
                bare(database, CASE, render=letter, template="correction_notice"),
            ),
        ]
        print(f"{'command':<12} {'casework':>10} {'baseline':>10} {'ratio':>7}  (goal <= 1.5x)")
        for name, ours, baseline in rows:
            ours_ms, base_ms = medians_ms(ours, baseline, home)
            print(f"{name:<12} {ours_ms:8.0f} ms {base_ms:8.0f} ms {ours_ms / base_ms:6.2f}x")
        if "--keep" in sys.argv:
            kept = Path(tempfile.mkdtemp(prefix="bench-home-"))
            subprocess.run(["cp", "-a", str(home), str(kept)], check=True)
            print(f"home kept in {kept / 'home'}")


if __name__ == "__main__":
    main()
