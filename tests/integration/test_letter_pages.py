"""A letter as page images for the review console (issue 20): LibreOffice's PDF rasterised by
pdftoppm, one PNG per page with ink on it, kept as renditions so a second look runs neither
program again; only for the agencies the user works for."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine

from casework.adapters.letters import DocxLetterRenderer
from casework.adapters.repository import SqlUnitOfWork
from casework.bootstrap import bootstrap
from casework.domain.application.validation import ApplicationInput
from casework.errors import NotFoundError, ValidationError
from casework.resources import data_path
from casework.services.context import ServiceContext
from casework.services.letter_checks import list_documents
from casework.services.letter_pages import letter_pages
from casework.services.registration import register
from tests.conftest import write_home
from tests.support.png import dark_pixels

NOW = datetime(2026, 6, 30, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TJ_ONLY = """
[users.zhaoliu]
name = "赵六"
roles = ["reviewer"]
agencies = ["tj"]
"""


class NoConversion(DocxLetterRenderer):
    """A renderer that must not be asked to convert anything (the cache answers)."""

    def to_pdf(self, *args: Any, **kwargs: Any) -> list[bytes]:
        raise AssertionError("LibreOffice ran again")

    def to_page_images(self, pdf: bytes, dpi: int) -> list[bytes]:
        raise AssertionError("pdftoppm ran again")


@pytest.fixture
def ctx(tmp_path: Path, database_url: str) -> ServiceContext:
    home = write_home(tmp_path / "home", database_url, extra=TJ_ONLY)
    return bootstrap(home, user="lisi").context(NOW)


def acknowledgement(engine: Engine, ctx: ServiceContext) -> tuple[str, int]:
    raw = ApplicationInput(
        applicant="张三",
        applicant_type="natural",
        channel="in-person",
        received_on=date(2026, 4, 1),
        description="2025年度部门预算",
    )
    number = register(SqlUnitOfWork(engine), ctx, raw).number
    _case, (document,) = list_documents(SqlUnitOfWork(engine), ctx, number)
    assert document.id is not None
    return number, document.id


def test_a_letter_is_shown_as_page_images_made_once(engine: Engine, ctx: ServiceContext) -> None:
    number, document_id = acknowledgement(engine, ctx)
    first = letter_pages(SqlUnitOfWork(engine), ctx, number, document_id)
    assert first.document.kind == "acknowledgement" and first.case.number == number
    assert first.pages and all(page.startswith(b"\x89PNG\r\n\x1a\n") for page in first.pages)
    dark, total = dark_pixels(first.pages[0])
    assert 0 < dark < total // 2  # glyphs on a white page
    with SqlUnitOfWork(engine) as uow:
        formats = set(uow.documents.renditions_of(document_id))
    assert formats == {"pdf", *(f"page96-{n}.png" for n in range(1, len(first.pages) + 1))}
    cached = replace(ctx, letters=NoConversion(data_path("templates") / "replies"))
    again = letter_pages(SqlUnitOfWork(engine), cached, number, document_id)
    assert again.pages == first.pages


def test_another_agencys_letter_an_unknown_letter_and_a_bad_resolution_are_refused(
    engine: Engine, ctx: ServiceContext
) -> None:
    number, document_id = acknowledgement(engine, ctx)
    stranger = replace(ctx, actor="zhaoliu")
    with pytest.raises(NotFoundError, match="未找到案件"):
        letter_pages(SqlUnitOfWork(engine), stranger, number, document_id)
    with pytest.raises(NotFoundError, match="没有编号为") as unknown:
        letter_pages(SqlUnitOfWork(engine), ctx, number, document_id + 100)
    assert unknown.value.field == "DOCUMENT（文书编号）"
    with pytest.raises(ValidationError, match="50至200 dpi"):
        letter_pages(SqlUnitOfWork(engine), ctx, number, document_id, dpi=600)
