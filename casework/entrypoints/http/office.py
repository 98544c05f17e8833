"""The office's reads and the lapse run over the staff API: ``alerts``, ``todo``, ``queue``, ``search``,
``calendar show``, ``report annual``, ``export`` (the 台账 as JSON, .xlsx or .csv), ``stats``,
``candidates`` and ``lapse``.  Query parameters are the commands' options (``--from`` as ``from``); each
answers with its command's ``--json``.  A token user with ``[users.X] agencies`` sees only
those agencies: a report, register or statistics of another agency is 404, and
``all_agencies`` is refused (403) as it would show rows their login cannot see.
"""

from __future__ import annotations

import tempfile
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from casework.entrypoints.http.answers import JsonAnswer
from casework.entrypoints.http.errors import ApiError
from casework.entrypoints.http.identity import acting_context, agency_scope, case_uow, scoped_agency
from casework.entrypoints.http.parsing import (
    choice_param,
    date_field,
    flag_param,
    json_object,
    whole_number_param,
)
from casework.entrypoints.http.state import web
from casework.entrypoints.json_views import alert_json, candidates_json, lapses_json
from casework.services.context import ServiceContext

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _date(params: QueryParams, name: str, *, required: bool = False) -> Any:
    if required and not params.get(name):
        raise ApiError(422, "validation", "必须填写（YYYY-MM-DD）", field=name)
    return date_field(dict(params), name)


def _where(ctx: ServiceContext, params: QueryParams) -> tuple[str | None, bool]:
    """``agency`` / ``all_agencies`` of a report, register or statistics, within the scope."""
    every = flag_param(params, "all_agencies")
    if every and params.get("agency"):
        raise ApiError(422, "validation", "agency 与 all_agencies 只能选一个", field="agency")
    if every:
        if agency_scope(ctx) is not None:
            raise ApiError(
                403, "forbidden", "该用户只负责部分机关，不能汇总所有机关", field="all_agencies"
            )
        return None, True
    return scoped_agency(ctx, params.get("agency")), False


async def get_alerts(request: Request) -> Response:
    from casework.entrypoints.alerting import alert_rules
    from casework.services.alerts import collect_alerts

    ctx = await acting_context(request)
    app, params = web(request).app, request.query_params
    agency = scoped_agency(ctx, params["agency"]) if params.get("agency") else None
    system = app.system_context(ctx.now)
    if (scope := agency_scope(ctx)) is not None:  # only the user's agencies' alerts
        system = replace(system, agencies={c: p for c, p in system.agencies.items() if c in scope})
    day = _date(params, "on") or ctx.today
    rules = alert_rules(app.settings.alerts)
    found = await run_in_threadpool(
        lambda: collect_alerts(case_uow(request, ctx), system, rules, day, agency=agency)
    )
    return JsonAnswer([alert_json(a) for a in found])


async def get_todo(request: Request) -> Response:
    from casework.entrypoints.json_views import todo_json
    from casework.services.handoffs import check_handler, todo_of

    ctx = await acting_context(request)
    user, agency = request.query_params.get("user"), request.query_params.get("agency")
    handler = ctx.actor if user is None else check_handler(ctx, user, "--user（用户）")
    uow = case_uow(request, ctx)
    found, noticed, notices = await run_in_threadpool(todo_of, uow, ctx, handler, ctx.today, agency)
    return JsonAnswer(todo_json([*found, *noticed], notices, ctx.flow))


async def get_queue(request: Request) -> Response:
    """The reviewer's queue (issue 20): drafts awaiting 审签 and, for the head, extension
    requests (Reg. art. 33 para. 2), of the token user's agencies."""
    from casework.entrypoints.json_views import queue_json
    from casework.services.review_queue import review_queue

    ctx = await acting_context(request)
    agency = request.query_params.get("agency")
    agency = scoped_agency(ctx, agency) if agency else None
    found = await run_in_threadpool(
        lambda: review_queue(case_uow(request, ctx), ctx, agency=agency)
    )
    return JsonAnswer(queue_json(found))


async def get_search(request: Request) -> Response:
    from casework.domain.case.search import CaseSearch
    from casework.services.search import search_cases
    from casework.services.views import case_view

    ctx = await acting_context(request)
    params = request.query_params
    if params.get("outcome"):
        ctx.catalogue.get(params["outcome"])  # refuses an unknown code in Chinese
    query = CaseSearch(
        terms=tuple((params.get("text") or "").split()),
        applicant=params.get("applicant"),
        id_number=params.get("id_number"),
        received_from=_date(params, "from"),
        received_to=_date(params, "to"),
        outcome=params.get("outcome"),
        agency=params.get("agency"),
        limit=whole_number_param(params, "limit", 1, 10_000, default=100) or 100,
    )
    found = await run_in_threadpool(search_cases, case_uow(request, ctx), query)
    return JsonAnswer([case_view(case, ctx.flow) for case in found])  # identity masked


