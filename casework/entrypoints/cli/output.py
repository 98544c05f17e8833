"""Printing for people and programs: aligned Chinese tables, JSON, and error lines."""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from typing import Any

import click


def display_width(text: str) -> int:
    """Terminal columns of ``text``: East Asian wide and full-width characters take two."""
    if text.isascii():  # numbers, dates, codes: one column each, without a lookup per char
        return len(text)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain-text table aligned for CJK width."""
    cells = [[("" if value is None else str(value)) for value in row] for row in rows]
    widths = [display_width(header) for header in headers]
    for row in cells:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], display_width(value))
    lines = ["  ".join(pad(h, w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("─" * w for w in widths))
    lines.extend(
        "  ".join(pad(v, w) for v, w in zip(row, widths, strict=True)).rstrip() for row in cells
    )
    return "\n".join(lines)


def fields(pairs: Sequence[tuple[str, Any]]) -> str:
    """Label/value lines with the labels aligned."""
    width = max((display_width(label) for label, _ in pairs), default=0)
    return "\n".join(
        f"{pad(label, width)}  {'' if value is None else value}" for label, value in pairs
    )


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@contextmanager
def progress_bar(total: int, label: str, *, enabled: bool) -> Iterator[Callable[[int], None]]:
    """click's progress bar on standard error while long work runs, told the count done.

    Only for a person at a terminal: never with ``--json`` (``enabled`` False), never when
    standard error is a pipe or file, and not for a single item."""
    if not enabled or total < 2 or not sys.stderr.isatty():
        yield lambda _done: None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield lambda done: bar.update(done - bar.pos)


@contextmanager
def tally_bar(label: str, *, enabled: bool) -> Iterator[Callable[[int, int], None]]:
    """click's progress bar for work whose size the service learns: the bar appears at the
    first report of two or more steps.  Same rules as ``progress_bar`` (terminal only, never
    with ``--json``)."""
    if not enabled or not sys.stderr.isatty():
        yield lambda _done, _total: None
        return
    with ExitStack() as stack:
        bars: list[Any] = []

        def report(done: int, total: int) -> None:
            if not bars and total >= 2:
                bar = click.progressbar(length=total, label=label, file=sys.stderr)
                bars.append(stack.enter_context(bar))
            if bars:
                bars[0].update(done - bars[0].pos)

        yield report
