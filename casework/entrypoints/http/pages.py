"""The HTML pages: Jinja templates shipped inside the package, escaped, no external asset."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from casework.domain.application.validation import DeliveryWay, InformationForm
from casework.domain.application.vocabulary import ApplicantType, IdType


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("casework.entrypoints.http", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["choices"] = {
        "applicant_type": [(m.value, m.label) for m in ApplicantType],
        "id_type": [(m.value, m.label) for m in IdType],
        "form": [(m.value, m.label) for m in InformationForm],
        "delivery": [(m.value, m.label) for m in DeliveryWay],
    }
    return env


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = environment().get_template(name).render(request=request, **context)
    return HTMLResponse(html, status_code=status)
