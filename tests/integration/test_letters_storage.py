"""Letters rendered inside the action's unit of work, on SQLite and PostgreSQL: the documents
row, the journal entry and the letter's bytes in the document store appear together or not at
all, and nothing is written to the home's folder; numbers per agency, kind and year never
repeat, also when four processes issue replies at once."""

from __future__ import annotations

import hashlib
import multiprocessing
import shutil
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from casework.adapters.database import ensure_schema, make_engine
from casework.adapters.letters import DocxLetterRenderer
from casework.adapters.repository import SqlUnitOfWork
from casework.bootstrap import bootstrap
from casework.domain.application.validation import ApplicationInput
from casework.errors import ConfigurationError, StorageError, ValidationError
from casework.resources import data_path
from casework.services import actions, review
from casework.services.context import ServiceContext
from casework.services.letter_checks import check_case, list_documents
from casework.services.registration import register
from tests.conftest import write_home
from tests.support.letter_workers import issue_batch

NOW = datetime(2026, 6, 30, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TEMPLATES = data_path("templates") / "replies"


def raw(name: str = "张三") -> ApplicationInput:
    return ApplicationInput(
        applicant=name,
        applicant_type="natural",
        channel="in-person",
        received_on=date(2026, 4, 1),
        description="2025年度部门预算",
    )


@pytest.fixture
def home(tmp_path: Path, database_url: str) -> Path:
    return write_home(tmp_path / "home", database_url)


@pytest.fixture
def ctx(home: Path) -> ServiceContext:
    return bootstrap(home, user="zhangsan").context(NOW)


def stored(engine: Engine) -> dict[str, bytes]:
    """The document store: sha256 → bytes."""
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT sha256, content FROM document_blobs"))
        return {sha256: bytes(content) for sha256, content in rows}


def row_count(engine: Engine, table: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())


def test_registration_stores_the_acknowledgement_with_its_checksum_in_the_journal(
    engine: Engine, ctx: ServiceContext, home: Path
) -> None:
    case = register(SqlUnitOfWork(engine), ctx, raw())
    _case, documents = list_documents(SqlUnitOfWork(engine), ctx, case.number)
    [document] = documents
    assert document.path == "demo/2026/2026-0001/acknowledgement-1.docx"
    assert document.number == "示发改信登〔2026〕1号"
    [(sha256, data)] = stored(engine).items()
    assert sha256 == document.sha256 == hashlib.sha256(data).hexdigest()
    assert data.startswith(b"PK")  # a .docx is a zip
    with SqlUnitOfWork(engine) as uow:
        [event] = uow.events.for_case(case.id or 0)
    assert event.data["documents"] == [document.journal_entry()]
    assert not (home / "documents").exists()


def test_a_letter_that_cannot_be_rendered_leaves_no_row_no_event_and_no_bytes(
    engine: Engine, ctx: ServiceContext, home: Path, tmp_path: Path
) -> None:
    number = register(SqlUnitOfWork(engine), ctx, raw()).number
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    (templates / "correction_notice.docx").unlink()
    broken = replace(ctx, letters=DocxLetterRenderer(templates))
    before = (row_count(engine, "documents"), row_count(engine, "events"), set(stored(engine)))
    with pytest.raises(ConfigurationError, match="未找到文书模板"):
        actions.request_correction(
            SqlUnitOfWork(engine), broken, number, items="请写明文件名称", on=date(2026, 4, 3)
        )
    after = (row_count(engine, "documents"), row_count(engine, "events"), set(stored(engine)))
    assert after == before


class FailingCommit(SqlUnitOfWork):
    """A unit of work whose commit fails after everything was written (a lost connection)."""

    def commit(self) -> None:
        raise StorageError("数据库暂时不可用，未保存任何更改：测试")


def test_a_failed_commit_leaves_no_bytes_of_the_letter_rendered_during_the_action(
    engine: Engine, ctx: ServiceContext, home: Path
) -> None:
    number = register(SqlUnitOfWork(engine), ctx, raw()).number
    before = set(stored(engine))
    with pytest.raises(StorageError):
        actions.request_correction(
            FailingCommit(engine), ctx, number, items="请写明文件名称", on=date(2026, 4, 3)
        )
    assert row_count(engine, "documents") == 1
    assert set(stored(engine)) == before
    # The sequence allocation was rolled back too: the next notice is number 1.
    result = actions.request_correction(
        SqlUnitOfWork(engine), ctx, number, items="请写明文件名称", on=date(2026, 4, 3)
    )
    assert result.event.data["documents"][0]["number"] == "示发改信补〔2026〕1号"


def test_approval_is_refused_while_the_draft_lacks_a_required_element(
    engine: Engine, ctx: ServiceContext, home: Path, tmp_path: Path
) -> None:
    from docx import Document

    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    reply = Document(str(templates / "reply.docx"))
    remedy = next(p for p in reply.paragraphs if p.text == "{{ remedy }}")
    remedy._element.getparent().remove(remedy._element)
    reply.save(str(templates / "reply.docx"))
    edited = replace(ctx, letters=DocxLetterRenderer(templates))
    number = register(SqlUnitOfWork(engine), edited, raw()).number
    review.draft(
        SqlUnitOfWork(engine),
        edited,
        number,
        outcome="not_held",
        facts={"search_process": "以“预算”为关键词检索了收文登记簿中的来文记录"},
        on=date(2026, 4, 20),
    )
    events = row_count(engine, "events")
    with pytest.raises(ValidationError, match="救济途径") as refused:
        review.approve(SqlUnitOfWork(engine), replace(edited, actor="lisi"), number)
    assert "不能审签" in str(refused.value)
    assert row_count(engine, "events") == events
    _case, checks = check_case(SqlUnitOfWork(engine), edited, number)
    assert [c.document.kind for c in checks if c.failed] == ["reply"]


def test_a_letter_changed_after_it_was_made_fails_the_check(
    engine: Engine, ctx: ServiceContext, home: Path
) -> None:
    number = register(SqlUnitOfWork(engine), ctx, raw()).number
    _case, [passing] = check_case(SqlUnitOfWork(engine), ctx, number)
    assert not passing.failed
    digest = passing.document.sha256
    changed_bytes = stored(engine)[digest] + b"\0"
    with engine.begin() as connection:  # the bytes changed in the database behind its back
        connection.execute(
            text("UPDATE document_blobs SET content = :data WHERE sha256 = :sha256"),
            {"data": changed_bytes, "sha256": digest},
        )
    _case, [changed] = check_case(SqlUnitOfWork(engine), ctx, number)
    assert [(i.element, i.status) for i in changed.failed] == [("文书文件", "fail")]


def test_the_reply_is_drafted_without_a_number_and_issued_with_one(
    engine: Engine, ctx: ServiceContext, home: Path
) -> None:
    number = register(SqlUnitOfWork(engine), ctx, raw()).number
    facts: dict[str, str | None] = {
        "search_process": "以“预算”为关键词检索了收文登记簿中的来文记录",
        "convenience": "可向市财政局咨询",
    }
    drafted = review.draft(
        SqlUnitOfWork(engine), ctx, number, outcome="not_held", facts=facts, on=date(2026, 4, 20)
    )
    assert drafted.event.data["documents"][0]["number"] is None
    review.approve(SqlUnitOfWork(engine), replace(ctx, actor="lisi"), number, on=date(2026, 4, 21))
    issued = review.issue(
        SqlUnitOfWork(engine), replace(ctx, actor="lisi"), number, on=date(2026, 4, 22)
    )
    [letter] = issued.event.data["documents"]
    assert letter["kind"] == "reply"
    assert letter["number"] == issued.case.reply_number == "示发改信复〔2026〕1号"
    _case, checks = check_case(SqlUnitOfWork(engine), ctx, number)
    assert [(c.document.kind, c.document.status) for c in checks] == [
        ("acknowledgement", "final"),
        ("reply", "final"),
    ]
    assert not any(c.failed for c in checks)


def prepare_approved(home: Path, count: int) -> list[str]:
    clerk, reviewer = bootstrap(home, user="zhangsan"), bootstrap(home, user="lisi")
    numbers = []
    try:
        for index in range(count):
            number = register(clerk.uow(), clerk.context(NOW), raw(f"申请人{index}")).number
            facts: dict[str, str | None] = {"access": "随本答复书提供电子文档"}
            review.draft(
                clerk.uow(),
                clerk.context(NOW),
                number,
                outcome="disclose",
                facts=facts,
                on=date(2026, 4, 20),
            )
            review.approve(reviewer.uow(), reviewer.context(NOW), number, on=date(2026, 4, 21))
            numbers.append(number)
    finally:
        clerk.close()
        reviewer.close()
    return numbers


@pytest.mark.slow
def test_parallel_issue_commands_never_share_or_skip_a_reply_number(
    database_url: str, tmp_path: Path
) -> None:
    home = write_home(tmp_path / "home", database_url)
    setup = make_engine(database_url)
    ensure_schema(setup)
    setup.dispose()
    workers, per_worker = 4, 5
    numbers = prepare_approved(home, workers * per_worker)
    shares = [(str(home), w, numbers[w::workers]) for w in range(workers)]
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        batches = pool.starmap(issue_batch, shares)
    replies = sorted(reply for batch in batches for reply in batch)
    expected = sorted(f"示发改信复〔2026〕{seq}号" for seq in range(1, workers * per_worker + 1))
    assert replies == expected  # no duplicate, no gap
    engine = make_engine(database_url)
    with engine.connect() as connection:
        numbered = connection.execute(
            text("SELECT number FROM documents WHERE kind = 'reply' AND status = 'final'")
        ).scalars()
        assert sorted(numbered) == expected
        digests = connection.execute(
            text("SELECT sha256 FROM documents WHERE kind = 'reply' AND status = 'final'")
        ).scalars()
        finals = list(digests)
    assert len(finals) == workers * per_worker
    assert set(finals) <= set(stored(engine))  # every issued reply has its bytes
    engine.dispose()
