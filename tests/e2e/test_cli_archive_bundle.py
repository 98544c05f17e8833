"""The archive bundle (归档, issue 17) on both engines: ``archive`` makes one frozen bundle —
letters as PDF/A-2b and .docx, attachments, journal JSON and PDF, deadline derivation, a
manifest sealed by the journal head — stored with the archive event; ``archive export`` writes
it; ``archive verify`` finds a changed, missing or added file, an edited manifest, and (in the
database) a journal edited after archiving."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from casework.adapters.database import make_engine
from tests.conftest import write_home
from tests.support.clerk import NOW, PDF, Clerk, decided, write

DELIVER = ("--method", "post", "--tracking", "EMS1234567890CN")


@pytest.fixture
def run(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Clerk:
    monkeypatch.setenv("CASEWORK_NOW", NOW)
    monkeypatch.delenv("CASEWORK_HOME", raising=False)
    monkeypatch.delenv("CASEWORK_USER", raising=False)
    return Clerk(write_home(tmp_path / "home", database_url))


def archived(run: Clerk, tmp_path: Path) -> str:
    number = decided(run)
    run(
        "attach",
        number,
        str(write(tmp_path / "in", "申请表.pdf", PDF)),
        "--kind",
        "application_scan",
    )
    run("deliver", number, *DELIVER)
    run("archive", number)
    return number


def exported(run: Clerk, number: str, out: Path) -> dict[str, Any]:
    run("archive", "export", number, "--out", str(out))
    return dict(json.loads((out / "manifest.json").read_text(encoding="utf-8")))


def pdfa_identification(path: Path) -> tuple[str, str]:
    """(pdfaid:part, pdfaid:conformance) from the PDF's XMP metadata (pdfinfo -meta)."""
    xmp = subprocess.run(
        ["pdfinfo", "-meta", str(path)], capture_output=True, text=True, check=True
    ).stdout
    part = xmp.split("<pdfaid:part>")[1].split("<")[0]
    conformance = xmp.split("<pdfaid:conformance>")[1].split("<")[0]
    return part, conformance


def test_archive_makes_a_bundle_that_exports_and_verifies_with_pdfa_letters(
    run: Clerk, tmp_path: Path
) -> None:
    number = archived(run, tmp_path)
    event = run.json("history", number)["events"][-1]
    assert event["action"] == "archive" and event["data"]["bundle"]["files"] == 12
    out = tmp_path / "包"
    manifest = exported(run, number, out)
    kinds = [item["kind"] for item in manifest["items"]]
    assert kinds.count("letter_docx") == kinds.count("letter_pdfa") == 4  # with the draft
    assert kinds[-4:] == ["attachment", "journal_json", "deadlines", "journal_pdf"]
    assert manifest["journal_head"] == event["data"]["bundle"]["journal_head"]
    assert (out / "manifest.seal").read_text().strip() == event["data"]["bundle"]["seal"]
    for item in manifest["items"]:
        data = (out / item["file"]).read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (item["size"], item["sha256"])
        assert item["title"] and item["responsible"] and len(item["date"]) == 8
    assert (out / "attachments/01-申请表.pdf").read_bytes() == PDF
    reply = next(i for i in manifest["items"] if i["kind"] == "letter_pdfa" and i["number"])
    assert pdfa_identification(out / reply["file"]) == ("2", "B")
    assert pdfa_identification(out / "journal/journal.pdf") == ("2", "B")
    journal = json.loads((out / "journal/journal.json").read_text(encoding="utf-8"))
    assert [e["action"] for e in journal][-3:] == ["issue", "attach", "deliver"]
    derivation = json.loads((out / "journal/deadlines.json").read_text(encoding="utf-8"))
    assert derivation and all(step["text"] for step in derivation)
    verified = run("archive", "verify", str(out))
    assert "校验通过" in verified.output
    assert "校验通过" in run("archive", "verify", "--case", number).output
    refused = run("archive", "export", number, "--out", str(out), ok=False)
    assert refused.exit_code == 1 and "目录不为空" in refused.stderr


