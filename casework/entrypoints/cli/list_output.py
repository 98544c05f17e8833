"""What ``casework list`` prints: one page by default, or every case streamed (``--all``).

A page is one count and one query of ``PAGE_SIZE`` light rows, whatever the number of cases
(issue #18: 20,000 cases listed in full took seconds).  ``--all`` prints as it reads: the
table's column widths come from the first chunk of rows, JSON is written one case at a time.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date
from itertools import chain, islice
from typing import TYPE_CHECKING, Any

import click

from casework.entrypoints.cli.output import display_width, echo_json, pad

if TYPE_CHECKING:
    from casework.bootstrap import App
    from casework.services.ports import CaseFilter, CaseRow

PAGE_SIZE = 50
HEADERS = ("案件编号", "机关", "状态", "申请人", "收到日期", "答复期限", "结果")
# Rows read before the widths of a streamed table are fixed (wider values later push their
# line out; they are never cut).
WIDTH_SAMPLE = 1000


def one_page(app: App, query: CaseFilter, page: int, *, as_json: bool) -> None:
    """Page ``page`` of the cases ``query`` selects, with where it stands among them."""
    from casework.services.queries import case_rows, count_cases, list_cases
    from casework.services.views import case_view

    total = count_cases(app.reader(), query)
    window = replace(query, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    if as_json:
        flow = app.context().flow
        found = list_cases(app.reader(), window)
        echo_json([case_view(case, flow) for case in found])
        if len(found) < total:
            click.echo(f"注意：{_position(total, page, len(found))}", err=True)
        return
    cells = _cells(app)
    rows = [cells(row) for row in case_rows(app.reader(), window)]
    if not rows:
        click.echo(_nothing(total, page))
        return
    for line in _table_lines(rows, _widths(rows)):
        click.echo(line)
    if total <= PAGE_SIZE:
        click.echo(f"共 {total} 件。")
    else:
        click.echo(f"{_position(total, page, len(rows))}")


def stream(app: App, query: CaseFilter, *, as_json: bool) -> None:
    """Every case ``query`` selects, printed as it is read."""
    if as_json:
        _stream_json(app, query)
        return
    from casework.services.queries import case_rows

    cells = _cells(app)
    rows = (cells(row) for row in case_rows(app.reader(), query))
    sample = list(islice(rows, WIDTH_SAMPLE))
    if not sample:
        click.echo("没有符合条件的案件。")
        return
    count = 0
    for line in _table_lines(chain(sample, rows), _widths(sample)):
        click.echo(line)
        count += 1
    click.echo(f"共 {count - 2} 件。")  # less the header and its rule


def _stream_json(app: App, query: CaseFilter) -> None:
    from casework.services.queries import stream_cases
    from casework.services.views import case_view

    flow = app.context().flow
    first = True
    for case in stream_cases(app.reader(), query):
        text = json.dumps(case_view(case, flow), ensure_ascii=False, indent=2, default=str)
        click.echo(("[\n" if first else ",\n") + _indented(text), nl=False)
        first = False
    click.echo("[]" if first else "\n]")


def _indented(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


def _nothing(total: int, page: int) -> str:
    if total == 0:
        return "没有符合条件的案件。"
    pages = -(-total // PAGE_SIZE)
    return f"第 {page} 页没有案件：共 {total} 件，{pages} 页。"


def _position(total: int, page: int, shown: int) -> str:
    pages = -(-total // PAGE_SIZE)
    first = (page - 1) * PAGE_SIZE + 1
    last = first + shown - 1
    return (
        f"共 {total} 件，本页为第 {page}/{pages} 页（第 {first}–{last} 件）；"
        "用 --page 页码 查看其他页，--all 列出全部。"
    )


def _cells(app: App) -> Callable[[CaseRow], tuple[str, ...]]:
    """The cells of a row as the table shows them.  The workflow, the catalogue and today are
    read once per command, not once per row (``list --all`` prints 20,000 rows; issue #18)."""
    context = app.context()
    flow, catalogue, today = context.flow, context.catalogue, context.today

    def cells(row: CaseRow) -> tuple[str, ...]:
        return (
            row.number,
            row.agency,
            flow.state_label(row.state),
            row.applicant_name,
            row.received_on.isoformat(),
            _due_text(row, today),
            catalogue.get(row.outcome).label if row.outcome else "",
        )

    return cells


def _due_text(row: CaseRow, today: date) -> str:
    if row.reply_due_on is None:
        return "—"
    marker = "（已逾期）" if row.reply_due_on < today and row.clock_status == "running" else ""
    provisional = "（暂定）" if row.due_provisional else ""
    return f"{row.reply_due_on.isoformat()}{provisional}{marker}"


def _widths(rows: Iterable[tuple[str, ...]]) -> list[int]:
    widths = [display_width(header) for header in HEADERS]
    for row in rows:
        widths = [
            max(width, display_width(value)) for width, value in zip(widths, row, strict=True)
        ]
    return widths


def _table_lines(rows: Iterable[tuple[str, ...]], widths: list[int]) -> Iterator[str]:
    """The header, its rule and one aligned line per row (as ``output.table`` lays them)."""
    yield _line(HEADERS, widths)
    yield "  ".join("─" * width for width in widths)
    for row in rows:
        yield _line(row, widths)


def _line(cells: Iterable[Any], widths: list[int]) -> str:
    return "  ".join(pad(str(v), w) for v, w in zip(cells, widths, strict=True)).rstrip()
