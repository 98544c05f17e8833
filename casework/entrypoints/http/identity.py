"""Who acts on a staff API request: the user of its bearer token (issue 19).

This is the one place the HTTP service decides the acting person, so the deployment identity
work (issue 15: ``[users.X]`` mapped from database or OS logins) joins here: the token's user
becomes ``ServiceContext.actor`` exactly as ``--user`` / the login becomes it for the CLI, and
the services apply the same roles and four-eyes rules to it.  The journal records the identity
as ``token`` (authenticated by the bearer token, not by a database or OS login).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from casework.domain.agency import TOKEN_IDENTITY
from casework.entrypoints.http.state import web
from casework.errors import AuthenticationError, NotFoundError
from casework.services.context import ServiceContext
from casework.services.tokens import REFUSED, token_user

if TYPE_CHECKING:
    from casework.adapters.repository import SqlUnitOfWork


async def acting_context(request: Request, expected_version: int | None = None) -> ServiceContext:
    """The service context of the request's acting user (``Authorization: Bearer …``)."""
    scheme, _, presented = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not presented.strip():
        raise AuthenticationError(REFUSED)
    app = web(request).app
    # Not app.context(): that is the login the server runs under (issue 15), not the person.
    base = app.request_context("", TOKEN_IDENTITY)
    user = await run_in_threadpool(token_user, app.uow(), base, presented.strip())
    return replace(base, actor=user, expected_version=expected_version)


def agency_scope(ctx: ServiceContext) -> tuple[str, ...] | None:
    """The agencies whose cases the token's user may see (``[users.X] agencies``; None: every
    agency).  PostgreSQL's row-level security keys on the database login, and the server has
    one login for every request, so the staff API scopes its units of work to these (the same
    rows a clerk's own login sees, domain.md §7)."""
    user = ctx.users.get(ctx.actor)
    return user.agencies if user is not None and user.agencies else None


def case_uow(request: Request, ctx: ServiceContext) -> SqlUnitOfWork:
    """A unit of work that sees only the cases of the acting user's agencies."""
    return web(request).app.uow(agency_scope(ctx))


def scoped_agency(ctx: ServiceContext, requested: str | None) -> str:
    """The agency a report, register or list over the whole agency is for: the requested one
    (or the default), refused as unknown (404) when outside the token user's agencies."""
    code = ctx.agency(requested)[0]
    scope = agency_scope(ctx)
    if scope is not None and code not in scope:
        raise NotFoundError(f"未找到机关「{code}」", field="--agency（机关）")
    return code
