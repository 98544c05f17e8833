"""The JSON-path statements of issue 20 on both engines (SQLite ``JSON_EXTRACT``, PostgreSQL
``#>>``): the reviewer's queue finds a pending extension request and not a granted one; the
personal notices find a returned draft and a refused request and not a plain draft."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from casework.adapters.repository import SqlUnitOfWork
from casework.services import actions, review
from casework.services.alerts import notices_for
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


def test_personal_notice_candidates_are_found_on_each_engine(
    engine: Any, ctx: ServiceContext
) -> None:
    returned = new_case(engine, ctx)
    refused = new_case(engine, ctx, name="李雷")
    plain = new_case(engine, ctx, name="韩梅梅")
    drafted(engine, ctx, returned)
    drafted(engine, ctx, plain)
    review.return_draft(
        SqlUnitOfWork(engine),
        as_user(ctx, "lisi"),
        returned,
        comment="请补充",
        on=date(2026, 4, 21),
    )
    asked(engine, ctx, refused)
    actions.refuse_extension(
        SqlUnitOfWork(engine),
        as_user(ctx, "wangwu"),
        refused,
        reason="不同意",
        on=date(2026, 4, 21),
    )
    found = notices_for(SqlUnitOfWork(engine), ctx, "zhangsan", date(2026, 4, 22))
    assert sorted((a.case, a.kind.value) for a in found) == [
        (returned, "returned"),
        (refused, "extension_refused"),
    ]
