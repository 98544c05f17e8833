"""The review console's local accounts (issue 20): ``casework user add|passwd|unlock|list``.

Roles stay in config.toml (``[users.X]``); an account is the password a user signs in to the
console with, stored as an argon2id hash.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from casework.entrypoints.cli import pass_app
from casework.entrypoints.cli.output import echo_json, table
from casework.entrypoints.cli.params import json_option

if TYPE_CHECKING:
    from casework.bootstrap import App

STDIN_HELP = "从标准输入读取密码（一行），供脚本使用；否则交互输入两次。"


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    text: str = click.prompt("密码", hide_input=True, confirmation_prompt="再次输入密码")
    return text


@click.group(name="user")
def user_group() -> None:
    """控制台账户：登录审核控制台的本地密码（角色仍以 config.toml 的 [users] 为准）。

    \b
    示例：
      casework user add lisi
      echo '一个足够长的密码' | casework user add lisi --password-stdin
      casework user unlock lisi
    """


@user_group.command(name="add")
@click.argument("user", metavar="USER")
@click.option("--password-stdin", "from_stdin", is_flag=True, help=STDIN_HELP)
@pass_app
def user_add(app: App, user: str, from_stdin: bool) -> None:
    """为已配置的用户 USER 建立控制台账户（密码至少 10 个字符，以 argon2id 散列保存）。

    \b
    示例：
      casework user add lisi
      echo '一个足够长的密码' | casework user add lisi --password-stdin
    """
    from casework.services.accounts import add_account

    account = add_account(
        app.accounts(), app.passwords(), app.context(), user, _password(from_stdin)
    )
    click.echo(f"已为用户 {account.user} 建立控制台账户。")


@user_group.command(name="passwd")
@click.argument("user", metavar="USER")
@click.option("--password-stdin", "from_stdin", is_flag=True, help=STDIN_HELP)
@pass_app
def user_passwd(app: App, user: str, from_stdin: bool) -> None:
    """修改 USER 的控制台密码；其已登录的会话全部失效。

    \b
    示例：
      casework user passwd lisi
    """
    from casework.services.accounts import change_password

    account = change_password(
        app.accounts(), app.passwords(), app.context(), user, _password(from_stdin)
    )
    click.echo(f"已修改用户 {account.user} 的控制台密码，原有登录会话已失效。")


@user_group.command(name="unlock")
@click.argument("user", metavar="USER")
@pass_app
def user_unlock(app: App, user: str) -> None:
    """解锁因连续登录失败被锁定的账户 USER，并清零失败次数。

    \b
    示例：
      casework user unlock lisi
    """
    from casework.services.accounts import unlock

    account = unlock(app.accounts(), app.context(), user)
    click.echo(f"已解锁用户 {account.user} 的控制台账户。")


@user_group.command(name="list")
@json_option
@pass_app
def user_list(app: App, as_json: bool) -> None:
    """列出控制台账户：用户、角色、连续失败次数、是否锁定。

    \b
    示例：
      casework user list --json
    """
    from casework.services.accounts import list_accounts

    accounts = list_accounts(app.accounts())
    users = app.settings.users
    views: list[dict[str, Any]] = [
        {
            "user": a.user,
            "name": users[a.user].name if a.user in users else None,
            "roles": list(users[a.user].roles) if a.user in users else [],
            "failed_attempts": a.failed_attempts,
            "locked_at": a.locked_at.isoformat() if a.locked_at else None,
            "changed_at": a.changed_at.isoformat(),
        }
        for a in accounts
    ]
    if as_json:
        echo_json(views)
        return
    rows = [
        (v["user"], v["name"] or "（未配置）", "、".join(v["roles"]), v["failed_attempts"],
         "已锁定" if v["locked_at"] else "正常")
        for v in views
    ]  # fmt: skip
    click.echo(table(["用户", "姓名", "角色", "连续失败", "状态"], rows))


COMMANDS = (user_group,)
