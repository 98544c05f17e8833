"""A command's start-up without cyclic garbage collection (issue 18).

Starting a command builds some 130,000-150,000 objects that live until it exits (modules,
classes, functions, the settings and workflow models): each automatic collection walks the
young ones again, about 190 collections and 50 ms of CPU in ``casework show`` — a tenth of its
start-up — while what they free is start-up litter of a few megabytes.  So the console entry
point raises the collector's first threshold to ``START_UP_ALLOWANCE`` net new objects, which
start-up never reaches, and the first database engine ends start-up: the objects alive then
are frozen (``gc.freeze``: left out of every later collection, also the full collections of
interpreter exit, which cost more than all the others) and the thresholds are put back, so a
long batch, a sweep or the HTTP server collects as usual.  A command that opens no database
ends start-up as it returns.  Work done before any database is opened (reading a 100,000-row
ledger) still collects, once per ``START_UP_ALLOWANCE`` objects.  Reference counting frees
every object outside a cycle as always; what is frozen at exit is not collected (Python does
not promise finalizers at exit, and casework closes its files and database explicitly).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Net new container objects before a collection during start-up: ~2.5 times what ``show``,
# ``register`` or ``request-correction`` build before they exit (130,000-155,000, measured).
START_UP_ALLOWANCE = 400_000
# The thresholds in force before the pause (empty: not paused).
_SAVED: list[tuple[int, int, int]] = []
# Set when pause_collection paused: this process runs one console command.
_CONSOLE: list[bool] = []


def pause_collection() -> None:
    """Collect only after ``START_UP_ALLOWANCE`` new objects until start-up is over (the
    console entry point only: a program that calls casework in-process keeps its own
    collector settings, and a collector switched off stays off)."""
    if gc.isenabled() and not _SAVED:
        first, second, third = gc.get_threshold()
        _SAVED.append((first, second, third))
        _CONSOLE.append(True)
        gc.set_threshold(max(first, START_UP_ALLOWANCE), second, third)


def resume_collection() -> None:
    """Start-up is over: freeze what it built and put the thresholds back.  Does nothing
    unless :func:`pause_collection` raised them (and only once)."""
    if _SAVED:
        gc.freeze()
        gc.set_threshold(*_SAVED.pop())


@contextmanager
def loading_more() -> Iterator[None]:
    """A heavy import after start-up (docxtpl, python-docx and jinja2 for a command's first
    letter: ~50 collections, ~25 ms of CPU in ``register``): in a console command it collects
    no cycles meanwhile and freezes what it built, as start-up does; anywhere else (the test
    suite, a program calling casework in-process) nothing changes."""
    if not _CONSOLE or _SAVED or not gc.isenabled():
        yield
        return
    first, second, third = gc.get_threshold()
    gc.set_threshold(max(first, START_UP_ALLOWANCE), second, third)
    try:
        yield
    finally:
        gc.freeze()
        gc.set_threshold(first, second, third)
