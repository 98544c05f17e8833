"""Building the archive bundle (归档, Reg. art. 45) inside the archive action's unit of work.

The bundle holds every letter as PDF/A-2b (one LibreOffice run) and as its .docx original,
every attachment, the journal as JSON and as a readable PDF/A, and the deadline derivation as
JSON (and in that PDF).  Each file goes to the document store; the manifest
(``casework.domain.case.archive``) lists them with their DA/T 22 / GB/T 18894 metadata and is
sealed with the journal head hash; an ``archive_bundles`` row names manifest, head and seal.
All of it commits with the archive event, or nothing does.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from casework.domain.case.archive import (
    BundleItem,
    BundleRecord,
    journal_digest,
    manifest_bytes,
    seal,
)
from casework.domain.case.attachments import AttachmentKind
from casework.domain.case.records import Case
from casework.domain.clock.case import case_reply_clock, derivation_data
from casework.domain.letters.documents import DocumentKind, StoredDocument
from casework.errors import DocumentError
from casework.services.letter_checks import renderer
from casework.services.views import action_label, event_view
from casework.services.workflow_support import ActionEnv

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDFA = "application/pdf"  # PDF/A-2b (ISO 19005-2, conformance B)
JSON_TYPE = "application/json"
Named = tuple[str, bytes]


@dataclass
class _Bundle:
    """Files gathered so far: (item metadata without number and hashes, bytes)."""

    files: list[tuple[dict[str, Any], bytes]]

    def add(self, data: bytes, **meta: Any) -> None:
        self.files.append((meta, data))


def build_bundle(case: Case, env: ActionEnv) -> dict[str, Any]:
    """Make and store the case's bundle; what the archive event's journal entry says of it."""
    assert case.id is not None
    uow, ctx = env.uow, env.ctx
    agency = ctx.agency(case.agency)[1].name
    events = uow.events.for_case(case.id)
    head = journal_digest(events, case.agency, case.number)
    bundle = _Bundle([])
    documents, originals = _originals(case, env)
    journal = [event_view(event) for event in events]
    clock = case_reply_clock(case, env.calendar, ctx.clock_rules, env.on)
    derivation = derivation_data(clock)
    readable = _journal_docx(case, env, journal, derivation)
    # One LibreOffice run for every letter and the journal (≈0.26 s each in a batch).
    pdfs = renderer(ctx).to_pdf([*originals, ("journal.docx", readable)], pdfa=True)
    _letters(documents, originals, pdfs[:-1], agency, bundle)
    _attachments(case, env, bundle)
    _journal(case, env, agency, (journal, derivation, pdfs[-1]), bundle)
    items = [
        BundleItem(item=number, size=len(data), sha256=uow.store.put(data), **meta)
        for number, (meta, data) in enumerate(bundle.files, start=1)
    ]
    manifest = manifest_bytes(_header(case, env, agency), items, head)
    record = BundleRecord(
        case_id=case.id,
        event_seq=uow.events.next_seq(case.id),
        manifest_sha256=uow.store.put(manifest),
        journal_head=head,
        seal=seal(manifest, head),
        created_at=ctx.now,
        created_by=ctx.actor,
    )
    uow.bundles.add(record)
    return {
        "manifest_sha256": record.manifest_sha256,
        "journal_head": head,
        "seal": record.seal,
        "files": len(items),
    }


def _header(case: Case, env: ActionEnv, agency: str) -> dict[str, Any]:
    """The manifest's header: the case, its agency as 全宗 (fonds), year, when and by whom."""
    return {
        "case": case.number,
        "agency": case.agency,
        "fonds": agency,
        "year": case.year,
        "created": env.ctx.now.isoformat(),
        "created_by": env.ctx.actor,
    }


def _originals(case: Case, env: ActionEnv) -> tuple[list[StoredDocument], list[Named]]:
    """Every letter of the case and its .docx (file name, bytes) from the store."""
    assert case.id is not None
    documents = env.uow.documents.for_case(case.id)
    originals = []
    for document in documents:
        data = env.uow.store.get(document.sha256)
        if data is None:
            raise DocumentError("文书库中没有该文书的内容，无法归档", field=document.path)
        originals.append((PurePosixPath(document.path).name, data))
    return documents, originals


