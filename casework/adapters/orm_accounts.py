"""The review console's local accounts and sign-in sessions (issue 20).

``console_accounts`` holds one password per configured user (an argon2id hash, never the
password), the count of failed sign-ins since the last good one and when the account was
locked.  ``console_sessions`` holds the server-side sessions: the sha256 of the session cookie
(never the cookie), its user, its CSRF token and its expiry.  Roles stay in config.toml
(``[users.X]``); an account only proves who is at the keyboard.  The tables share
``casework.adapters.tables.metadata`` (the migrations' environment imports this module).
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table

from casework.adapters.column_types import AwareDateTime
from casework.adapters.tables import metadata

console_accounts = Table(
    "console_accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user", String(64), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("failed_attempts", Integer, nullable=False, default=0),
    Column("locked_at", AwareDateTime),
    Column("created_at", AwareDateTime, nullable=False),
    Column("changed_at", AwareDateTime, nullable=False),
)
console_sessions = Table(
    "console_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_sha256", String(64), nullable=False, unique=True),
    Column("user", String(64), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", AwareDateTime, nullable=False),
    Column("expires_at", AwareDateTime, nullable=False),
    Index("ix_console_sessions_user", "user"),
)
