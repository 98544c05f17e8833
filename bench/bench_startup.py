"""Start-up of `casework --help` against `python -c "import click"` (issue: under 150 ms), and
the heavy modules each clerk command imports (issue #18).

Runs each command N times in fresh interpreters and prints medians and the ratio.  Heavy
libraries must stay out of the import path of --help (engineering notes: click start-up).
Then runs ``show``, ``history``, ``list`` and ``register`` once each on a small home and lists
which of the heavy libraries each one loaded: ``show`` should load no docxtpl, openpyxl or
apscheduler (a test asserts that; their times are in ``bench_commands.py``), and which modules
of the CLI package (only the command's own and the helpers it uses).
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
# Runs a casework command in-process, then prints the heavy modules it left loaded.
PROBE = (
    "import sys\n"
    "from casework.entrypoints.cli import cli\n"
    "try:\n"
    "    cli.main(args=sys.argv[1:], prog_name='casework')\n"
    "except SystemExit:\n"
    "    pass\n"
    f"print('HEAVY', ' '.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    "cli = 'casework.entrypoints.cli.'\n"
    "print('CLI', ' '.join(sorted(m[len(cli):] for m in sys.modules if m.startswith(cli))))\n"
)

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
        for args in (["show", FIRST_CASE], ["history", FIRST_CASE], ["list"], REGISTER):
            done = subprocess.run(
                [sys.executable, "-c", PROBE, *args],
                env=environment(home),
                check=True,
                capture_output=True,
                text=True,
            )
            *_, heavy, commands = done.stdout.strip().splitlines()
            loaded = heavy.removeprefix("HEAVY").split()
            print(f"casework {args[0]:<9} imports: {', '.join(loaded) or '—'}")
            # The root loads a command's module on first use (command_table).
            print(f"{'':18}CLI modules: {', '.join(commands.removeprefix('CLI').split())}")


if __name__ == "__main__":
    main()
