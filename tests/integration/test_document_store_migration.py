"""Revision 0010 and ``casework db import-documents``: a populated database of revision 0006
with its letters as files in a clerk's home moves into the document store on SQLite and
PostgreSQL, each file checked against the sha256 its documents row recorded; and back
(``db export-documents``, then a downgrade to 0009 and up again)."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from alembic import command
from click.testing import CliRunner, Result
from sqlalchemy import JSON, Column, MetaData, Table, inspect, text
from sqlalchemy.engine import Engine

from casework.adapters.database import (
    HEAD_REVISION,
    alembic_config,
    current_revision,
    make_engine,
    upgrade,
)
from casework.adapters.orm import applicants, cases
from casework.adapters.orm_documents import documents
from casework.adapters.repository import SqlUnitOfWork
from casework.resources import data_path
from tests.conftest import write_home

STAMP = datetime(2026, 4, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
FOLDER = "demo/2026/2026-0001"
TEMPLATES = data_path("templates") / "replies"
# The cases table as 0006 left it (the facts as plain JSON).
RAW_CASES = Table(
    "cases",
    MetaData(),
    *(Column(c.name, JSON if c.name == "facts" else c.type) for c in cases.c),
)
# Three letters of one case as 0009's code left them in the clerk's home: one in place, one
# only as the staging file of an action killed between its commit and the move into place,
# one edited in Word after it was made (its bytes are no longer the recorded letter).
IN_PLACE = f"{FOLDER}/acknowledgement-1.docx"
STAGED = f"{FOLDER}/correction_notice-1.docx"
EDITED = f"{FOLDER}/reply-1-draft.docx"
LETTERS = {
    IN_PLACE: (TEMPLATES / "acknowledgement.docx").read_bytes(),
    STAGED: (TEMPLATES / "correction_notice.docx").read_bytes(),
    EDITED: (TEMPLATES / "reply.docx").read_bytes(),
}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _populated_0006(database_url: str, documents_dir: Path) -> Engine:
    engine = make_engine(database_url)
    upgrade(engine, "0006")
    with engine.begin() as connection:
        applicant = connection.execute(
            applicants.insert()
            .values(name="张三", applicant_type="natural", contact="", address="")
            .returning(applicants.c.id)
        ).scalar_one()
        case_id = connection.execute(
            RAW_CASES.insert()
            .values(
                agency="demo",
                number="2026-0001",
                year=2026,
                seq=1,
                query_code="Q0001",
                state="reviewing",
                workflow="disclosure",
                workflow_version="3",
                applicant_id=applicant,
                channel="in-person",
                received_on=date(2026, 4, 1),
                description="2025年度部门预算",
                receipt={},
                facts={},
                due_provisional=False,
                handler="zhangsan",
                created_at=STAMP,
                updated_at=STAMP,
                version=1,
            )
            .returning(RAW_CASES.c.id)
        ).scalar_one()
        for path, data in LETTERS.items():
            kind = Path(path).stem.split("-")[0]
            connection.execute(
                documents.insert().values(
                    case_id=case_id,
                    kind=kind,
                    number=None,
                    status="draft" if path == EDITED else "final",
                    path=path,
                    sha256=sha(data),
                    created_at=STAMP,
                    created_by="zhangsan",
                )
            )
    folder = documents_dir / FOLDER
    folder.mkdir(parents=True)
    (folder / "acknowledgement-1.docx").write_bytes(LETTERS[IN_PLACE])
    (folder / ".correction_notice-1.docx.0123456789ab.part").write_bytes(LETTERS[STAGED])
    (folder / "reply-1-draft.docx").write_bytes(LETTERS[EDITED] + b"\0")  # edited since
    return engine


def casework(home: Path, *args: str) -> Result:
    from casework.entrypoints.cli import cli

    return CliRunner().invoke(cli, ["--home", str(home), "--user", "zhangsan", *args])


def stored(engine: Engine) -> dict[str, bytes]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT sha256, content FROM document_blobs"))
        return {digest: bytes(content) for digest, content in rows}


def test_a_populated_0006_home_moves_its_letter_files_into_the_store_checked_by_sha256(
    database_url: str, tmp_path: Path
) -> None:
    home = write_home(tmp_path / "home", database_url)
    engine = _populated_0006(database_url, home / "documents")
    # Migrates through 0010 to the head (0019 since issue 17 added the case file's tables) and
    # says what is left to import.
    reminder = casework(home, "init")
    assert reminder.exit_code == 0, reminder.output
    assert current_revision(engine) == HEAD_REVISION
    assert {"document_blobs", "document_renditions"} <= set(inspect(engine).get_table_names())
    assert "有 3 份文书是旧版本写在工作目录中的文件" in reminder.output

    early = casework(home, "docs", "2026-0001", "--out", str(tmp_path / "副本"))
    assert early.exit_code == 1  # not imported yet: said so, with the command that does it
    assert "文书库中没有该文书的内容" in early.stderr and "import-documents" in early.stderr

    result = casework(home, "db", "import-documents", "--json")
    assert result.exit_code == 1  # one letter has no file with its recorded checksum
    assert json.loads(result.output) == {"done": [IN_PLACE, STAGED], "missing": [EDITED]}
    content = stored(engine)
    assert content == {
        sha(LETTERS[IN_PLACE]): LETTERS[IN_PLACE],
        sha(LETTERS[STAGED]): LETTERS[STAGED],
    }
    assert all(sha(data) == digest for digest, data in content.items())
    with SqlUnitOfWork(engine) as uow:
        assert [d.path for d in uow.documents.without_content()] == [EDITED]

    again = casework(home, "db", "import-documents")  # re-runnable, nothing stored twice
    assert again.exit_code == 1
    assert "已导入文书库 0 份文书。" in again.output
    assert f"未找到校验值相符的文件：{EDITED}" in again.output
    assert stored(engine) == content
    # The edited file is restored from the clerk's backup: the next run takes it.
    (home / "documents" / EDITED).write_bytes(LETTERS[EDITED])
    last = casework(home, "db", "import-documents", "--json")
    assert last.exit_code == 0
    assert json.loads(last.output) == {"done": [EDITED], "missing": []}
    assert stored(engine)[sha(LETTERS[EDITED])] == LETTERS[EDITED]
    engine.dispose()


def test_the_store_is_written_back_to_files_before_a_downgrade_to_0009_and_upgrades_again(
    database_url: str, tmp_path: Path
) -> None:
    home = write_home(tmp_path / "home", database_url)
    engine = _populated_0006(database_url, home / "documents")
    (home / "documents" / EDITED).write_bytes(LETTERS[EDITED])
    assert casework(home, "db", "import-documents").exit_code == 0
    elsewhere = write_home(tmp_path / "other-home", database_url)  # a clerk without the files

    result = casework(elsewhere, "db", "export-documents", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"done": list(LETTERS), "missing": []}
    for path, data in LETTERS.items():
        assert (elsewhere / "documents" / path).read_bytes() == data

    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0009")
    assert current_revision(engine) == "0009"
    tables = set(inspect(engine).get_table_names())
    assert "documents" in tables
    assert not {"document_blobs", "document_renditions"} & tables
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT path, sha256 FROM documents ORDER BY id"))
        assert [tuple(row) for row in rows] == [(p, sha(d)) for p, d in LETTERS.items()]

    upgrade(engine)  # and up again: the files are imported once more
    assert current_revision(engine) == HEAD_REVISION
    assert casework(elsewhere, "db", "import-documents").exit_code == 0
    assert stored(engine) == {sha(data): data for data in LETTERS.values()}
    engine.dispose()


@pytest.mark.parametrize("folder", ["", "../outside"])
def test_a_document_name_outside_the_documents_folder_is_refused(
    tmp_path: Path, folder: str
) -> None:
    from casework.adapters.document_files import DocumentFolder
    from casework.errors import StorageError

    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "letter.docx").write_bytes(b"PK")
    legacy = DocumentFolder(tmp_path / "documents")
    if folder:
        with pytest.raises(StorageError, match="超出文书目录"):
            list(legacy.candidates(f"{folder}/letter.docx"))
    else:
        assert list(legacy.candidates("demo/letter.docx")) == []
