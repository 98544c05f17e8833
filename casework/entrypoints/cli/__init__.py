"""The ``casework`` command: thin click code that parses, calls one service and prints.

Only click is imported at module level, so ``casework --help`` starts fast; each command
imports the services it needs inside its body.  This is the one place that turns
``CaseworkError`` into a Chinese message and exit status 1.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from casework.entrypoints.cli import i18n
from casework.errors import CaseworkError

if TYPE_CHECKING:
    from casework.bootstrap import App

i18n.install()

F = TypeVar("F", bound=Callable[..., Any])
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class CaseworkGroup(click.Group):
    """A group that prints casework errors in Chinese and exits with status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CaseworkError as error:
            click.echo(f"错误：{error}", err=True)
            ctx.exit(1)


class State:
    """Global options, and the application wired on first use."""

    def __init__(self, home: str | None, user: str | None) -> None:
        self.home_option = home
        self.user = user
        self._app: App | None = None

    @property
    def home(self) -> Path:
        from casework.settings import resolve_home

        return resolve_home(self.home_option)

    @property
    def app(self) -> App:
        if self._app is None:
            from casework.bootstrap import bootstrap

            self._app = bootstrap(self.home, self.user)
        return self._app

    def close(self) -> None:
        if self._app is not None:
            self._app.close()


def pass_app(function: F) -> F:
    """Give a command the wired application as its first argument."""

    @click.pass_context
    def wrapper(ctx: click.Context, *args: Any, **kwargs: Any) -> Any:
        state = ctx.find_object(State)
        assert state is not None, "the casework group sets its State"
        return ctx.invoke(function, state.app, *args, **kwargs)

    # Keep the name, help text and any options already attached (``__click_params__``).
    functools.update_wrapper(wrapper, function)
    return wrapper  # type: ignore[return-value]


@click.group(cls=CaseworkGroup, context_settings=CONTEXT_SETTINGS)
@click.option(
    "--home",
    envvar="CASEWORK_HOME",
    metavar="目录",
    help="工作目录（含 config.toml、数据库和生成的文书）；默认 ~/.casework，或环境变量 CASEWORK_HOME。",
)
@click.option(
    "--user",
    envvar="CASEWORK_USER",
    metavar="用户",
    help="当前经办人（记入办理日志）；也可用环境变量 CASEWORK_USER。",
)
@click.version_option(package_name="casework", message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx: click.Context, home: str | None, user: str | None) -> None:
    """casework：政府信息依申请公开办理系统。

    登记申请、计算法定期限、推进办理流程、生成文书、统计年度报告。

    \b
    示例：
      casework init                      初始化工作目录
      casework register --applicant 张三 --applicant-type natural \\
          --channel in-person --received-on 2026-04-01 --description "2025年预算公开情况"
      casework list                      列出案件
      casework show 2026-0001            查看案件
    """
    state = State(home, user)
    ctx.obj = state
    ctx.call_on_close(state.close)


def main() -> None:
    """Console-script entry point."""
    cli.main(prog_name="casework", windows_expand_args=False)


def _register_commands() -> None:
    from casework.entrypoints.cli import (
        admin,
        alerts,
        calendar,
        cases,
        corrections,
        letters,
        periods,
        reports,
        review,
    )

    for command in (
        admin.init,
        cases.register,
        cases.show,
        cases.list_,
        cases.history,
        calendar.calendar_group,
        corrections.request_correction,
        corrections.receive_correction,
        corrections.consult,
        corrections.record_opinion,
        periods.extend,
        periods.request_reasons,
        periods.defer,
        periods.notify_fee,
        periods.record_payment,
        periods.record_notice_receipt,
        periods.withdraw,
        review.draft,
        review.return_,
        review.approve,
        review.issue,
        review.deliver,
        review.archive,
        review.lapse,
        review.workflow_group,
    ):
        cli.add_command(command)
    # Letters (issue #5), alerts and the scheduler (#6), reports and registers (#7): each
    # module lists its own commands.
    for module in (letters, alerts, reports):
        for command in module.COMMANDS:
            cli.add_command(command)


_register_commands()
