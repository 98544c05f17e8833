"""SQLAlchemy stores of the HTTP service (issue 19): staff API tokens and idempotency keys.

Core statements on the session of the unit of work, so a key is written in the same transaction
as the case it created.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from casework.adapters.orm import api_tokens, idempotency_keys
from casework.errors import ConflictError
from casework.services.access_ports import ApiToken, IdempotencyRecord


class SqlTokenStore:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, token: ApiToken) -> int:
        values = {
            "token_sha256": token.token_sha256,
            "prefix": token.prefix,
            "user": token.user,
            "created_by": token.created_by,
            "created_at": token.created_at,
            "expires_at": token.expires_at,
            "revoked_at": token.revoked_at,
        }
        result = self.session.connection().execute(insert(api_tokens).values(**values))
        assert result.inserted_primary_key is not None
        token.id = int(result.inserted_primary_key[0])
        return token.id

    def by_sha256(self, digest: str) -> ApiToken | None:
        row = self.session.execute(
            select(api_tokens).where(api_tokens.c.token_sha256 == digest)
        ).first()
        return None if row is None else _token(row._mapping)

    def get(self, token_id: int) -> ApiToken | None:
        row = self.session.execute(select(api_tokens).where(api_tokens.c.id == token_id)).first()
        return None if row is None else _token(row._mapping)

    def all(self) -> list[ApiToken]:
        rows = self.session.execute(select(api_tokens).order_by(api_tokens.c.id))
        return [_token(row._mapping) for row in rows]

    def revoke(self, token_id: int, at: datetime) -> None:
        self.session.execute(
            update(api_tokens).where(api_tokens.c.id == token_id).values(revoked_at=at)
        )


def _token(row: Any) -> ApiToken:
    return ApiToken(
        token_sha256=row["token_sha256"],
        prefix=row["prefix"],
        user=row["user"],
        created_by=row["created_by"],
        created_at=row["created_at"],
        expires_at=row["expires_at"],
        revoked_at=row["revoked_at"],
        id=row["id"],
    )


class SqlIdempotencyStore:
    def __init__(self, session: Session) -> None:
        self.session = session

    def find(self, scope: str, key: str) -> IdempotencyRecord | None:
        row = self.session.execute(
            select(idempotency_keys).where(
                idempotency_keys.c.scope == scope, idempotency_keys.c.key == key
            )
        ).first()
        if row is None:
            return None
        values = row._mapping
        return IdempotencyRecord(
            scope=values["scope"],
            key=values["key"],
            request_sha256=values["request_sha256"],
            case_id=values["case_id"],
            created_at=values["created_at"],
        )

    def add(self, record: IdempotencyRecord) -> None:
        """Refused as a conflict when another request stored the same key first (the unique
        constraint decides between simultaneous requests)."""
        statement = insert(idempotency_keys).values(
            scope=record.scope,
            key=record.key,
            request_sha256=record.request_sha256,
            case_id=record.case_id,
            created_at=record.created_at,
        )
        try:
            self.session.execute(statement)
        except IntegrityError as exc:
            raise ConflictError("另一请求正以同一键提交", field="Idempotency-Key") from exc
