"""What the HTTP service needs from storage beyond the case ports (issue 19), as protocols.

Staff API tokens (kept as their sha256 only) and the idempotency keys of online applications.
``casework.adapters.access_store`` implements them; ``SqlUnitOfWork`` offers both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from casework.services.ports import UnitOfWork


@dataclass
class ApiToken:
    """A staff API token: whose it is, until when, whether revoked.  ``prefix`` is the start of
    the token, enough for a person to tell tokens apart in a list, useless to authenticate."""

    token_sha256: str
    prefix: str
    user: str
    created_by: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
    id: int | None = None


@dataclass(frozen=True)
class IdempotencyRecord:
    """The case an ``Idempotency-Key`` created, and the sha256 of the request that made it."""

    scope: str
    key: str
    request_sha256: str
    case_id: int
    created_at: datetime


class TokenStore(Protocol):
    def add(self, token: ApiToken) -> int: ...

    def by_sha256(self, digest: str) -> ApiToken | None: ...

    def get(self, token_id: int) -> ApiToken | None: ...

    def all(self) -> list[ApiToken]: ...

    def revoke(self, token_id: int, at: datetime) -> None: ...


class IdempotencyStore(Protocol):
    def find(self, scope: str, key: str) -> IdempotencyRecord | None: ...

    def add(self, record: IdempotencyRecord) -> None: ...


class AccessUnitOfWork(UnitOfWork, Protocol):
    """A unit of work that also holds the tokens and the idempotency keys."""

    @property
    def tokens(self) -> TokenStore: ...

    @property
    def idempotency(self) -> IdempotencyStore: ...
