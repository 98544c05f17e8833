"""Administering the database: ``casework db upgrade`` (schema migrations) and ``casework db
grant`` (PostgreSQL logins and the agencies row-level security lets them see; issue 15)."""

from __future__ import annotations

import click

from casework.entrypoints.cli import State


@click.group("db")
def db_group() -> None:
    """数据库管理：升级表结构、为办理人员的数据库登录授权（PostgreSQL）。

    \b
    示例：
      casework db upgrade
      casework db grant
    """


@db_group.command("upgrade")
@click.pass_context
def upgrade(ctx: click.Context) -> None:
    """把数据库表结构升级到本版本（Alembic 迁移）；须由数据库属主（管理员登录）执行。

    \b
    示例：
      casework db upgrade
    """
    from casework.adapters.database import (
        HEAD_REVISION,
        current_revision,
        display_url,
        make_engine,
    )
    from casework.adapters.database import upgrade as run_upgrade
    from casework.settings import load_settings

    state = ctx.find_object(State)
    assert state is not None
    settings = load_settings(state.home)
    engine = make_engine(settings.effective_database_url)
    try:
        before = current_revision(engine)
        if before != HEAD_REVISION:
            run_upgrade(engine)
        after = current_revision(engine)
    finally:
        engine.dispose()
    shown = display_url(settings.effective_database_url)
    if before == after:
        click.echo(f"数据库 {shown} 已是最新结构（版本 {after}），无需升级")
    else:
        click.echo(f"数据库 {shown} 已从版本 {before or '（空库）'} 升级到 {after}")


@db_group.command("grant")
@click.pass_context
def grant(ctx: click.Context) -> None:
    """按 config.toml 的 [users] 为每位用户的数据库登录（db_role）授权，并写入其可办理的机关
    （agencies，空表示全部机关），由行级安全策略据此限制其可见、可写的案件、文书和日志。

    须由数据库属主执行；登录角色须已创建（CREATE ROLE … LOGIN）。可重复执行。

    \b
    示例：
      casework db grant
    """
    from casework.adapters.database import ensure_schema, make_engine
    from casework.adapters.row_security import sync_grants
    from casework.settings import load_settings

    state = ctx.find_object(State)
    assert state is not None
    settings = load_settings(state.home)
    roles = {user.db_role or code: user.agencies for code, user in sorted(settings.users.items())}
    if not roles:
        raise click.UsageError("config.toml 中没有 [users]，无可授权的数据库登录")
    engine = make_engine(settings.effective_database_url)
    try:
        ensure_schema(engine)
        rows = sync_grants(engine, roles)
    finally:
        engine.dispose()
    for role in roles:
        agencies = [agency for name, agency in rows if name == role]
        shown = "全部机关" if agencies == ["*"] else "、".join(agencies)
        click.echo(f"数据库登录 {role}：可办理 {shown}")


COMMANDS = (db_group,)
