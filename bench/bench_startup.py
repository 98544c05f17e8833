"""Start-up of `casework --help` against `python -c "import click"` (issue: under 150 ms), and
the heavy modules each clerk command imports (issue #18).

Runs each command N times in fresh interpreters and prints medians and the ratio.  Heavy
libraries must stay out of the import path of --help (engineering notes: click start-up).
Then runs ``show``, ``history``, ``list``, ``register`` and ``request-correction`` once each on a
small home and lists which of the heavy libraries each one loaded: ``show`` should load no
docxtpl, openpyxl or apscheduler (a test asserts that; their times are in
``bench_commands.py``), which modules of the CLI package (only the command's own and the
helpers it uses), how many casework modules, and how many cyclic garbage collections ran
(start-up runs none: ``casework.start_up``).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from command_home import FIRST_CASE, REGISTER, build_home, compiled_environment, environment

HEAVY = (
    "sqlalchemy",
    "sqlalchemy.orm",
    "sqlalchemy.dialects.postgresql",
    "pydantic",
    "pydantic_settings",
    "yaml",
    "transitions",
    "numpy",
    "chinese_calendar",
    "jinja2",
    "docx",
    "docxtpl",
    "openpyxl",
    "apscheduler",
    "alembic",
)
# Runs a casework command in-process as the console entry point does (its start-up collection
# allowance included, casework.start_up), then prints the heavy modules it left loaded, the
# casework modules, and how many cyclic collections ran.
PROBE = (
    "import gc, sys\n"
    "runs = []\n"
    "gc.callbacks.append(lambda phase, info: phase == 'stop' and runs.append(1))\n"
    "from casework.start_up import pause_collection\n"
    "pause_collection()\n"
    "from casework.entrypoints.cli import main\n"
    "sys.argv = ['casework', *sys.argv[1:]]\n"
    "try:\n"
    "    main()\n"
    "except SystemExit:\n"
    "    pass\n"
    f"print('HEAVY', ' '.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    "cli = 'casework.entrypoints.cli.'\n"
    "print('CLI', ' '.join(sorted(m[len(cli):] for m in sys.modules if m.startswith(cli))))\n"
    "print('COUNTS', sum(m.startswith('casework') for m in sys.modules), len(runs))\n"
)
# The commands probed: the three reads and the two actions that render one letter
# (request-correction last: it changes its case).
CORRECTION = [
    "request-correction",
    FIRST_CASE,
    "--items",
    "请写明所需信息的名称",
    "--on",
    "2026-04-02",
]

RUNS = 15


def median_ms(command: list[str], env: dict[str, str]) -> float:
    subprocess.run(command, env=env, check=True, capture_output=True)  # fills the .pyc cache
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-startup-pyc-") as cache:
        env = compiled_environment(Path(cache))
        baseline = median_ms([sys.executable, "-c", "import click"], env)
        help_ms = median_ms([sys.executable, "-m", "casework", "--help"], env)
    print(f"python -c 'import click'  median {baseline:7.1f} ms")
    print(f"casework --help           median {help_ms:7.1f} ms  (goal < 150 ms)")
    print(f"ratio casework/baseline   {help_ms / baseline:5.2f}x")
    heavy = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, casework.entrypoints.cli; "
            "print(sorted(m for m in ('sqlalchemy','pydantic_settings','docxtpl','apscheduler',"
            "'transitions','numpy') if m in sys.modules))",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    print(f"heavy modules imported by the CLI module: {heavy}")
    commands_import()


def commands_import() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder:
        home = Path(folder) / "home"
        build_home(home, 200)
        for args in (["show", FIRST_CASE], ["history", FIRST_CASE], ["list"], REGISTER, CORRECTION):
            done = subprocess.run(
                [sys.executable, "-c", PROBE, *args],
                env=environment(home),
                check=True,
                capture_output=True,
                text=True,
            )
            *_, heavy, commands, counts = done.stdout.strip().splitlines()
            loaded = heavy.removeprefix("HEAVY").split()
            modules, collections = counts.removeprefix("COUNTS").split()
            print(f"casework {args[0]:<9} imports: {', '.join(loaded) or '—'}")
            # The root loads a command's module on first use (command_table).
            print(f"{'':18}CLI modules: {', '.join(commands.removeprefix('CLI').split())}")
            print(f"{'':18}{modules} casework modules; {collections} cyclic collections")


if __name__ == "__main__":
    main()
