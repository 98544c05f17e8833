"""One clerk of the contention test (issue 15), as its own process: waits for the start
signal, then runs its casework commands in this process, one after another, and prints one
JSON line per attempt (exit status, standard error, and any traceback that escaped).

    python -m tests.support.contention_driver HOME NUMBER WORKER ATTEMPTS GO_FILE
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import time
import traceback
from pathlib import Path


def commands(number: str, worker: int, attempts: int) -> list[tuple[str, list[str]]]:
    """The mix: consultations first, an extension (by the head) or another consultation, then
    a draft, which ends the consulting for everybody else."""
    consult = [
        "consult",
        number,
        "--party",
        f"示例单位{worker}",
        "--party-kind",
        "agency",
    ]
    extend = ["extend", number, "--days", "5", "--reason", "调取档案"]
    draft = ["draft", number, "--outcome", "disclose", "--facts", "可以公开", "--access", "附后"]
    plan = [
        ("zhangsan", consult),
        ("wangwu", extend) if worker % 2 else ("zhangsan", consult),
        ("zhangsan", consult),
        ("zhangsan", draft),
    ]
    return [plan[index % len(plan)] for index in range(attempts)]


def run(home: str, user: str, args: list[str]) -> dict[str, object]:
    from casework.entrypoints.cli import cli

    err = io.StringIO()
    code: object = 0
    escaped = ""
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            cli.main(["--home", home, "--user", user, *args], prog_name="casework")
        except SystemExit as exit_:
            code = exit_.code or 0
        except Exception:
            code = "exception"
            escaped = traceback.format_exc()
    return {"code": code, "stderr": err.getvalue(), "traceback": escaped}


def main() -> None:
    home, number, worker, attempts, go = sys.argv[1:6]
    import casework.entrypoints.cli  # noqa: F401 - imported before the start signal

    deadline = time.monotonic() + 120
    while not Path(go).exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    for user, args in commands(number, int(worker), int(attempts)):
        print(json.dumps(run(home, user, args), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
