"""Who acts (issue 15; domain.md §7): the login decides; --user may only name the same person
unless the identity is declared, and a declared identity names a configured user."""

from __future__ import annotations

import pytest

from casework.domain.agency import UserProfile, resolve_acting_user
from casework.errors import ActionNotAllowedError, ConfigurationError

USERS = {
    "zhangsan": UserProfile(name="张三", db_role="zs_login", os_user="zs"),
    "lisi": UserProfile(name="李四", roles=("reviewer",)),
}


def test_the_database_login_maps_to_the_user_whose_db_role_it_is() -> None:
    acting = resolve_acting_user("database", USERS, login="zs_login", declared=None)
    assert (acting.code, acting.source, acting.login) == ("zhangsan", "database", "zs_login")


def test_a_login_without_a_mapping_key_maps_by_the_user_code() -> None:
    assert resolve_acting_user("os", USERS, login="lisi", declared=None).code == "lisi"


@pytest.mark.parametrize("source", ["database", "os"])
def test_an_unmapped_login_is_refused_naming_the_setting(source: str) -> None:
    key = "db_role" if source == "database" else "os_user"
    with pytest.raises(ActionNotAllowedError, match=f'{key} = "mallory"'):
        resolve_acting_user(source, USERS, login="mallory", declared=None)  # type: ignore[arg-type]


@pytest.mark.parametrize("declared", ["zhangsan", "zs"])
def test_user_may_name_the_logged_in_person_by_code_or_login(declared: str) -> None:
    acting = resolve_acting_user("os", USERS, login="zs", declared=declared)
    assert acting.code == "zhangsan"


def test_user_naming_another_person_is_refused() -> None:
    with pytest.raises(ActionNotAllowedError, match="不能以「lisi」的名义办理"):
        resolve_acting_user("database", USERS, login="zs_login", declared="lisi")


def test_without_users_the_login_acts_and_cannot_take_a_second_name() -> None:
    # The default identity without [users]: one person cannot approve their own draft under
    # another name.
    assert resolve_acting_user("os", {}, login="clerk", declared=None).code == "clerk"
    with pytest.raises(ActionNotAllowedError, match="不能以「reviewer」的名义办理"):
        resolve_acting_user("os", {}, login="clerk", declared="reviewer")


def test_a_declared_identity_names_a_configured_user_and_says_so() -> None:
    acting = resolve_acting_user("declared", USERS, login=None, declared="lisi")
    assert (acting.code, acting.source, acting.login) == ("lisi", "declared", None)
    with pytest.raises(ActionNotAllowedError, match="未在配置的用户中登记"):
        resolve_acting_user("declared", USERS, login=None, declared="wangwu")
    with pytest.raises(ConfigurationError, match="须用 --user 或 CASEWORK_USER"):
        resolve_acting_user("declared", USERS, login=None, declared=None)


def test_a_declared_identity_needs_configured_users() -> None:
    with pytest.raises(ConfigurationError, match=r"须在 config.toml 的 \[users\] 中登记"):
        resolve_acting_user("declared", {}, login=None, declared="anyone")
