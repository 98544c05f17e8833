"""The ``casework`` command: thin click code that parses, calls one service and prints.

Only click is imported at module level, so ``casework --help`` starts fast; each command
imports the services it needs inside its body.  This is the one place that turns
``CaseworkError`` into a Chinese message and exit status 1.  Usage errors (an unknown option, a
value of the wrong type) exit with status 1 too, not click's 2: every refused input is status 1
(issue 14), whichever layer refused it.
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from casework.entrypoints.cli import i18n
from casework.entrypoints.cli.command_table import COMMANDS
from casework.errors import CaseworkError

if TYPE_CHECKING:
    from casework.bootstrap import App

i18n.install()

F = TypeVar("F", bound=Callable[..., Any])
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
REFUSED = 1  # the exit status of every refused input, usage errors included
ENV_PREFIX = "CASEWORK_"


class CaseworkGroup(click.Group):
    """A group that loads each command's module when the command is asked for, prints casework
    errors in Chinese and exits with status 1, and lists its commands with their whole first
    sentence (click cuts them at 45 columns, which leaves a
    clerk reading 「延迟答复（条例第三十五条：申请人说明的理由合理，…」)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, its module imported on first use (``command_table``; issue 18)."""
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, attribute = COMMANDS[cmd_name]
            loaded = importlib.import_module(f"{__name__}.{module}")
            self.add_command(getattr(loaded, attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            rows.append((name, command.short_help or _first_sentence(command.help or "")))
        if rows:
            with formatter.section(i18n.gettext("Commands")):
                formatter.write_dl(rows)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            if parent is None:
                _refuse_undecodable(args)
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as error:
            # The instance attribute shadows click's class-level 2 for this error only.
            error.exit_code = REFUSED  # type: ignore[misc]
            raise

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            error.exit_code = REFUSED  # type: ignore[misc]
            raise
        except CaseworkError as error:
            click.echo(f"错误：{error}", err=True)
            ctx.exit(REFUSED)
        except Exception as error:
            # A database failure that no adapter translated (issue 15): its text would carry
            # the SQL and its parameters; the clerk gets the Chinese description instead.
            if not _from_database(error):
                raise
            from casework.adapters.database_errors import describe

            click.echo(f"错误：{describe(error)}", err=True)
            ctx.exit(REFUSED)


def _from_database(error: BaseException) -> bool:
    module = type(error).__module__
    return module.startswith(("sqlalchemy", "psycopg", "sqlite3"))


def _refuse_undecodable(args: list[str]) -> None:
    """Refuse an argument or CASEWORK_ variable that is not UTF-8 (the terminal's encoding is
    wrong): Python hands its bytes on as lone surrogates (PEP 383), which would reach the
    database and crash the first print."""
    for index, arg in enumerate(args):
        bad = _undecodable_byte(arg)
        if bad is None:
            continue
        if arg.startswith("--") and "=" in arg:
            where = arg.split("=", 1)[0]
        elif index > 0 and args[index - 1].startswith("-"):
            where = args[index - 1]
        else:
            where = f"参数「{_printable(arg)}」"
        raise click.UsageError(f"{where}：{_undecodable_rule(bad)}")
    for name, value in os.environ.items():
        bad = _undecodable_byte(name + value)
        if name.startswith(ENV_PREFIX) and bad is not None:
            raise click.UsageError(f"环境变量 {_printable(name)}：{_undecodable_rule(bad)}")


def _undecodable_byte(text: str) -> int | None:
    for char in text:
        if "\ud800" <= char <= "\udfff":
            return ord(char) - 0xDC00 if char >= "\udc80" else 0
    return None


def _undecodable_rule(byte: int) -> str:
    return (
        f"含有无法按 UTF-8 解码的字节（0x{byte:02X}）；请把终端或文件的字符编码设为 UTF-8 "
        "后重新输入"
    )


def _printable(text: str) -> str:
    """``text`` with its undecodable bytes written as ``\\xff``."""
    raw = text.encode("utf-8", "surrogateescape")
    return raw.decode("utf-8", "backslashreplace")


def _first_sentence(text: str) -> str:
    """The help's first paragraph up to its first full stop, whole (never cut with "…")."""
    first = text.strip().split("\n\n", 1)[0].replace("\n", "")
    end = first.find("。")
    return first[: end + 1] if end >= 0 else first


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
        app = state.app
        if kwargs.get("agency") is not None:
            app.context().agency(kwargs["agency"])  # an unknown --agency is refused here
        return ctx.invoke(function, app, *args, **kwargs)

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
    # Issue 15: everything a command creates (the home, the SQLite database, letters,
    # reports) is readable by its owner only, whatever the login's umask; restored on exit
    # for callers that run the command in-process.
    previous = os.umask(0o077)
    ctx.call_on_close(lambda: os.umask(previous))


def main() -> None:
    """Console-script entry point: start-up collects no cycles until the first database
    engine ends it, or the command ends it when it opened none (``casework.start_up``; #18)."""
    from casework.start_up import pause_collection, resume_collection

    pause_collection()
    try:
        cli.main(prog_name="casework", windows_expand_args=False)
    finally:
        resume_collection()  # no engine opened: frozen now, the exit's collections skip it
