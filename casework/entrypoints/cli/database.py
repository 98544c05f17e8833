"""Administering the database (issue 15): ``casework db upgrade`` (schema migrations),
``casework db grant`` (PostgreSQL logins and the agencies row-level security lets them see),
``casework db import-documents`` and ``db export-documents`` (letters move from each clerk's
home into the document store)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from casework.entrypoints.cli import State, pass_app
from casework.entrypoints.cli.output import echo_json
from casework.entrypoints.cli.params import json_option

if TYPE_CHECKING:
    from casework.bootstrap import App
    from casework.services.document_import import ImportOutcome


@click.group("db")
def db_group() -> None:
    """数据库管理：升级表结构、为办理人员的数据库登录授权（PostgreSQL）、把旧版本写在工作目录
    中的文书导入文书库，或在回退前写回。

    \b
    示例：
      casework db upgrade
      casework db grant
      casework db import-documents
      casework db export-documents
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


@db_group.command(name="import-documents")
@json_option
@pass_app
def import_documents(app: App, as_json: bool) -> None:
    """把旧版本写在本工作目录 documents 文件夹中的文书导入数据库的文书库（一次性，可重复运行）。

    只导入校验值（sha256）与办理时记录一致的文件；找不到的文书列出，退出码为1
    （可能在其他经办人的工作目录中：请在那里也运行本命令）。原文件保留不动。

    \b
    示例：
      casework db import-documents
    """
    from casework.adapters.document_files import DocumentFolder
    from casework.services.document_import import import_documents as run

    outcome = run(app.uow(), DocumentFolder(app.settings.documents_dir))
    _report(outcome, as_json, "已导入文书库", "未找到校验值相符的文件")


@db_group.command(name="export-documents")
@json_option
@pass_app
def export_documents(app: App, as_json: bool) -> None:
    """把文书库中的全部文书写回本工作目录的 documents 文件夹（回退到旧版本数据库结构之前运行）。

    \b
    示例：
      casework db export-documents
    """
    from casework.adapters.document_files import DocumentFolder
    from casework.services.document_import import export_documents as run

    outcome = run(app.uow(), DocumentFolder(app.settings.documents_dir))
    _report(outcome, as_json, "已写回", "文书库中没有内容")


def _report(outcome: ImportOutcome, as_json: bool, done: str, lacking: str) -> None:
    if as_json:
        echo_json({"done": list(outcome.imported), "missing": list(outcome.missing)})
    else:
        click.echo(f"{done} {len(outcome.imported)} 份文书。")
        for path in outcome.missing:
            click.echo(f"{lacking}：{path}")
    if outcome.missing:
        raise click.exceptions.Exit(1)


COMMANDS: list[click.Command] = [db_group]
