"""Console accounts and sign-in sessions (issue 20): who is at the keyboard of the console.

An account is a password for a user of ``[users.X]`` (roles stay in config.toml).  A sign-in
checks the password (argon2id), counts failures and locks the account after
``max_failures`` in a row, until ``casework user unlock``; a good sign-in makes a server-side
session: a 32-byte random cookie of which only the sha256 is stored, with its own CSRF token
and an expiry.  The signed-in user is the acting person of every console action (domain.md §7:
who acted is part of the legal record and comes from authentication).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from casework.errors import (
    ActionNotAllowedError,
    AuthenticationError,
    NotFoundError,
    ValidationError,
)
from casework.services.account_ports import Account, AccountStore, ConsoleSession, PasswordHasher
from casework.services.context import ServiceContext
from casework.services.tokens import AUTHENTICATED

USER_FIELD = "USER（用户）"
PASSWORD_FIELD = "密码"
MIN_PASSWORD_LENGTH = 10
REFUSED = "用户名或密码不正确"
LOCKED = "该账户因连续多次登录失败已被锁定，请联系管理员解锁（casework user unlock）"


@dataclass(frozen=True)
class SignIn:
    """A session just made: ``secret`` goes into the cookie and is never stored."""

    secret: str
    session: ConsoleSession


def session_sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _configured(ctx: ServiceContext, user: str) -> str:
    user = user.strip()
    if not user:
        raise ValidationError("不能为空", field=USER_FIELD)
    if ctx.users and user not in ctx.users:
        known = "、".join(sorted(ctx.users))
        raise ValidationError(f"「{user}」不是配置的用户；已配置：{known}", field=USER_FIELD)
    return user


def _only_oneself(ctx: ServiceContext, user: str) -> None:
    """Under an authenticated identity (issue 15) a password is set only by its owner, as
    ``token create`` makes tokens only for oneself: whoever could set a colleague's password
    could act as them in the console (domain.md §7)."""
    if ctx.identity in AUTHENTICATED and user != ctx.actor:
        raise ActionNotAllowedError(
            f"只能为本人设置或解锁控制台账户：当前用户为「{ctx.actor}」", field=USER_FIELD
        )


def _checked_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(f"至少 {MIN_PASSWORD_LENGTH} 个字符", field=PASSWORD_FIELD)
    if password != password.strip() or any(ord(c) < 32 for c in password):
        raise ValidationError("不能以空格开头或结尾，也不能含控制字符", field=PASSWORD_FIELD)
    return password


def add_account(
    store: AccountStore, hasher: PasswordHasher, ctx: ServiceContext, user: str, password: str
) -> Account:
    """A console account for ``user`` (a configured user) with ``password``."""
    user = _configured(ctx, user)
    _only_oneself(ctx, user)
    if store.get(user) is not None:
        raise ValidationError(
            f"「{user}」已有控制台账户；修改密码请用 casework user passwd", field=USER_FIELD
        )
    store.add(user, hasher.hash(_checked_password(password)), ctx.now)
    account = store.get(user)
    assert account is not None
    return account


def _existing(store: AccountStore, user: str) -> Account:
    account = store.get(user.strip())
    if account is None:
        raise NotFoundError(f"「{user}」没有控制台账户（casework user add）", field=USER_FIELD)
    return account


def change_password(
    store: AccountStore, hasher: PasswordHasher, ctx: ServiceContext, user: str, password: str
) -> Account:
    """A new password; every open session of the user ends (a stolen cookie dies with it)."""
    account = _existing(store, user)
    _only_oneself(ctx, account.user)
    store.set_password(account.user, hasher.hash(_checked_password(password)), ctx.now)
    store.end_sessions(account.user)
    return _existing(store, account.user)


def unlock(store: AccountStore, ctx: ServiceContext, user: str) -> Account:
    account = _existing(store, user)
    _only_oneself(ctx, account.user)
    store.unlock(account.user)
    return _existing(store, account.user)


def list_accounts(store: AccountStore) -> list[Account]:
    return store.all()


def sign_in(
    store: AccountStore,
    hasher: PasswordHasher,
    ctx: ServiceContext,
    user: str,
    password: str,
    *,
    max_failures: int,
    session_hours: int,
) -> SignIn:
    """A session for ``user`` when the password is right and the account is not locked.
    An unknown user, a wrong password and a user no longer configured answer alike."""
    account = store.get(user.strip())
    if account is None or (ctx.users and account.user not in ctx.users):
        # Hash anyway, so that the answer's timing does not tell which users have accounts.
        hasher.verify(_decoy(hasher), password)
        raise AuthenticationError(REFUSED, field=USER_FIELD)
    if account.locked_at is not None:
        raise AuthenticationError(LOCKED, field=USER_FIELD)
    if not hasher.verify(account.password_hash, password):
        failed = store.record_failure(account.user, ctx.now, max_failures)
        raise AuthenticationError(LOCKED if failed.locked_at else REFUSED, field=USER_FIELD)
    if account.failed_attempts:
        store.clear_failures(account.user)
    if hasher.needs_rehash(account.password_hash):
        store.set_password(account.user, hasher.hash(password), account.changed_at)
    return open_session(store, ctx, account.user, session_hours=session_hours)


_decoys: dict[int, str] = {}


def _decoy(hasher: PasswordHasher) -> str:
    """A hash of a random password, made once per hasher kind."""
    key = id(type(hasher))
    if key not in _decoys:
        _decoys[key] = hasher.hash(secrets.token_urlsafe(16))
    return _decoys[key]


def open_session(
    store: AccountStore, ctx: ServiceContext, user: str, *, session_hours: int
) -> SignIn:
    secret = secrets.token_urlsafe(32)
    session = ConsoleSession(
        user=user,
        csrf_token=secrets.token_urlsafe(32),
        created_at=ctx.now,
        expires_at=ctx.now + timedelta(hours=session_hours),
    )
    store.add_session(session_sha256(secret), session)
    return SignIn(secret, session)


def proxy_session(
    store: AccountStore, ctx: ServiceContext, user: str, *, session_hours: int
) -> SignIn:
    """A session for the user the deployment's reverse proxy authenticated (its user header,
    trusted only when configured): a configured user, or refused like a wrong password."""
    user = user.strip()
    if not user or len(user) > 64 or any(ord(c) < 32 for c in user) or user not in ctx.users:
        raise AuthenticationError(REFUSED, field=USER_FIELD)
    return open_session(store, ctx, user, session_hours=session_hours)


def current_session(store: AccountStore, ctx: ServiceContext, secret: str) -> ConsoleSession:
    """The live session of a cookie; refused when unknown, expired, or its user is no longer
    configured."""
    session = store.session(session_sha256(secret)) if secret else None
    if session is None or session.expires_at <= ctx.now:
        raise AuthenticationError("未登录或登录已过期，请重新登录", field="会话")
    if ctx.users and session.user not in ctx.users:
        raise AuthenticationError("未登录或登录已过期，请重新登录", field="会话")
    return session


def sign_out(store: AccountStore, secret: str) -> None:
    if secret:
        store.end_session(session_sha256(secret))
