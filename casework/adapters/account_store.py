"""SQLAlchemy store of the console's accounts and sessions (issue 20), on the engine: each
call is one short transaction (a failed sign-in must be counted although the request fails)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine

from casework.adapters.orm_accounts import console_accounts, console_sessions
from casework.adapters.repository import translate_errors
from casework.services.account_ports import Account, ConsoleSession

_ACCOUNT = console_accounts.c


class SqlAccountStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get(self, user: str) -> Account | None:
        with translate_errors(), self.engine.connect() as connection:
            row = connection.execute(select(console_accounts).where(_ACCOUNT.user == user)).first()
        return None if row is None else _account(row._mapping)

    def all(self) -> list[Account]:
        with translate_errors(), self.engine.connect() as connection:
            rows = connection.execute(select(console_accounts).order_by(_ACCOUNT.user))
            return [_account(row._mapping) for row in rows]

    def add(self, user: str, password_hash: str, at: datetime) -> None:
        values = {"user": user, "password_hash": password_hash, "failed_attempts": 0}
        with translate_errors(), self.engine.begin() as connection:
            connection.execute(
                insert(console_accounts).values(**values, created_at=at, changed_at=at)
            )

    def set_password(self, user: str, password_hash: str, at: datetime) -> None:
        self._update(user, password_hash=password_hash, changed_at=at)

    def record_failure(self, user: str, at: datetime, limit: int) -> Account:
        with translate_errors(), self.engine.begin() as connection:
            connection.execute(
                update(console_accounts)
                .where(_ACCOUNT.user == user)
                .values(failed_attempts=_ACCOUNT.failed_attempts + 1)
            )
            connection.execute(
                update(console_accounts)
                .where(
                    _ACCOUNT.user == user,
                    _ACCOUNT.failed_attempts >= limit,
                    _ACCOUNT.locked_at.is_(None),
                )
                .values(locked_at=at)
            )
            row = connection.execute(select(console_accounts).where(_ACCOUNT.user == user)).one()
        return _account(row._mapping)

    def clear_failures(self, user: str) -> None:
        self._update(user, failed_attempts=0)

    def unlock(self, user: str) -> None:
        self._update(user, failed_attempts=0, locked_at=None)

    def _update(self, user: str, **values: Any) -> None:
        with translate_errors(), self.engine.begin() as connection:
            connection.execute(
                update(console_accounts).where(_ACCOUNT.user == user).values(**values)
            )

    def add_session(self, digest: str, session: ConsoleSession) -> None:
        values = {
            "session_sha256": digest,
            "user": session.user,
            "csrf_token": session.csrf_token,
            "created_at": session.created_at,
            "expires_at": session.expires_at,
        }
        with translate_errors(), self.engine.begin() as connection:
            connection.execute(insert(console_sessions).values(**values))

    def session(self, digest: str) -> ConsoleSession | None:
        query = select(
            console_sessions.c.user,
            console_sessions.c.csrf_token,
            console_sessions.c.created_at,
            console_sessions.c.expires_at,
        ).where(console_sessions.c.session_sha256 == digest)
        with translate_errors(), self.engine.connect() as connection:
            row = connection.execute(query).first()
        return None if row is None else ConsoleSession(*row)

    def end_session(self, digest: str) -> None:
        with translate_errors(), self.engine.begin() as connection:
            connection.execute(
                delete(console_sessions).where(console_sessions.c.session_sha256 == digest)
            )

    def end_sessions(self, user: str) -> None:
        with translate_errors(), self.engine.begin() as connection:
            connection.execute(delete(console_sessions).where(console_sessions.c.user == user))


def _account(row: Any) -> Account:
    return Account(
        user=row["user"],
        password_hash=row["password_hash"],
        failed_attempts=row["failed_attempts"],
        locked_at=row["locked_at"],
        created_at=row["created_at"],
        changed_at=row["changed_at"],
    )
