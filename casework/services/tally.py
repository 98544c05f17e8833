"""Telling a person how far long work has got (issue 21: feedback on long work).

A service doing many steps (recomputing open cases, writing a register, converting letters)
takes an optional ``Tally`` and calls it with the steps done and the steps in all; the command
line turns that into click's progress bar on a terminal and ignores it everywhere else.
"""

from __future__ import annotations

from collections.abc import Callable

Tally = Callable[[int, int], None]


def told(tally: Tally | None, done: int, total: int) -> None:
    """Report ``done`` of ``total`` when someone listens."""
    if tally is not None:
        tally(done, total)