async def get_calendar(request: Request) -> Response:
    from casework.services.calendar_admin import installed_years
    from casework.services.clocks import working_calendar

    ctx = await acting_context(request)
    year = request.path_params["year"]
    app = web(request).app

    def read() -> dict[str, Any]:
        infos = [i for i in installed_years(app.uow(), ctx) if i.year == year]
        with app.uow() as uow:
            calendar = working_calendar(uow, ctx, ctx.default_agency)
        years = [y for y in calendar.year_data(year) if y is not None]
        return {
            "year": year,
            "covered": calendar.covers(year),
            "sources": [info.__dict__ for info in infos],
            "holidays": {d.isoformat(): n for y in years for d, n in sorted(y.holidays.items())},
            "workdays": {d.isoformat(): n for y in years for d, n in sorted(y.workdays.items())},
        }

    return JsonAnswer(await run_in_threadpool(read), headers={"Cache-Control": "no-store"})


async def get_report(request: Request) -> Response:
    from casework.services.reports import annual_report

    ctx = await acting_context(request)
    agency, every = _where(ctx, request.query_params)
    app = web(request).app
    report, _scope = await run_in_threadpool(
        lambda: annual_report(
            app.report_queries(), app.report_files(), ctx, year=request.path_params["year"],
            agency=agency, all_agencies=every,
        )
    )  # fmt: skip
    return JsonAnswer(report.to_data())


async def get_export(request: Request) -> Response:
    """The 台账: ``format=json`` (``export --json``, the default), ``xlsx`` or ``csv``."""
    from casework.services.registers import export_ledger

    ctx = await acting_context(request)
    params = request.query_params
    agency, every = _where(ctx, params)
    first, last = _date(params, "from", required=True), _date(params, "to", required=True)
    kind = choice_param(params, "format", ("json", "xlsx", "csv"))
    app = web(request).app

    def run() -> tuple[list[Any], bytes]:
        with tempfile.TemporaryDirectory(prefix="casework-export-") as folder:
            path = Path(folder) / f"台账.{kind}"
            rows, _scope = export_ledger(
                app.report_queries(), app.report_files(), ctx, first=first, last=last,
                xlsx=path if kind == "xlsx" else None, csv=path if kind == "csv" else None,
                agency=agency, all_agencies=every,
            )  # fmt: skip
            return [row.values for row in rows], path.read_bytes() if kind != "json" else b""

    values, data = await run_in_threadpool(run)
    if kind == "json":
        return JsonAnswer(values)
    from urllib.parse import quote

    name = quote(f"依申请公开台账{first.isoformat()}至{last.isoformat()}.{kind}")
    media = XLSX if kind == "xlsx" else "text/csv; charset=utf-8"
    disposition = f"attachment; filename*=UTF-8''{name}"
    return Response(data, media_type=media, headers={"Content-Disposition": disposition})


async def get_stats(request: Request) -> Response:
    from casework.services.registers import case_statistics

    ctx = await acting_context(request)
    params = request.query_params
    agency, every = _where(ctx, params)
    year = whole_number_param(params, "year", 2008, 9999)
    app = web(request).app
    result, where = await run_in_threadpool(
        lambda: case_statistics(
            case_uow(request, ctx), app.report_queries(), ctx, year=year, agency=agency,
            all_agencies=every,
        )
    )  # fmt: skip
    return JsonAnswer({"year": year, "agency": where.agency, **asdict(result)})


async def get_candidates(request: Request) -> Response:
    """``candidates`` (Reg. art. 44): information asked for repeatedly, for proactive release."""
    from casework.services.registers import disclosure_candidates

    ctx = await acting_context(request)
    params = request.query_params
    agency, every = _where(ctx, params)
    last = _date(params, "to") or ctx.today
    first = _date(params, "from") or last.replace(year=last.year - 1)
    threshold = _fraction(params, "threshold", 0.7)
    least = whole_number_param(params, "min_applicants", 1, 10_000, default=2) or 2
    groups, _scope = await run_in_threadpool(
        lambda: disclosure_candidates(
            web(request).app.report_queries(), ctx, first=first, last=last, agency=agency,
            all_agencies=every, threshold=threshold, min_applicants=least,
        )
    )  # fmt: skip
    return JsonAnswer(candidates_json(groups))


def _fraction(params: QueryParams, name: str, default: float) -> float:
    text = params.get(name)
    if text is None:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1:
        raise ApiError(422, "validation", f"「{text}」应为 0–1 之间的数", field=name)
    return value


async def post_lapses(request: Request) -> Response:
    """``lapse``: every lapse due by ``on`` (default today) applied as the token's user, within
    the user's agencies; 200 with each lapse and its error, if any."""
    from casework.services.lapses import apply_lapses

    ctx = await acting_context(request)
    data = await json_object(request, frozenset({"on"}))
    on = date_field(data, "on") or ctx.today
    outcomes = await run_in_threadpool(apply_lapses, lambda: case_uow(request, ctx), ctx, on)
    return JsonAnswer(lapses_json(outcomes))


routes = [
    Route("/api/v1/alerts", get_alerts, methods=["GET"]),
    Route("/api/v1/todo", get_todo, methods=["GET"]),
    Route("/api/v1/queue", get_queue, methods=["GET"]),
    Route("/api/v1/search", get_search, methods=["GET"]),
    Route("/api/v1/calendar/{year:int}", get_calendar, methods=["GET"]),
    Route("/api/v1/report/{year:int}", get_report, methods=["GET"]),
    Route("/api/v1/export", get_export, methods=["GET"]),
    Route("/api/v1/stats", get_stats, methods=["GET"]),
    Route("/api/v1/candidates", get_candidates, methods=["GET"]),
    Route("/api/v1/lapses", post_lapses, methods=["POST"]),
]
