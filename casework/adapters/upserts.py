"""``INSERT … ON CONFLICT`` for the two supported databases, loading only the dialect in use.

``from sqlalchemy.dialects import postgresql, sqlite`` imports the whole PostgreSQL dialect
(~25–37 ms of start-up) in every SQLite command that writes or reads a stored document
(issue #18); here each dialect's ``insert`` is imported when a statement for it is built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from casework.errors import StorageError

if TYPE_CHECKING:
    from sqlalchemy.dialects import postgresql, sqlite

SUPPORTED = ("postgresql", "sqlite")


def supported(dialect: str) -> str:
    """``dialect`` itself when casework supports it; otherwise a ``StorageError`` naming it."""
    if dialect not in SUPPORTED:
        raise StorageError(f"不支持的数据库类型：{dialect}", field="database_url")
    return dialect


def dialect_insert(dialect: str, table: Any) -> postgresql.Insert | sqlite.Insert:
    """The ``INSERT`` of ``table`` with ``on_conflict_*`` for ``dialect`` (PostgreSQL or SQLite)."""
    if supported(dialect) == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert  # noqa: PLC0415

        return postgresql_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert  # noqa: PLC0415

    return sqlite_insert(table)