def _letters(
    documents: Sequence[StoredDocument],
    originals: Sequence[Named],
    pdfs: Sequence[bytes],
    agency: str,
    bundle: _Bundle,
) -> None:
    """Every letter: its .docx original and its PDF/A-2b."""
    for document, (name, data), pdf in zip(documents, originals, pdfs, strict=True):
        title = DocumentKind(document.kind).heading
        if document.status != "final":
            title += "（草稿）"
        common = {
            "title": title,
            "responsible": agency,
            "number": document.number,
            "date": document.created_at.strftime("%Y%m%d"),
            "created": document.created_at.isoformat(),
        }
        bundle.add(data, file=f"letters/{name}", kind="letter_docx", media_type=DOCX, **common)
        stem = PurePosixPath(name).stem
        bundle.add(pdf, file=f"letters/{stem}.pdf", kind="letter_pdfa", media_type=PDFA, **common)


def _attachments(case: Case, env: ActionEnv, bundle: _Bundle) -> None:
    assert case.id is not None
    for index, attachment in enumerate(env.uow.attachments.for_case(case.id), start=1):
        data = env.uow.store.get(attachment.sha256)
        if data is None:
            raise DocumentError("文书库中没有该附件的内容，无法归档", field=attachment.name)
        bundle.add(
            data,
            file=f"attachments/{index:02d}-{attachment.name}",
            kind="attachment",
            title=f"{AttachmentKind(attachment.kind).label}：{attachment.name}",
            responsible=case.applicant.name
            if attachment.kind in _FROM_APPLICANT
            else "（来文单位或个人）",
            number=None,
            date=attachment.created_at.strftime("%Y%m%d"),
            media_type=attachment.media_type,
            created=attachment.created_at.isoformat(),
        )


_FROM_APPLICANT = {"application_scan", "identity_proof", "power_of_attorney", "correction_material"}


def _journal(
    case: Case,
    env: ActionEnv,
    agency: str,
    made: tuple[list[dict[str, Any]], list[dict[str, Any]], bytes],
    bundle: _Bundle,
) -> None:
    """The journal (identity numbers masked) and the deadline derivation as JSON, and both as
    one readable PDF/A."""
    journal, derivation, pdf = made
    meta = {
        "responsible": agency,
        "number": None,
        "date": env.on.strftime("%Y%m%d"),
        "created": env.ctx.now.isoformat(),
    }
    bundle.add(
        _json(journal),
        file="journal/journal.json",
        kind="journal_json",
        title=f"办理日志（案件 {case.number}）",
        media_type=JSON_TYPE,
        **meta,
    )
    bundle.add(
        _json(derivation),
        file="journal/deadlines.json",
        kind="deadlines",
        title=f"期限计算过程（案件 {case.number}）",
        media_type=JSON_TYPE,
        **meta,
    )
    bundle.add(
        pdf,
        file="journal/journal.pdf",
        kind="journal_pdf",
        title=f"办理日志及期限计算过程（案件 {case.number}）",
        media_type=PDFA,
        **meta,
    )


def _journal_docx(
    case: Case, env: ActionEnv, journal: list[dict[str, Any]], derivation: list[dict[str, Any]]
) -> bytes:
    """The journal and the derivation as tables in a .docx (converted with the letters)."""
    flow = env.ctx.flow
    rows: list[list[str]] = []
    for e in journal:
        before = flow.state_label(e["state_before"] or "")
        rows.append(
            [
                str(e["seq"]),
                e["effective_on"],
                e["recorded_at"][:19].replace("T", " "),
                e["actor"],
                action_label(flow, e["action"]),
                f"{before} → {flow.state_label(e['state_after'])}",
            ]
        )
        rows.append([json.dumps(e["data"], ensure_ascii=False, sort_keys=True)])
    steps = [[s["text"], s["on"] or "", s["until"] or "", str(s["days"] or "")] for s in derivation]
    return renderer(env.ctx).table_document(
        f"案件 {case.number} 办理日志",
        [
            ("办理日志", ["序号", "生效日期", "记录时间", "经办人", "事项", "状态"], rows),
            ("期限计算过程", ["步骤", "日期", "至", "天数"], steps),
        ],
    )


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).encode() + b"\n"
