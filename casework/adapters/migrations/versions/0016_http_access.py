"""the HTTP service: staff API tokens and the idempotency keys of online applications

Revision ID: 0016
Revises: 0011
Create Date: 2026-12-04

Issue 19 (``casework serve``).  ``api_tokens`` keeps the sha256 of each staff API token (never
the token), its user, expiry and revocation.  ``idempotency_keys`` ties an ``Idempotency-Key``
of ``POST /api/v1/applications`` to the case it created, with the sha256 of the request, so a
resubmitted form never makes a second case.  Online applications wait in the ``submitted``
state until a clerk confirms them (Reg. art. 31 item 3); ``state`` is free text of 24
characters, so that state needs no column.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("user", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_api_tokens_token_sha256")),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_sha256", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_idempotency_keys_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_keys")),
        sa.UniqueConstraint("scope", "key", name="uq_idempotency_keys_scope_key"),
    )


def downgrade() -> None:
    # Cases still waiting for confirmation stay as they are: an older engine shows their state
    # by its code and offers no action on them until the upgrade is redone.
    op.drop_table("idempotency_keys")
    op.drop_table("api_tokens")
