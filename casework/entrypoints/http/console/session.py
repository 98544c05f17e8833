"""Who is signed in to the review console, and the checks every console request passes.

The session is server-side (``casework.services.accounts``): the cookie carries 32 random bytes,
the database keeps their sha256.  The cookie is ``HttpOnly`` (no script reads it),
``SameSite=Strict`` (a link or form on another site never carries it: the console has no
entry from other sites to keep working, so Strict costs nothing) and ``Secure`` unless
``[http] console_secure_cookie = false`` (127.0.0.1 without TLS only; docs/deploy.md).
Every form carries the session's CSRF token and every POST is refused (403) without it; the
sign-in form, before any session, carries a double-submit token of its own cookie.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import replace
from functools import wraps

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from casework.domain.agency import CONSOLE_IDENTITY
from casework.entrypoints.http.console.render import render
from casework.entrypoints.http.errors import ApiError, chinese_message, log, status_of
from casework.entrypoints.http.parsing import form_fields
from casework.entrypoints.http.state import web
from casework.errors import AuthenticationError, CaseworkError
from casework.services.account_ports import ConsoleSession
from casework.services.accounts import SignIn, current_session, proxy_session
from casework.services.context import ServiceContext
from casework.services.draft_form import DRAFT_FACT_NAMES

COOKIE = "casework_console"
SIGN_IN_COOKIE = "casework_console_signin"
SIGN_IN = "/console/signin"
# Every field a console form posts (the decision forms, 拟稿 with its outcome and facts,
# sign-in, sign-out).
FORM_FIELDS = frozenset(
    {"csrf_token", "version", "comment", "reason", "user", "password", "outcome"}
    | set(DRAFT_FACT_NAMES)
)
CSRF_REFUSED = "表单已过期或来源不明（缺少有效的防跨站请求令牌），请返回页面刷新后重试"
# No script, no frame, nothing from elsewhere: the console's pages need none of it.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

Handler = Callable[[Request], Awaitable[Response]]
SignedInHandler = Callable[[Request, ConsoleSession], Awaitable[Response]]


def secured(response: Response) -> Response:
    response.headers.update(SECURITY_HEADERS)
    return response


def set_cookie(request: Request, response: Response, name: str, value: str, hours: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=hours * 3600,
        path="/console",
        secure=web(request).app.settings.http.console_secure_cookie,
        httponly=True,
        samesite="strict",
    )


def clear_cookie(request: Request, response: Response, name: str) -> None:
    response.delete_cookie(
        name,
        path="/console",
        secure=web(request).app.settings.http.console_secure_cookie,
        httponly=True,
        samesite="strict",
    )


async def signed_in(request: Request) -> ConsoleSession | None:
    secret = request.cookies.get(COOKIE, "")
    if not secret:
        return None
    app = web(request).app
    ctx = app.request_context("", CONSOLE_IDENTITY)
    try:
        return await run_in_threadpool(current_session, app.accounts(), ctx, secret)
    except AuthenticationError:
        return None


def acting(
    request: Request, session: ConsoleSession, expected_version: int | None = None
) -> ServiceContext:
    """The service context of the signed-in person (journal identity ``console``)."""
    ctx = web(request).app.request_context(session.user, CONSOLE_IDENTITY)
    return replace(ctx, expected_version=expected_version)


def check_csrf(presented: str | None, expected: str) -> None:
    if not presented or not hmac.compare_digest(presented.encode(), expected.encode()):
        raise ApiError(403, "csrf", CSRF_REFUSED, field="csrf_token")


def posted(request: Request) -> dict[str, str | None]:
    """The fields of the console form a POST carried (read once, by ``page``)."""
    form: dict[str, str | None] = getattr(request.state, "console_form", {})
    return form


def new_token() -> str:
    return secrets.token_urlsafe(32)


def page(handler: SignedInHandler) -> Handler:
    """A console page: without a live session a page is sent to the sign-in form (303) and an
    image or a POST answered 401; a POST without the session's CSRF token 403."""

    @wraps(handler)
    async def guarded(request: Request) -> Response:
        session = await signed_in(request)
        try:
            proxied = await _proxy_sign_in(request, session)
            if proxied is not None:
                return _with_session(request, proxied)
            if session is None:
                if request.method == "GET" and not request.url.path.endswith(".png"):
                    return secured(RedirectResponse(SIGN_IN, status_code=303))
                raise ApiError(401, "unauthenticated", "未登录或登录已过期，请重新登录")
            if request.method == "POST":
                request.state.console_form = await form_fields(request, FORM_FIELDS)
                check_csrf(posted(request).get("csrf_token"), session.csrf_token)
            return secured(await handler(request, session))
        except (ApiError, CaseworkError) as error:
            return secured(refusal_page(request, session, error))

    return guarded


def _with_session(request: Request, made: SignIn) -> Response:
    """The same page again, now with the proxy's user's session cookie."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    response = secured(RedirectResponse(target, status_code=303))
    hours = web(request).app.settings.http.console_session_hours
    set_cookie(request, response, COOKIE, made.secret, hours)
    return response


async def _proxy_sign_in(request: Request, session: ConsoleSession | None) -> SignIn | None:
    """A session for the reverse proxy's authenticated user, when ``[http]
    console_user_header`` is configured and names someone the cookie's session is not for.
    Only a GET starts one (a POST must come from a page of the same session: its CSRF token)."""
    settings = web(request).app.settings.http
    header = settings.console_user_header
    remote = request.headers.get(header, "").strip() if header else ""
    if not remote or (session is not None and session.user == remote):
        return None
    if request.method != "GET":
        raise ApiError(401, "unauthenticated", "未登录或登录已过期，请重新登录")
    app = web(request).app
    ctx = app.request_context(remote, CONSOLE_IDENTITY)
    hours = settings.console_session_hours
    try:
        return await run_in_threadpool(
            lambda: proxy_session(app.accounts(), ctx, remote, session_hours=hours)
        )
    except AuthenticationError as error:
        raise ApiError(401, "unauthenticated", error.rule) from error


def refusal(error: ApiError | CaseworkError) -> tuple[int, str]:
    """The HTTP status and the Chinese message of a refusal, as the staff API gives them."""
    if isinstance(error, ApiError):
        return error.status, error.message
    status, _code = status_of(error)
    if status == 503:
        log.error("service error: %s", error)
        return status, "服务暂时不可用，请稍后再试；如持续出现请联系管理员"
    return status, chinese_message(error.field, error.rule)


def refusal_page(
    request: Request, session: ConsoleSession | None, error: ApiError | CaseworkError
) -> Response:
    status, message = refusal(error)
    return render(request, "refused.html", status=status, session=session, message=message)
