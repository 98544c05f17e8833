"""A command's start-up without the cyclic garbage collector (issue 18).

Starting a command builds some 130,000 objects that live until it exits (modules, classes,
functions, the settings and workflow models): each automatic collection walks the young ones
again, about 190 collections and 50 ms of CPU in ``casework show`` — a tenth of its start-up —
while what they free is start-up litter of a few megabytes.  So the console entry point pauses
automatic collection, and the first database engine resumes it once start-up is over: the
objects alive then are frozen (``gc.freeze``: left out of every later collection, also the one
at exit) and collection runs as usual for the command's own work, so a long batch, a sweep or
the HTTP server keeps freeing its cycles.  Nothing else changes: reference counting frees
every object that is not in a cycle as always.
"""

from __future__ import annotations

import gc

# Whether pause_collection switched the collector off (a set: no ``global`` statement).
_PAUSED: set[bool] = set()


def pause_collection() -> None:
    """Switch automatic collection off for the start-up (the console entry point only: a
    program that calls casework in-process keeps its own collector settings)."""
    if gc.isenabled():
        gc.disable()
        _PAUSED.add(True)


def resume_collection() -> None:
    """Start-up is over: freeze what it built and collect automatically again.  Does nothing
    unless :func:`pause_collection` paused it (and only once)."""
    if _PAUSED:
        _PAUSED.clear()
        gc.freeze()
        gc.enable()
