"""The console's pages: Jinja templates and the stylesheet shipped in this package (no CDN,
no script), escaped; the stylesheet is inlined so that no asset is served without a session
and the sign-in page looks like the rest."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from casework.domain.agency import ROLE_LABELS

PACKAGE = "casework.entrypoints.http.console"
KIND_LABELS = {"draft": "审签", "extension": "延期审批"}


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader(PACKAGE, "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["stylesheet"] = (files(PACKAGE) / "static" / "console.css").read_text("utf-8")
    env.globals["role_labels"] = ROLE_LABELS
    env.globals["kind_labels"] = KIND_LABELS
    return env


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = environment().get_template(name).render(request=request, **context)
    return HTMLResponse(html, status_code=status)
