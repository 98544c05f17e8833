"""Revision 0019: the attachments and archive_bundles tables appear on upgrade and go on
downgrade to 0010, on SQLite and PostgreSQL; the rows of 0010 (letters' blobs) stay."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, select

from casework.adapters.database import (
    alembic_config,
    current_revision,
    make_engine,
    upgrade,
)
from casework.adapters.orm_documents import document_blobs


def test_revision_0019_creates_and_drops_the_case_file_tables(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        upgrade(engine, "0010")
        with engine.begin() as connection:
            connection.execute(
                document_blobs.insert().values(sha256="a" * 64, size=1, content=b"x")
            )
        assert "attachments" not in inspect(engine).get_table_names()
        upgrade(engine, "0019")  # this revision, whatever the head is now
        assert current_revision(engine) == "0019"
        tables = set(inspect(engine).get_table_names())
        assert {"attachments", "archive_bundles"} <= tables
        columns = {c["name"] for c in inspect(engine).get_columns("attachments")}
        assert {"kind", "name", "media_type", "size", "sha256", "note", "event_seq"} <= columns
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0010")
        assert current_revision(engine) == "0010"
        tables = set(inspect(engine).get_table_names())
        assert not {"attachments", "archive_bundles"} & tables
        with engine.connect() as connection:
            assert connection.execute(select(document_blobs.c.sha256)).scalars().all() == ["a" * 64]
        upgrade(engine, "0019")
        assert current_revision(engine) == "0019"
    finally:
        engine.dispose()