@pytest.mark.parametrize(
    ("tamper", "finding"),
    [
        (lambda out: (out / "attachments/01-申请表.pdf").write_bytes(PDF + b"x"), "已被改动"),
        (lambda out: (out / "journal/journal.json").unlink(), "缺少文件 journal/journal.json"),
        (lambda out: (out / "letters/extra.pdf").write_bytes(PDF), "letters/extra.pdf 不在清单中"),
        (
            lambda out: (out / "manifest.json").write_text(
                (out / "manifest.json").read_text(encoding="utf-8").replace("登记回执", "回执"),
                encoding="utf-8",
            ),
            "清单与封签不符",
        ),
        (lambda out: (out / "manifest.seal").unlink(), "缺少封签文件"),
    ],
    ids=["changed", "missing", "added", "manifest-edited", "seal-missing"],
)
def test_verify_finds_each_change_to_an_exported_bundle(
    run: Clerk, tmp_path: Path, tamper: Any, finding: str
) -> None:
    number = archived(run, tmp_path)
    out = tmp_path / "包"
    exported(run, number, out)
    tamper(out)
    result = run("archive", "verify", str(out), ok=False)
    assert result.exit_code == 1
    assert finding in result.output


def test_verify_in_the_database_finds_an_edited_journal_and_a_changed_blob(
    run: Clerk, tmp_path: Path, database_url: str
) -> None:
    number = archived(run, tmp_path)
    assert "校验通过" in run("archive", "verify", "--case", number).output
    engine = make_engine(database_url)
    sqlite = engine.dialect.name == "sqlite"
    try:
        with engine.begin() as connection:
            # Someone with database access lifts the append-only guard and edits the approval.
            if sqlite:
                connection.execute(text("DROP TRIGGER events_no_update"))
            else:
                connection.execute(text("ALTER TABLE events DISABLE TRIGGER events_append_only"))
            connection.execute(text("UPDATE events SET actor = 'wangwu' WHERE action = 'approve'"))
            manifest = json.loads(
                connection.execute(
                    text(
                        "SELECT b.content FROM document_blobs b "
                        "JOIN archive_bundles a ON a.manifest_sha256 = b.sha256"
                    )
                ).scalar_one()
            )
            attachment = next(i for i in manifest["items"] if i["kind"] == "attachment")
            connection.execute(
                text("UPDATE document_blobs SET content = :c WHERE sha256 = :s"),
                {"c": PDF + b"forged", "s": attachment["sha256"]},
            )
    finally:
        engine.dispose()
    result = run("archive", "verify", "--case", number, ok=False)
    assert result.exit_code == 1
    assert "之前的办理日志已被改动" in result.output
    assert "attachments/01-申请表.pdf 已被改动" in result.output
    # ``casework verify`` checks the case's bundles too, besides its chain (issue 17).
    verified = run("verify", number, ok=False)
    assert verified.exit_code == 2
    bundle_lines = [line for line in verified.output.splitlines() if "归档包：" in line]
    assert any("01-申请表.pdf 已被改动" in line for line in bundle_lines), verified.output


def test_an_archive_that_cannot_make_its_pdfs_changes_nothing(run: Clerk, tmp_path: Path) -> None:
    number = decided(run)
    run("deliver", number, *DELIVER)
    before = run.state()
    config = run.home / "config.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            'soffice = "soffice"', 'soffice = "no-such-office"'
        ),
        encoding="utf-8",
    )
    result = run("archive", number, ok=False)
    assert result.exit_code == 1 and "未找到 LibreOffice" in result.stderr
    assert run.state() == before  # still delivered, no bundle, no archive event
    missing = run("archive", "export", number, "--out", str(tmp_path / "包"), ok=False)
    assert missing.exit_code == 1 and "没有归档包" in missing.stderr
