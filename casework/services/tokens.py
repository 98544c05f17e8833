"""Staff API tokens (issue 19): create, list, revoke, and the check of a presented token.

A token is 32 random bytes; only its sha256 is stored (engineering notes: a hash of a random
token suffices, argon2 is for human passwords), so a copy of the database authenticates no
one.  Each token belongs to one user, who is the acting person of every request made with it,
and expires; a revoked or expired token is refused.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from casework.errors import (
    ActionNotAllowedError,
    AuthenticationError,
    NotFoundError,
    ValidationError,
)
from casework.services.access_ports import AccessUnitOfWork, ApiToken
from casework.services.context import ServiceContext

TOKEN_PREFIX = "cw_"
DEFAULT_VALIDITY_DAYS = 90
MAX_VALIDITY_DAYS = 366
USER_FIELD = "USER（用户）"
EXPIRES_FIELD = "--expires（有效期至）"
# Identities that come from a login (issue 15), not from a declaration.
AUTHENTICATED = ("database", "os")
REFUSED = "缺少有效的 API 令牌（Authorization: Bearer …），或令牌已过期、已撤销"


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewToken:
    """A token just created: ``secret`` is shown once and never stored."""

    secret: str
    token: ApiToken


def create_token(
    uow: AccessUnitOfWork, ctx: ServiceContext, user: str, expires_on: date | None = None
) -> NewToken:
    """A new token for ``user``, valid through ``expires_on`` (default: 90 days from today)."""
    user = user.strip()
    if not user:
        raise ValidationError("不能为空", field=USER_FIELD)
    if ctx.users and user not in ctx.users:
        known = "、".join(sorted(ctx.users))
        raise ValidationError(f"「{user}」不是配置的用户；已配置：{known}", field=USER_FIELD)
    if ctx.identity in AUTHENTICATED and user != ctx.actor:
        # The token's user acts in the staff API (domain.md §7): under an authenticated
        # identity (issue 15) nobody mints the power to act as somebody else.
        raise ActionNotAllowedError(
            f"只能为本人创建令牌：当前用户为「{ctx.actor}」，令牌的用户即以其名义办理的经办人",
            field=USER_FIELD,
        )
    last = expires_on or ctx.today + timedelta(days=DEFAULT_VALIDITY_DAYS)
    if last < ctx.today:
        raise ValidationError(f"不能早于今天（{ctx.today.isoformat()}）", field=EXPIRES_FIELD)
    if last > ctx.today + timedelta(days=MAX_VALIDITY_DAYS):
        raise ValidationError(f"最长 {MAX_VALIDITY_DAYS} 天，请按期更换令牌", field=EXPIRES_FIELD)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        token_sha256=token_sha256(secret),
        prefix=secret[:10],
        user=user,
        created_by=ctx.actor,
        created_at=ctx.now,
        # Valid through the whole of its last day (Asia/Shanghai).
        expires_at=datetime.combine(last + timedelta(days=1), time(), tzinfo=ctx.now.tzinfo),
    )
    with uow:
        uow.tokens.add(token)
        uow.commit()
    return NewToken(secret, token)


def list_tokens(uow: AccessUnitOfWork) -> list[ApiToken]:
    with uow:
        return uow.tokens.all()


def revoke_token(uow: AccessUnitOfWork, ctx: ServiceContext, token_id: int) -> ApiToken:
    with uow:
        token = uow.tokens.get(token_id)
        if token is None:
            raise NotFoundError(f"没有编号为 {token_id} 的令牌", field="TOKEN_ID（令牌编号）")
        if token.revoked_at is not None:
            raise ValidationError(
                f"该令牌已于 {token.revoked_at:%Y-%m-%d %H:%M} 撤销", field="TOKEN_ID（令牌编号）"
            )
        uow.tokens.revoke(token_id, ctx.now)
        uow.commit()
        token.revoked_at = ctx.now
        return token


def token_user(uow: AccessUnitOfWork, ctx: ServiceContext, presented: str) -> str:
    """The user a presented token belongs to; refused when unknown, expired or revoked, or
    when its user is no longer configured."""
    if not presented.startswith(TOKEN_PREFIX):
        raise AuthenticationError(REFUSED)
    with uow:
        token = uow.tokens.by_sha256(token_sha256(presented))
    if token is None or token.revoked_at is not None or token.expires_at <= ctx.now:
        raise AuthenticationError(REFUSED)
    if ctx.users and token.user not in ctx.users:
        raise AuthenticationError(REFUSED)
    return token.user


def token_status(token: ApiToken, now: datetime) -> str:
    """有效, 已过期 or 已撤销, as a list shows it."""
    if token.revoked_at is not None:
        return "已撤销"
    return "已过期" if token.expires_at <= now else "有效"
