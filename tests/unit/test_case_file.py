"""The attachment rules and the archive manifest (issue 17), pure: a file's type is sniffed
from its content and must agree with its extension; a bundle's seal binds its manifest to the
journal head, and every change to a listed file, the manifest or the seal is found."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from casework.domain.case.archive import (
    BundleItem,
    check_bundle,
    journal_digest,
    manifest_bytes,
    seal,
)
from casework.domain.case.attachments import (
    KIND_LABELS,
    MAX_ATTACHMENT_BYTES,
    AttachmentKind,
    attachment_kind,
    check_file,
    sniff,
)
from casework.domain.case.records import CaseEvent
from casework.errors import ValidationError
from tests.support.png import solid_png

SHANGHAI = ZoneInfo("Asia/Shanghai")


def zipped(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name in names:
            package.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (b"%PDF-1.7\n", "application/pdf"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (solid_png(2, 2), "image/png"),
        (b"II*\x00\x08\x00\x00\x00", "image/tiff"),
        (b"MM\x00*\x00\x00\x00\x08", "image/tiff"),
        (
            zipped("word/document.xml", "[Content_Types].xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (zipped("OFD.xml", "Doc_0/Document.xml"), "application/ofd"),
        ("申请人：张三\r\n\t事项：预算".encode(), "text/plain"),
        (zipped("xl/workbook.xml"), None),  # a spreadsheet is not an accepted type
        (b"\x7fELF\x02\x01", None),
        (b"MZ\x90\x00", None),
        (b"abc\x00def", None),
        ("申请".encode("gbk"), None),  # not UTF-8
    ],
)
def test_the_type_is_read_from_the_content(data: bytes, media_type: str | None) -> None:
    assert sniff(data) == media_type


def test_a_file_whose_extension_matches_its_content_is_accepted_in_any_case() -> None:
    assert check_file("扫描件.PDF", b"%PDF-1.4\n") == "application/pdf"
    assert check_file("照片.jpeg", b"\xff\xd8\xff\xe1") == "image/jpeg"


@pytest.mark.parametrize(
    ("name", "data", "rule"),
    [
        ("a.pdf", b"", "文件为空"),
        ("a.pdf", b"%PDF-" + b"0" * MAX_ATTACHMENT_BYTES, "超过上限 20 MB"),
        ("a.png", b"%PDF-1.4", "文件内容是PDF，与扩展名「.png」不符（应为 .pdf）"),
        ("a.exe", b"MZ\x90\x00", "不是可接受的类型"),
        ("a", b"%PDF-1.4", "与扩展名「（无）」不符"),
    ],
)
def test_a_bad_file_is_refused_naming_the_file_and_the_rule(
    name: str, data: bytes, rule: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        check_file(name, data)
    assert refused.value.field == f"FILE（附件文件）「{name}」"
    assert rule in refused.value.rule


def test_every_kind_has_a_chinese_label_and_an_unknown_code_lists_them() -> None:
    assert set(KIND_LABELS) == set(AttachmentKind) and len(AttachmentKind) == 10
    assert attachment_kind("remedy_decision").label == "复议决定书或裁判文书"
    with pytest.raises(ValidationError) as refused:
        attachment_kind("scan")
    assert "application_scan（申请材料扫描件）" in refused.value.rule


def item(number: int, path: str, data: bytes) -> BundleItem:
    return BundleItem(
        item=number,
        file=path,
        kind="attachment",
        title="申请材料扫描件：申请表.pdf",
        responsible="张三",
        number=None,
        date="20260401",
        media_type="application/pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        created="2026-04-01T09:00:00+08:00",
    )


FILES = {"attachments/01-a.pdf": b"%PDF-1.4 a", "journal/journal.json": b"[]\n"}
HEAD = "ab" * 32


def bundle() -> tuple[bytes, str]:
    items = [item(n, path, data) for n, (path, data) in enumerate(FILES.items(), start=1)]
    manifest = manifest_bytes({"case": "2026-0001"}, items, HEAD)
    return manifest, seal(manifest, HEAD)


def test_an_intact_bundle_has_no_problem_and_its_manifest_names_the_head() -> None:
    manifest, stated = bundle()
    assert check_bundle(manifest, stated, dict(FILES)) == []
    assert f'"journal_head": "{HEAD}"' in manifest.decode()


def test_each_change_to_a_bundle_is_found() -> None:
    manifest, stated = bundle()
    changed = {**FILES, "journal/journal.json": b"[1]\n"}
    assert check_bundle(manifest, stated, changed) == [
        "文件 journal/journal.json 已被改动（大小或 SHA-256 校验值与清单不符）"
    ]
    missing = {**FILES, "journal/journal.json": None}
    assert check_bundle(manifest, stated, missing) == ["缺少文件 journal/journal.json"]
    added = {**FILES, "x.pdf": b"x"}
    assert check_bundle(manifest, stated, added) == ["文件 x.pdf 不在清单中"]
    edited = manifest.replace("张三".encode(), "李四".encode())
    assert check_bundle(edited, stated, dict(FILES)) == [
        "清单与封签不符（manifest.seal）：清单或封签已被改动"
    ]
    assert check_bundle(manifest, None, dict(FILES)) == ["缺少封签文件 manifest.seal"]
    assert check_bundle(None, stated, dict(FILES)) == ["缺少清单文件 manifest.json"]
    assert check_bundle(b"{", stated, dict(FILES)) == ["清单文件 manifest.json 无法读取或格式不符"]


def event(seq: int, actor: str = "zhangsan") -> CaseEvent:
    return CaseEvent(
        case_id=1,
        seq=seq,
        action="register",
        actor=actor,
        recorded_at=datetime(2026, 4, 1, 9, 0, tzinfo=SHANGHAI),
        effective_on=date(2026, 4, 1),
        state_before=None,
        state_after="registered",
        data={"applicant": {"name": "张三"}},
    )


def test_the_journal_digest_changes_with_any_row_and_not_with_the_time_zone() -> None:
    digest = journal_digest([event(1), event(2)], "demo", "2026-0001")
    assert journal_digest([event(1), event(2, actor="lisi")], "demo", "2026-0001") != digest
    assert journal_digest([event(1)], "demo", "2026-0001") != digest
    utc = event(1)
    utc.recorded_at = utc.recorded_at.astimezone(ZoneInfo("UTC"))
    assert journal_digest([utc, event(2)], "demo", "2026-0001") == digest


def test_a_chained_journal_digest_is_its_head_recomputed_from_the_content() -> None:
    """With the hash chain (issue 17) the digest is the head as the content gives it: an event
    edited in place while its stored hashes stay changes it."""
    from casework.domain.case.chain import seal
    from casework.domain.case.records import chain_link

    sealed, head = [], None
    for entry in (event(1), event(2)):
        entry.prev_hash = head
        entry.event_hash = head = seal(chain_link(entry, "demo", "2026-0001"))
        sealed.append(entry)
    assert journal_digest(sealed, "demo", "2026-0001") == head
    sealed[0].actor = "lisi"  # stored hashes untouched
    assert journal_digest(sealed, "demo", "2026-0001") != head
