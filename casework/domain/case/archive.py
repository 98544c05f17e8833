"""The archive bundle (归档, Reg. art. 45): its manifest, its seal, and how it is checked.

A bundle is one frozen set of files per archive action: every letter as PDF/A-2b and as the
.docx original, the attachments, the journal (JSON and a readable PDF) and the deadline
derivation, listed by a manifest.  Following GB/T 18894-2016 (electronic records keep their
metadata and a fixity value) and DA/T 22-2015 (the 件 as the unit, each with 题名, 责任者, 文号
and 日期 of 8 digits, ordered and numbered by 件号), every manifest item carries: item number,
file, kind, title, responsible party, document number, date, media type, size, sha256 and
creation time.  The manifest names the journal head hash (``journal_head``) and is sealed by
it: ``seal = HMAC-SHA256(key=journal_head, manifest bytes)``, so a bundle states which journal
it closes and a changed file, manifest or seal is found.  Pure: bytes in, problems out.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from typing import Any

from casework.domain.case.chain import seal as seal_event
from casework.domain.case.records import CaseEvent, chain_link

MANIFEST = "manifest.json"
SEAL = "manifest.seal"
FORMAT = "casework-archive-bundle/1"


@dataclass(frozen=True)
class BundleItem:
    """One file of a bundle with its DA/T 22 / GB/T 18894 metadata."""

    item: int  # 件号, 1-based, in bundle order
    file: str  # the path inside the bundle
    kind: str  # letter_pdfa, letter_docx, attachment, journal_json, journal_pdf, deadlines
    title: str  # 题名
    responsible: str  # 责任者: the agency, or the applicant / third party for an attachment
    number: str | None  # 文号
    date: str  # 日期, YYYYMMDD
    media_type: str
    size: int
    sha256: str
    created: str  # ISO timestamp


@dataclass(frozen=True)
class BundleRecord:
    """A bundle as the database lists it: the manifest is in the document store."""

    case_id: int
    event_seq: int  # the archive event that made it
    manifest_sha256: str
    journal_head: str
    seal: str
    created_at: datetime
    created_by: str
    id: int | None = None


def _canonical(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def journal_digest(events: Sequence[CaseEvent], agency: str, number: str) -> str:
    """The journal head hash the manifest is sealed with: the hash-chain head
    (``casework.domain.case.chain``) recomputed from the events' content, so that an event
    edited in place changes it even where its stored hash was left alone; for a journal not
    chained (no hash on its last event) the sha256 of its rows in order."""
    if events and events[-1].event_hash:
        head: str | None = None
        for event in events:
            head = seal_event(replace(chain_link(event, agency, number), prev_hash=head))
        assert head is not None
        return head
    rows = [
        [
            e.seq,
            e.action,
            e.actor,
            e.recorded_at.astimezone(UTC).isoformat(),
            e.effective_on.isoformat(),
            e.state_before,
            e.state_after,
            e.data,
        ]
        for e in events
    ]
    return hashlib.sha256(_canonical(rows)).hexdigest()


def manifest_bytes(header: Mapping[str, Any], items: Sequence[BundleItem], head: str) -> bytes:
    """The manifest as stored and exported: the header (case, agency, year, created, created
    by), the journal head and the items, UTF-8 JSON, keys sorted, indented for reading."""
    body = {
        **header,
        "format": FORMAT,
        "hash_algorithm": "SHA-256",
        "journal_head": head,
        "items": [asdict(item) for item in items],
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True, indent=1).encode() + b"\n"


def seal(manifest: bytes, head: str) -> str:
    """HMAC-SHA256 of the manifest keyed by the journal head hash."""
    return hmac.new(head.encode(), manifest, hashlib.sha256).hexdigest()


def check_bundle(
    manifest: bytes | None, stated_seal: str | None, files: Mapping[str, bytes | None]
) -> list[str]:
    """Every problem of a bundle, in Chinese: the manifest unreadable, the seal not matching
    it, a listed file missing or changed (size or sha256), a file present but not listed.
    ``files`` maps each path found in the bundle (and each listed path) to its bytes (None:
    missing)."""
    if manifest is None:
        return [f"缺少清单文件 {MANIFEST}"]
    try:
        body = json.loads(manifest)
        head = str(body["journal_head"])
        items = list(body["items"])
    except (ValueError, KeyError, TypeError):
        return [f"清单文件 {MANIFEST} 无法读取或格式不符"]
    problems = []
    if stated_seal is None:
        problems.append(f"缺少封签文件 {SEAL}")
    elif not hmac.compare_digest(stated_seal.strip(), seal(manifest, head)):
        problems.append(f"清单与封签不符（{SEAL}）：清单或封签已被改动")
    listed = set()
    for item in items:
        path = str(item.get("file", ""))
        listed.add(path)
        problems.extend(_check_item(path, item, files.get(path)))
    problems.extend(
        f"文件 {path} 不在清单中" for path in sorted(set(files) - listed) if files[path] is not None
    )
    return problems


def _check_item(path: str, item: Mapping[str, Any], data: bytes | None) -> list[str]:
    if data is None:
        return [f"缺少文件 {path}"]
    if len(data) != item.get("size") or hashlib.sha256(data).hexdigest() != item.get("sha256"):
        return [f"文件 {path} 已被改动（大小或 SHA-256 校验值与清单不符）"]
    return []
