"""Start-up of `casework --help` against `python -c "import click"` (issue: under 150 ms).

Runs each command N times in fresh interpreters and prints medians and the ratio.  Heavy
libraries must stay out of the import path of --help (engineering notes: click start-up).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

RUNS = 15


def median_ms(command: list[str]) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    baseline = median_ms([sys.executable, "-c", "import click"])
    help_ms = median_ms([sys.executable, "-m", "casework", "--help"])
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


if __name__ == "__main__":
    main()
