"""Console accounts and sessions (issue 20) on both engines: argon2id hashes of configured
users' passwords, the lock-out after repeated failures and the unlock, sessions that expire,
end at sign-out and when the password changes."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from casework.adapters.account_store import SqlAccountStore
from casework.adapters.passwords import Argon2Passwords
from casework.domain.agency import UserProfile
from casework.errors import (
    ActionNotAllowedError,
    AuthenticationError,
    NotFoundError,
    ValidationError,
)
from casework.services import accounts
from casework.services.context import ServiceContext

AT = datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PASSWORD = "一个足够长的口令abc"
USERS = {"lisi": UserProfile(name="李四", roles=("reviewer",))}


@pytest.fixture
def store(engine: Any) -> SqlAccountStore:
    return SqlAccountStore(engine)


@pytest.fixture
def ctx() -> ServiceContext:
    return ServiceContext(actor="admin", now=AT, agencies={}, default_agency="demo", users=USERS)


def sign_in(store: SqlAccountStore, ctx: ServiceContext, password: str) -> accounts.SignIn:
    return accounts.sign_in(
        store, Argon2Passwords(), ctx, "lisi", password, max_failures=3, session_hours=8
    )


def test_an_account_keeps_an_argon2id_hash_never_the_password(
    store: SqlAccountStore, ctx: ServiceContext
) -> None:
    account = accounts.add_account(store, Argon2Passwords(), ctx, "lisi", PASSWORD)
    assert account.password_hash.startswith("$argon2id$")
    assert PASSWORD not in account.password_hash
    assert sign_in(store, ctx, PASSWORD).session.user == "lisi"


@pytest.mark.parametrize(
    ("user", "password", "message"),
    [
        ("zhaoliu", PASSWORD, "USER（用户）：「zhaoliu」不是配置的用户；已配置：lisi"),
        ("lisi", "short", "密码：至少 10 个字符"),
        ("lisi", " 前后有空格的口令abc ", "密码：不能以空格开头或结尾，也不能含控制字符"),
    ],
)
def test_an_unconfigured_user_or_a_weak_password_is_refused(
    store: SqlAccountStore, ctx: ServiceContext, user: str, password: str, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        accounts.add_account(store, Argon2Passwords(), ctx, user, password)
    assert str(refused.value) == message
    assert store.all() == []


def test_failures_in_a_row_lock_the_account_until_it_is_unlocked(
    store: SqlAccountStore, ctx: ServiceContext
) -> None:
    accounts.add_account(store, Argon2Passwords(), ctx, "lisi", PASSWORD)
    for _ in range(2):
        with pytest.raises(AuthenticationError, match=accounts.REFUSED):
            sign_in(store, ctx, "wrong password")
    with pytest.raises(AuthenticationError, match="已被锁定"):
        sign_in(store, ctx, "wrong password")
    # Locked: even the right password is refused until the administrator unlocks.
    with pytest.raises(AuthenticationError, match="已被锁定"):
        sign_in(store, ctx, PASSWORD)
    locked = store.get("lisi")
    assert locked is not None and (locked.failed_attempts, locked.locked_at) == (3, AT)
    accounts.unlock(store, ctx, "lisi")
    assert sign_in(store, ctx, PASSWORD).session.user == "lisi"


def test_a_good_sign_in_clears_the_failures(store: SqlAccountStore, ctx: ServiceContext) -> None:
    accounts.add_account(store, Argon2Passwords(), ctx, "lisi", PASSWORD)
    with pytest.raises(AuthenticationError):
        sign_in(store, ctx, "wrong password")
    sign_in(store, ctx, PASSWORD)
    account = store.get("lisi")
    assert account is not None and account.failed_attempts == 0


def test_a_session_expires_ends_at_sign_out_and_keeps_only_its_hash(
    store: SqlAccountStore, ctx: ServiceContext
) -> None:
    accounts.add_account(store, Argon2Passwords(), ctx, "lisi", PASSWORD)
    made = sign_in(store, ctx, PASSWORD)
    assert store.session(made.secret) is None  # the cookie itself is not a key of the table
    assert accounts.current_session(store, ctx, made.secret) == made.session
    later = replace(ctx, now=AT + timedelta(hours=8))
    with pytest.raises(AuthenticationError):
        accounts.current_session(store, later, made.secret)
    accounts.sign_out(store, made.secret)
    with pytest.raises(AuthenticationError):
        accounts.current_session(store, ctx, made.secret)


def test_a_new_password_ends_every_session_of_the_user(
    store: SqlAccountStore, ctx: ServiceContext
) -> None:
    accounts.add_account(store, Argon2Passwords(), ctx, "lisi", PASSWORD)
    made = sign_in(store, ctx, PASSWORD)
    accounts.change_password(store, Argon2Passwords(), ctx, "lisi", "另一个足够长的口令xyz")
    with pytest.raises(AuthenticationError):
        accounts.current_session(store, ctx, made.secret)
    with pytest.raises(AuthenticationError):
        sign_in(store, ctx, PASSWORD)
    assert sign_in(store, ctx, "另一个足够长的口令xyz").session.user == "lisi"


def test_a_user_dropped_from_the_configuration_can_no_longer_sign_in(
    store: SqlAccountStore, ctx: ServiceContext
) -> None:
    accounts.add_account(store, Argon2Passwords(), ctx, "lisi", PASSWORD)
    made = sign_in(store, ctx, PASSWORD)
    gone = replace(ctx, users={"wangwu": UserProfile(name="王五", roles=("head",))})
    with pytest.raises(AuthenticationError, match=accounts.REFUSED):
        sign_in(store, gone, PASSWORD)
    with pytest.raises(AuthenticationError):
        accounts.current_session(store, gone, made.secret)


def test_unlocking_an_unknown_account_is_refused(
    store: SqlAccountStore, ctx: ServiceContext
) -> None:
    with pytest.raises(NotFoundError, match="没有控制台账户"):
        accounts.unlock(store, ctx, "nobody")


@pytest.mark.parametrize("identity", ["database", "os"])
def test_under_an_authenticated_identity_only_the_owner_sets_or_unlocks_a_password(
    store: SqlAccountStore, ctx: ServiceContext, identity: str
) -> None:
    accounts.add_account(store, Argon2Passwords(), ctx, "lisi", PASSWORD)
    logged_in = replace(ctx, identity=identity, actor="zhangsan")
    with pytest.raises(ActionNotAllowedError, match="只能为本人"):
        accounts.change_password(
            store, Argon2Passwords(), logged_in, "lisi", "另一个足够长的口令xyz"
        )
    with pytest.raises(ActionNotAllowedError, match="只能为本人"):
        accounts.unlock(store, logged_in, "lisi")
    own = replace(logged_in, actor="lisi")
    accounts.change_password(store, Argon2Passwords(), own, "lisi", "另一个足够长的口令xyz")
    assert sign_in(store, ctx, "另一个足够长的口令xyz").session.user == "lisi"
