"""document store: every document's bytes in the database, by sha256, and their PDF renditions

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04

Until 0009 a letter's bytes were a file under the home's ``documents`` folder, which only the
clerk of that home could reach, moved into place after the action committed (issue 15).  From
0010 they are a row of ``document_blobs`` (``bytea`` on PostgreSQL, a BLOB on SQLite), keyed by
the sha256 the ``documents`` row already records and written in the action's own transaction;
``document_renditions`` holds the PDFs made by ``casework docs --pdf``.

Existing rows are not touched: the bytes of letters written before 0010 are files the
migration cannot see (they live in each clerk's home).  ``casework db import-documents`` reads
them into the store once, checking each file against the recorded sha256.  Downgrading drops
both tables: run ``casework db export-documents`` first, which writes every stored letter back
to its place under the home's ``documents`` folder, where 0009's code reads it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_document_blobs")),
    )
    op.create_table(
        "document_renditions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_renditions_document_id_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["document_blobs.sha256"],
            name=op.f("fk_document_renditions_sha256_document_blobs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_renditions")),
        sa.UniqueConstraint("document_id", "format", name="uq_document_renditions_document_format"),
    )


def downgrade() -> None:
    op.drop_table("document_renditions")
    op.drop_table("document_blobs")
