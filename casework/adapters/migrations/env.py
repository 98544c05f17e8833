"""Alembic environment: run migrations on the connection casework hands in."""

from __future__ import annotations

from alembic import context

from casework.adapters import case_file_tables  # noqa: F401 - registers issue 17's tables
from casework.adapters.orm import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # ALTER TABLE on SQLite through batch mode: one set of revisions
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
