"""The reviewer's queue statement on both engines: the pending extension request is found
through the JSON path operator of each (SQLite ``JSON_EXTRACT``, PostgreSQL ``#>>``), and a
granted one is not."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from casework.adapters.repository import SqlUnitOfWork
from casework.services import actions
from casework.services.context import ServiceContext
from tests.services.test_review_queue import (
    as_user,
    asked,
    drafted,
    kinds,
    make_context,
    new_case,
    queue_of,
)


@pytest.fixture
def ctx(tmp_path: Path) -> ServiceContext:
    return make_context(tmp_path)


def test_pending_requests_and_drafts_are_found_on_each_engine(
    engine: Any, ctx: ServiceContext
) -> None:
    pending = new_case(engine, ctx)
    granted = new_case(engine, ctx, name="李雷")
    drafted_case = new_case(engine, ctx, name="韩梅梅")
    asked(engine, ctx, pending)
    asked(engine, ctx, granted)
    actions.approve_extension(
        SqlUnitOfWork(engine), as_user(ctx, "wangwu"), granted, on=date(2026, 4, 21)
    )
    drafted(engine, ctx, drafted_case)
    assert sorted(kinds(queue_of(engine, ctx, "wangwu"))) == [
        (pending, "demo", "extension"),
        (drafted_case, "demo", "draft"),
    ]
