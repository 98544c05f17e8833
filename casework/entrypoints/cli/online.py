"""The online desk (issue 19): ``confirm`` an online application, the staff API's ``token``
commands, and ``serve`` (the HTTP service over the same services)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import click

from casework.entrypoints.cli import pass_app
from casework.entrypoints.cli.actions import action_command, report
from casework.entrypoints.cli.output import echo_json, table
from casework.entrypoints.cli.params import DATE, json_option

if TYPE_CHECKING:
    from casework.bootstrap import App


@action_command(
    "confirm",
    "确认收到网上申请：确认之日为收到申请之日（条例第三十一条第（三）项），出具登记回执并开始计算答复期限。",
    "casework confirm 2026-0005 --on 2026-04-09",
)
def confirm(app: App, case_ref: str, on: date | None, agency: str | None, as_json: bool) -> None:
    from casework.services import online

    report(app, online.confirm(app.uow(), app.context(), case_ref, on=on, agency=agency), as_json)


@click.group(name="token")
def token_group() -> None:
    """管理业务接口（/api/v1/cases）的访问令牌：每个用户一个或多个，只保存其摘要。

    \b
    示例：
      casework token create lisi --expires 2027-03-31
      casework token list
      casework token revoke 3
    """


@token_group.command(name="create")
@click.argument("user", metavar="USER")
@click.option("--expires", type=DATE, metavar="日期", help="有效期至该日（含），默认 90 天后。")
@json_option
@pass_app
def token_create(app: App, user: str, expires: date | None, as_json: bool) -> None:
    """为用户 USER 创建访问令牌；令牌只显示这一次，请妥善保存。

    \b
    示例：
      casework token create lisi --expires 2027-03-31
    """
    from casework.services.tokens import create_token

    made = create_token(app.uow(), app.context(), user, expires)
    token = made.token
    if as_json:
        echo_json({"id": token.id, "user": token.user, "token": made.secret, **_dates(token)})
        return
    click.echo(
        f"已为用户 {token.user} 创建令牌（编号 {token.id}），有效期至 "
        f"{_last_day(token.expires_at)}。令牌只显示这一次：",
        err=True,
    )
    click.echo(made.secret)


@token_group.command(name="list")
@json_option
@pass_app
def token_list(app: App, as_json: bool) -> None:
    """列出访问令牌（编号、用户、开头几位、有效期、状态；不显示令牌本身）。

    \b
    示例：
      casework token list --json
    """
    from casework.services.tokens import list_tokens, token_status

    tokens = list_tokens(app.uow())
    now = app.context().now
    if as_json:
        echo_json(
            [
                {
                    "id": t.id,
                    "user": t.user,
                    "prefix": t.prefix,
                    "status": token_status(t, now),
                    **_dates(t),
                }
                for t in tokens
            ]
        )
        return
    rows = [
        (t.id, t.user, t.prefix + "…", _last_day(t.expires_at), token_status(t, now), t.created_by)
        for t in tokens
    ]
    click.echo(table(["编号", "用户", "令牌开头", "有效期至", "状态", "创建人"], rows))


@token_group.command(name="revoke")
@click.argument("token_id", metavar="TOKEN_ID", type=click.IntRange(min=1))
@pass_app
def token_revoke(app: App, token_id: int) -> None:
    """撤销编号为 TOKEN_ID 的令牌，立即失效。

    \b
    示例：
      casework token revoke 3
    """
    from casework.services.tokens import revoke_token

    token = revoke_token(app.uow(), app.context(), token_id)
    click.echo(f"已撤销令牌 {token.id}（用户 {token.user}）。")


def _last_day(expires_at: object) -> str:
    from datetime import datetime, timedelta

    assert isinstance(expires_at, datetime)
    return (expires_at - timedelta(days=1)).date().isoformat()


def _dates(token: object) -> dict[str, str | None]:
    from casework.services.access_ports import ApiToken

    assert isinstance(token, ApiToken)
    return {
        "expires_on": _last_day(token.expires_at),
        "created_at": token.created_at.isoformat(),
        "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
    }


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址。")
@click.option(
    "--port", type=click.IntRange(min=1, max=65535), default=8080, show_default=True, help="端口。"
)
@pass_app
def serve(app: App, host: str, port: int) -> None:
    """启动 HTTP 服务：网上申请、进度查询页面和业务接口（生产环境置于 nginx 之后）。

    \b
    示例：
      casework serve --host 127.0.0.1 --port 8080
    """
    from casework.entrypoints.http.server import run

    run(app, host, port)


COMMANDS = (confirm, token_group, serve)
