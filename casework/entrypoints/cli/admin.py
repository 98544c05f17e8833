"""Setting up a home directory: ``casework init`` (re-runnable: migrations, and a reminder to
import the letter files of a home that predates the document store)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from casework.bootstrap import App


@click.command()
@click.option("--force-config", is_flag=True, help="已有 config.toml 时也用示例配置覆盖。")
@click.pass_context
def init(ctx: click.Context, force_config: bool) -> None:
    """初始化工作目录：写入示例配置 config.toml，创建数据库并执行迁移。

    已有配置时只执行数据库迁移（可重复运行）；旧版本生成、尚未导入文书库的文书
    会提示用 casework db import-documents 导入。初始化后请编辑 config.toml 中的机关信息
    （机关名称、机关代字、行政复议机关等）。

    \b
    示例：
      casework --home ~/casework-data init
    """
    import shutil

    from casework.entrypoints.cli import State
    from casework.resources import data_path
    from casework.settings import CONFIG_FILE

    state = ctx.find_object(State)
    assert state is not None
    home = state.home
    if not home.exists():
        # Issue 15: the home holds applicants' personal data and letters: owner only, whatever
        # the umask (the command runs under umask 077 too, for everything created inside).
        home.mkdir(parents=True, mode=0o700)
        home.chmod(0o700)
    config = home / CONFIG_FILE
    if force_config or not config.exists():
        shutil.copyfile(data_path("config.example.toml"), config)
        config.chmod(0o600)
        click.echo(f"已写入示例配置：{config}（请按本机关实际情况修改机关信息）")
    app = state.app
    from casework.adapters.database import current_revision, display_url

    revision = current_revision(app.engine)
    # Never the password (issue 15).
    shown = display_url(app.settings.effective_database_url)
    click.echo(f"数据库：{shown}（结构版本 {revision}）")
    _remind_import(app)
    click.echo(f"工作目录已就绪：{home}")


def _remind_import(app: App) -> None:
    """Letters written as files before the document store (revision 0010) are imported once."""
    with app.uow() as uow:
        waiting = len(uow.documents.without_content())
    if waiting:
        click.echo(
            f"有 {waiting} 份文书是旧版本写在工作目录中的文件，尚未导入文书库；"
            "请运行 casework db import-documents"
        )
