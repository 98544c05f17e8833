"""``casework user`` (issue 20): console accounts for configured users, their passwords only as
argon2id hashes, refusals in Chinese with exit status 1 and nothing stored."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import CliInvoke, dump
from tests.support.console import PASSWORD, add_account


def test_an_account_is_added_listed_and_its_password_never_stored(
    cli: CliInvoke, home: Path
) -> None:
    made = cli("user", "add", "lisi", "--password-stdin", input=PASSWORD + "\n")
    assert made.exit_code == 0 and made.stdout.strip() == "已为用户 lisi 建立控制台账户。"
    assert PASSWORD.encode() not in (home / "casework.db").read_bytes()
    assert "$argon2id$" in "\n".join(dump(home))
    listed = json.loads(cli("user", "list", "--json").output)
    assert [(a["user"], a["name"], a["roles"], a["failed_attempts"]) for a in listed] == [
        ("lisi", "李四", ["reviewer"], 0)
    ]
    table = cli("user", "list").output
    assert "李四" in table and "正常" in table


def test_the_password_is_asked_twice_without_password_stdin(cli: CliInvoke) -> None:
    made = cli("user", "add", "lisi", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert made.exit_code == 0, made.output
    assert PASSWORD not in made.output


def test_refusals_exit_1_in_chinese_and_store_nothing(cli: CliInvoke, home: Path) -> None:
    add_account(cli, "lisi")
    before = dump(home)
    for args, stdin, message in [
        (("user", "add", "zhaoliu", "--password-stdin"), PASSWORD, "「zhaoliu」不是配置的用户"),
        (("user", "add", "wangwu", "--password-stdin"), "short", "密码：至少 10 个字符"),
        (("user", "add", "lisi", "--password-stdin"), PASSWORD, "「lisi」已有控制台账户"),
        (("user", "passwd", "wangwu", "--password-stdin"), PASSWORD, "「wangwu」没有控制台账户"),
        (("user", "unlock", "wangwu"), "", "「wangwu」没有控制台账户"),
    ]:
        refused = cli(*args, input=stdin + "\n")
        assert refused.exit_code == 1, args
        assert message in refused.stderr, refused.stderr
    assert dump(home) == before


def test_passwd_replaces_the_hash(cli: CliInvoke) -> None:
    add_account(cli, "lisi")
    changed = cli("user", "passwd", "lisi", "--password-stdin", input="另一个足够长的口令xyz\n")
    assert changed.exit_code == 0
    assert changed.stdout.strip() == "已修改用户 lisi 的控制台密码，原有登录会话已失效。"
