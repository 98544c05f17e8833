"""What the review console needs from storage and from a password library (issue 20).

``casework.adapters.account_store`` implements ``AccountStore`` (each call its own
transaction: a failed sign-in is counted even though nothing else happens) and
``casework.adapters.passwords`` implements ``PasswordHasher`` with argon2id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class Account:
    """A console account: the user code of ``[users.X]`` and the state of its sign-ins."""

    user: str
    password_hash: str
    failed_attempts: int
    locked_at: datetime | None
    created_at: datetime
    changed_at: datetime


@dataclass(frozen=True)
class ConsoleSession:
    """A signed-in session: ``csrf_token`` goes into every form of the session's pages."""

    user: str
    csrf_token: str
    created_at: datetime
    expires_at: datetime


class AccountStore(Protocol):
    def get(self, user: str) -> Account | None: ...

    def all(self) -> list[Account]: ...

    def add(self, user: str, password_hash: str, at: datetime) -> None: ...

    def set_password(self, user: str, password_hash: str, at: datetime) -> None: ...

    def record_failure(self, user: str, at: datetime, limit: int) -> Account:
        """Count one failed sign-in; lock the account (at ``at``) when the count reaches
        ``limit``.  One statement, so two wrong guesses at once are both counted."""
        ...

    def clear_failures(self, user: str) -> None: ...

    def unlock(self, user: str) -> None: ...

    def add_session(self, digest: str, session: ConsoleSession) -> None: ...

    def session(self, digest: str) -> ConsoleSession | None: ...

    def end_session(self, digest: str) -> None: ...

    def end_sessions(self, user: str) -> None: ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool: ...

    def needs_rehash(self, password_hash: str) -> bool: ...
