"""Who acts on a staff API request: the user of its bearer token (issue 19).

This is the one place the HTTP service decides the acting person, so the deployment identity
work (issue 15: ``[users.X]`` mapped from database or OS logins) joins here: the token's user
becomes ``ServiceContext.actor`` exactly as ``--user`` / the login becomes it for the CLI, and
the services apply the same roles and four-eyes rules to it.  The journal records the identity
as ``token`` (authenticated by the bearer token, not by a database or OS login).
"""

from __future__ import annotations

from dataclasses import replace

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from casework.domain.agency import TOKEN_IDENTITY
from casework.entrypoints.http.state import web
from casework.errors import AuthenticationError
from casework.services.context import ServiceContext
from casework.services.tokens import REFUSED, token_user


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
