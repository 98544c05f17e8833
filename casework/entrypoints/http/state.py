"""What every request of the HTTP service shares: the wired application and the rate limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from starlette.requests import Request

from casework.entrypoints.http.observability import RateLimiter

if TYPE_CHECKING:
    from casework.bootstrap import App


@dataclass
class WebState:
    app: App
    limiters: dict[str, RateLimiter] = field(default_factory=dict)


def web(request: Request) -> WebState:
    state = request.app.state.casework
    assert isinstance(state, WebState)
    return state
