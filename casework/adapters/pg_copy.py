"""Bulk rows into PostgreSQL with ``COPY … FROM STDIN`` (psycopg 3), for ``casework import``.

An executemany INSERT … RETURNING of 100,000 rows spends most of its time having psycopg parse
the large multi-row statements (``bench/bench_import.py``); COPY streams the rows instead.
The ids come first from the tables' own sequences (``nextval`` over ``generate_series``), so
the rows carry them and nothing needs returning.  Each value goes through its column type's
bind processing, exactly as an INSERT would store it (JSON text, UTC timestamps).  Runs inside
the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, text


def next_ids(connection: Connection, table: Table, count: int) -> list[int]:
    """``count`` fresh ids from the sequence behind ``table.id``, in order."""
    statement = text(
        "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :count)"
    )
    rows = connection.execute(statement, {"table": table.name, "count": count})
    return [int(row[0]) for row in rows]


def copy_rows(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Write ``rows`` (the same keys each, column names of ``table``) with COPY."""
    if not rows:
        return
    columns = list(rows[0])
    dialect = connection.dialect
    processors = [table.c[name].type._cached_bind_processor(dialect) for name in columns]
    names = ", ".join(f'"{name}"' for name in columns)
    driver = connection.connection.driver_connection
    assert driver is not None
    with (
        driver.cursor() as cursor,
        cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy,
    ):
        for row in rows:
            copy.write_row(
                [
                    process(row[name]) if process is not None else row[name]
                    for name, process in zip(columns, processors, strict=True)
                ]
            )
