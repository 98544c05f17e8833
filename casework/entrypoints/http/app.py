"""The Starlette application of ``casework serve``, built from the CLI's ``bootstrap``."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from casework.entrypoints.http import case_file, cases, console, office, public
from casework.entrypoints.http.errors import (
    ApiError,
    on_api_error,
    on_casework_error,
    on_http_error,
    on_unexpected,
)
from casework.entrypoints.http.observability import AccessLog, RateLimiter
from casework.entrypoints.http.openapi import openapi_document
from casework.entrypoints.http.pages import render
from casework.entrypoints.http.state import WebState, web
from casework.errors import CaseworkError

if TYPE_CHECKING:
    from casework.bootstrap import App


async def health(request: Request) -> Response:
    from casework.adapters.database import current_revision

    app = web(request).app
    revision = await run_in_threadpool(current_revision, app.engine)
    return JSONResponse({"status": "ok", "schema": revision})


async def openapi(_request: Request) -> Response:
    return JSONResponse(openapi_document())


async def _api_or_page(request: Request, error: Exception) -> Response:
    """Refusals of the HTML pages as a page, of the API as its JSON body."""
    if request.url.path.startswith("/api/") or not isinstance(error, ApiError | CaseworkError):
        if isinstance(error, ApiError):
            return await on_api_error(request, error)
        return await on_casework_error(request, error)
    message = error.message if isinstance(error, ApiError) else str(error)
    status = error.status if isinstance(error, ApiError) else 422
    return render(request, "error.html", status=status, message=message)


def create_app(app: App, clock: Callable[[], float] = time.monotonic) -> Starlette:
    """The HTTP service over ``app`` (settings, engine and services of one home); ``clock``
    (seconds) times the rate limits' windows."""
    app.reference_context()  # read the workflow, outcomes and calendar before the first request
    app.engine  # noqa: B018 - migrations run at start, not in a request
    http = app.settings.http
    state = WebState(
        app,
        limiters={
            "status": RateLimiter(http.status_lookups_per_minute, clock=clock),
            "applications": RateLimiter(http.applications_per_minute, clock=clock),
        },
    )
    routes = [
        Route("/api/v1/health", health, methods=["GET"]),
        Route("/api/v1/openapi.json", openapi, methods=["GET"]),
        *public.routes,
        *office.routes,
        *case_file.routes,  # before cases.routes: POST …/{case}/remedies is not an action
        *cases.routes,
        *console.routes,
    ]
    starlette = Starlette(
        routes=routes,
        middleware=[Middleware(AccessLog)],
        exception_handlers={
            ApiError: _api_or_page,
            CaseworkError: _api_or_page,
            HTTPException: on_http_error,
            Exception: on_unexpected,
        },
    )
    starlette.state.casework = state
    return starlette
