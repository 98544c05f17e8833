"""Online applications on both engines (issue 19): the same Idempotency-Key sent by two
requests at the same moment makes one case, and both requests are answered with it."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import pytest

from casework.bootstrap import bootstrap
from casework.domain.application.validation import ApplicationInput
from casework.services.online import ONLINE_ACTOR, Submission, submit_online
from casework.services.ports import CaseFilter
from tests.conftest import write_home

RAW = ApplicationInput(
    applicant="张三", applicant_type="natural", contact="13800001234", description="部门预算"
)


def test_two_simultaneous_submissions_with_one_key_make_one_case(
    tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEWORK_NOW", "2026-11-20T09:30:00+08:00")
    app = bootstrap(write_home(tmp_path / "home", database_url), "zhangsan")
    ctx = replace(app.context(), actor=ONLINE_ACTOR)
    app.engine  # noqa: B018 - migrate before the threads start
    start = threading.Barrier(4)
    answers: list[Submission] = []

    def send() -> None:
        start.wait()
        answers.append(submit_online(app.uow(), ctx, RAW, "form-1"))

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == 4
    assert len({a.case.query_code for a in answers}) == 1
    assert sorted(a.replayed for a in answers) == [False, True, True, True]
    with app.uow() as uow:
        assert [c.number for c in uow.cases.list(CaseFilter())] == ["2026-0001"]
    app.close()
