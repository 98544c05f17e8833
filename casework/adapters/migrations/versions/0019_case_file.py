"""case file: attachments and archive bundles, their bytes in the document store

Revision ID: 0019
Revises: 0010
Create Date: 2026-12-04

Issue 17: ``attachments`` lists the files attached to a case (scans, opinions, receipts,
proofs of delivery, remedy decisions; Reg. art. 45) and ``archive_bundles`` the frozen bundle
each archive action (归档) made, sealed with the journal's head hash.  Both keep only sha256
references: the bytes are rows of ``document_blobs`` (revision 0010).  New tables only, so
existing rows are untouched; downgrading drops them (the blobs they pointed to stay, unused).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("event_seq", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_attachments_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["sha256"], ["document_blobs.sha256"], name=op.f("fk_attachments_sha256_document_blobs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    op.create_index(op.f("ix_attachments_case_id"), "attachments", ["case_id"])
    op.create_table(
        "archive_bundles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("event_seq", sa.Integer(), nullable=False),
        sa.Column("manifest_sha256", sa.String(length=64), nullable=False),
        sa.Column("journal_head", sa.String(length=64), nullable=False),
        sa.Column("seal", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_archive_bundles_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["manifest_sha256"],
            ["document_blobs.sha256"],
            name=op.f("fk_archive_bundles_manifest_sha256_document_blobs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archive_bundles")),
    )
    op.create_index(op.f("ix_archive_bundles_case_id"), "archive_bundles", ["case_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_archive_bundles_case_id"), table_name="archive_bundles")
    op.drop_table("archive_bundles")
    op.drop_index(op.f("ix_attachments_case_id"), table_name="attachments")
    op.drop_table("attachments")
