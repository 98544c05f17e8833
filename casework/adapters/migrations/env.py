"""Alembic environment: run migrations on the connection casework hands in."""

from __future__ import annotations

from alembic import context

from casework.adapters import (
    case_file_tables,  # noqa: F401 - registers issue 17's tables
    orm_accounts,  # noqa: F401 - registers issue 20's tables
)
from casework.adapters.orm_scheduling import declare_for_dialect
from casework.adapters.tables import SEARCH_INDEX_OBJECTS, metadata


def include_object(
    _object: object, name: str | None, _type: str, reflected: bool, _compare_to: object
) -> bool:
    """Leave the engine-specific search index of revision 0018 out of the comparison."""
    return not (reflected and name in SEARCH_INDEX_OBJECTS)


connection = context.config.attributes["connection"]
declare_for_dialect(connection.dialect.name)  # the partial index's PostgreSQL condition
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # ALTER TABLE on SQLite through batch mode: one set of revisions
    compare_type=True,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
