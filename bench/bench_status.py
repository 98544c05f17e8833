"""The public status lookup (issue 19) against a bare Starlette endpoint doing the same indexed
query, in the same process (goal: at least 0.5x the bare endpoint's requests per second).

Both run in process over httpx's ASGI transport, one request at a time, on one SQLite home with
POPULATION online applications: casework's ``GET /api/v1/status`` with its whole path (access
log as JSON to /dev/null, rate limiter, service, unit of work, ORM case with its applicant,
workflow label) and a bare endpoint that selects the same row through the query-code index
with SQLAlchemy Core and compares the name.  Prints requests per second and the ratio.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

POPULATION = 500
REQUESTS = 1500
ROUNDS = 3
NAMES = ["张三", "李四", "王五", "赵六"]


def populate(home: Path) -> list[tuple[str, str]]:
    from casework.bootstrap import bootstrap
    from casework.domain.agency import ONLINE_IDENTITY
    from casework.domain.application.validation import ApplicationInput
    from casework.services.online import ONLINE_ACTOR, submit_online

    app = bootstrap(home, "bench")
    ctx = app.request_context(ONLINE_ACTOR, ONLINE_IDENTITY)  # as the public form submits
    pairs = []
    for index in range(POPULATION):
        name = NAMES[index % len(NAMES)]
        raw = ApplicationInput(
            applicant=name, applicant_type="natural", contact=f"1380000{index:04d}",
            description=f"第{index}号申请的信息",
        )  # fmt: skip
        pairs.append((submit_online(app.uow(), ctx, raw).case.query_code, name))
    app.close()
    return pairs


def bare_app(engine: Any) -> Any:
    from sqlalchemy import select
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from casework.adapters.orm import applicants, cases

    statement = (
        select(cases.c.state, cases.c.received_on, cases.c.reply_due_on, cases.c.reply_number,
               applicants.c.name)
        .join(applicants, applicants.c.id == cases.c.applicant_id)
        .where(cases.c.query_code == __import__("sqlalchemy").bindparam("code"))
    )  # fmt: skip

    def query(code: str, name: str) -> dict[str, Any] | None:
        with engine.connect() as connection:
            row = connection.execute(statement, {"code": code}).first()
        if row is None or row.name != name:
            return None
        return {"state": row.state, "received_on": None, "reply_due_on": None}

    async def status(request: Request) -> JSONResponse:
        params = request.query_params
        found = await run_in_threadpool(query, params["code"].upper(), params["name"])
        return JSONResponse(found or {"error": "not found"}, status_code=200 if found else 404)

    return Starlette(routes=[Route("/api/v1/status", status)])


async def rate(asgi: Any, pairs: list[tuple[str, str]]) -> float:
    import httpx2

    transport = httpx2.ASGITransport(app=asgi)
    sample = random.Random(7).choices(pairs, k=REQUESTS)
    async with httpx2.AsyncClient(transport=transport, base_url="http://bench") as client:
        started = time.perf_counter()
        for code, name in sample:
            answer = await client.get("/api/v1/status", params={"code": code, "name": name})
            assert answer.status_code == 200, answer.text
        return REQUESTS / (time.perf_counter() - started)


def main() -> None:
    from casework.bootstrap import bootstrap
    from casework.entrypoints.http.app import create_app
    from casework.entrypoints.http.server import configure_logging

    os.environ["CASEWORK_NOW"] = "2026-11-20T09:30:00+08:00"
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        config = (REPO / "config.example.toml").read_text(encoding="utf-8")
        (home / "config.toml").write_text(config, encoding="utf-8")
        pairs = populate(home)
        app = bootstrap(home, "bench")
        configure_logging()
        handler = logging.getLogger("casework").handlers[0]
        assert isinstance(handler, logging.StreamHandler)
        handler.setStream(open(os.devnull, "w"))  # noqa: SIM115 - for the whole run
        windows = itertools.count()  # a fresh rate-limit window per request: never limited
        ours = create_app(app, clock=lambda: next(windows) * 60.0)
        bare = bare_app(app.engine)
        results: dict[str, list[float]] = {"casework": [], "bare": []}
        for _ in range(ROUNDS):
            results["bare"].append(asyncio.run(rate(bare, pairs)))
            results["casework"].append(asyncio.run(rate(ours, pairs)))
        app.close()
    best = {name: max(values) for name, values in results.items()}
    print(f"population {POPULATION} online applications, {REQUESTS} lookups x {ROUNDS} rounds")
    print(f"bare Starlette + Core query   {best['bare']:8.0f} requests/s")
    print(f"casework GET /api/v1/status   {best['casework']:8.0f} requests/s")
    print(f"ratio casework/bare           {best['casework'] / best['bare']:5.2f}x  (goal >= 0.5x)")


if __name__ == "__main__":
    main()
