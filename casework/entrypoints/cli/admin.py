"""Setting up a home directory: ``casework init`` (re-runnable: migrations, and letters a
killed action left half way)."""

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

    已有配置时只执行数据库迁移，并补完或删除被中断的办理遗留的暂存文书（.part 文件）
    （可重复运行）。初始化后请编辑 config.toml 中的机关信息
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
    _settle_staged_letters(app)
    click.echo(f"工作目录已就绪：{home}")


def _settle_staged_letters(app: App) -> None:
    """Letters a killed action left half way (issue 14): finished or removed."""
    from datetime import UTC, datetime

    from casework.services.staged_letters import IN_FLIGHT, settle_staged_letters

    letters = app.reference_context().letters
    if letters is None:
        return
    # File ages are measured on the machine's clock, not the business date (CASEWORK_NOW).
    outcome = settle_staged_letters(app.uow(), letters, datetime.now(UTC))
    for path in outcome.finished:
        click.echo(f"已补完办理时未移入的文书：{path}")
    if outcome.removed:
        click.echo(
            f"已删除 {len(outcome.removed)} 个残留的暂存文书文件（对应的办理未保存或文书已在位）"
        )
    if outcome.left:
        click.echo(
            f"{len(outcome.left)} 个暂存文书文件写入不足 {IN_FLIGHT.seconds // 60} 分钟，"
            "可能属于正在进行的办理，未处理"
        )
