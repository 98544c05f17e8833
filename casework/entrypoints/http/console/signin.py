"""Signing in to the review console and out of it (issue 20).

A refused sign-in is logged with the user name and the client address, never the password;
after ``[http] console_max_failures`` failures in a row the account is locked until
``casework user unlock``.
"""

from __future__ import annotations

import logging

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from casework.domain.agency import CONSOLE_IDENTITY
from casework.entrypoints.http.console.render import render
from casework.entrypoints.http.console.session import (
    COOKIE,
    FORM_FIELDS,
    SIGN_IN,
    SIGN_IN_COOKIE,
    check_csrf,
    clear_cookie,
    new_token,
    page,
    secured,
    set_cookie,
    signed_in,
)
from casework.entrypoints.http.errors import ApiError
from casework.entrypoints.http.observability import client_address
from casework.entrypoints.http.parsing import form_fields
from casework.entrypoints.http.state import web
from casework.errors import AuthenticationError
from casework.services.account_ports import ConsoleSession
from casework.services.accounts import sign_in, sign_out

log = logging.getLogger("casework.console")


def _form_page(
    request: Request, status: int = 200, message: str | None = None, user: str = ""
) -> Response:
    token = new_token()
    response = render(
        request, "signin.html", status=status, csrf_token=token, message=message, user=user
    )
    set_cookie(request, response, SIGN_IN_COOKIE, token, hours=1)
    return secured(response)


async def signin_form(request: Request) -> Response:
    if await signed_in(request) is not None:
        return secured(RedirectResponse("/console/", status_code=303))
    return _form_page(request)


async def signin(request: Request) -> Response:
    form = await form_fields(request, FORM_FIELDS)
    user, password, token = (form.get(name) or "" for name in ("user", "password", "csrf_token"))
    try:
        check_csrf(token, request.cookies.get(SIGN_IN_COOKIE, ""))
    except ApiError as error:
        return _form_page(request, 403, error.message, user)
    app = web(request).app
    settings = app.settings.http
    ctx = app.request_context(user, CONSOLE_IDENTITY)
    try:
        made = await run_in_threadpool(
            lambda: sign_in(
                app.accounts(),
                app.passwords(),
                ctx,
                user,
                password,
                max_failures=settings.console_max_failures,
                session_hours=settings.console_session_hours,
            )
        )
    except AuthenticationError as error:
        fields = {"user": user[:64], "client": client_address(request.scope), "reason": error.rule}
        log.warning("console sign-in refused", extra={"fields": fields})
        return _form_page(request, 401, error.rule, user)
    log.info("console sign-in", extra={"fields": {"user": made.session.user}})
    response = RedirectResponse("/console/", status_code=303)
    set_cookie(request, response, COOKIE, made.secret, hours=settings.console_session_hours)
    clear_cookie(request, response, SIGN_IN_COOKIE)
    return secured(response)


@page
async def signout(request: Request, session: ConsoleSession) -> Response:
    app = web(request).app
    await run_in_threadpool(sign_out, app.accounts(), request.cookies.get(COOKIE, ""))
    log.info("console sign-out", extra={"fields": {"user": session.user}})
    response = RedirectResponse(SIGN_IN, status_code=303)
    clear_cookie(request, response, COOKIE)
    return response
