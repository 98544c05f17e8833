"""Run one ``casework`` command in this process and kill the process with SIGKILL at the first
commit of a unit of work: just before it (``before``) or just after it returned (``after``,
where revision 0009's code had committed the letter's row but not yet moved its file into
place).  ``python -m tests.support.letter_crash MOMENT ARGS…`` (the crash test runs it)."""

from __future__ import annotations

import os
import signal
import sys

from casework.adapters.repository import SqlUnitOfWork


def _kill() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def main(moment: str, args: list[str]) -> None:
    commit = SqlUnitOfWork.commit

    def commit_then_die(self: SqlUnitOfWork) -> None:
        if moment == "before":
            _kill()
        commit(self)
        if moment == "after":
            _kill()

    SqlUnitOfWork.commit = commit_then_die  # type: ignore[method-assign]
    from casework.entrypoints.cli import cli

    cli.main(args=args, prog_name="casework")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
