"""``casework verify`` and the daily anchor: is the case file still what was sealed? (issue 17)

Reg. art. 45 and seed 002 require a complete file of every application (登记、审核、办理、
答复、送达、归档).  ``verify`` recomputes every case journal's hash chain, every document's
sha256 and every agency's chain of anchors, and names each break: the case, the event's seq
and what differs.  ``anchor`` seals, once a day and per agency, the heads of the chains that
moved since the previous anchor into the agency's anchor journal; a chain rewritten from end
to end after that day no longer matches its anchored head.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import groupby

from casework.domain.case.chain import (
    Anchor,
    ChainBreak,
    chain_breaks,
    heads_digest,
    seal_anchor,
    short,
)
from casework.services.archive_export import verify_bundle
from casework.services.context import ServiceContext
from casework.services.integrity_ports import DocumentRecord, IntegrityStore
from casework.services.lookup import find_case
from casework.services.ports import UnitOfWork

# The sha256 of a stored document's bytes, None when they are gone.
DocumentDigest = Callable[[DocumentRecord], str | None]


def stored_document_digest(uow: UnitOfWork) -> DocumentDigest:
    """Where ``verify`` reads a document's bytes: the document store of the unit of work
    (revision 0010: the bytes in the database, keyed by the sha256 recorded when the letter
    was made), hashed again — bytes changed in place no longer hash to their key."""

    def digest(record: DocumentRecord) -> str | None:
        data = uow.store.get(record.sha256)
        return None if data is None else hashlib.sha256(data).hexdigest()

    return digest


@dataclass
class VerifyReport:
    """What ``verify`` looked at, and every break it found (none: the file is intact)."""

    cases: int = 0
    events: int = 0
    documents: int = 0
    anchors: int = 0
    bundles: int = 0
    breaks: list[ChainBreak] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.breaks


def verify(
    uow: UnitOfWork,
    ctx: ServiceContext,
    case_ref: str | None,
    agency: str | None,
    digest: DocumentDigest | None = None,
) -> VerifyReport:
    """Verify one case (``case_ref``) or every case (of ``agency`` when given); documents
    against the document store unless ``digest`` says otherwise."""
    report = VerifyReport()
    with uow:
        case_id = None
        if case_ref is not None:
            case = find_case(uow, case_ref, agency, ctx.default_agency)
            case_id, agency = case.id, case.agency
        store = uow.integrity
        names = _verify_chains(store, case_id, agency, report)
        records = list(store.documents(case_id, agency))  # read before the store is queried
        digest = digest or stored_document_digest(uow)
        report.breaks.extend(document_breaks(records, digest, report))
        report.breaks.extend(_anchored_head_breaks(store, case_id, agency))
        report.breaks.extend(_bundle_breaks(uow, case_id, agency, names, report))
        if case_id is None:
            for code in [agency] if agency else store.anchored_agencies():
                report.breaks.extend(_anchor_chain_breaks(store, code, report))
    return report


def _verify_chains(
    store: IntegrityStore, case_id: int | None, agency: str | None, report: VerifyReport
) -> dict[int, tuple[str, str]]:
    """Check each case's chain; the agency and number of every case seen, by id."""
    names: dict[int, tuple[str, str]] = {}
    for case, rows in groupby(store.chains(case_id, agency), key=lambda row: row.case_id):
        group = list(rows)
        names[case] = (group[0].agency, group[0].case_number)
        report.cases += 1
        links = [row.link for row in group if row.link is not None]
        report.events += len(links)
        if not links:
            first = group[0]
            report.breaks.append(
                ChainBreak(
                    first.agency, first.case_number, None, "办理日志为空（登记条目也已缺失）"
                )
            )
            continue
        report.breaks.extend(chain_breaks(links))
    return names


def _bundle_breaks(
    uow: UnitOfWork,
    case_id: int | None,
    agency: str | None,
    names: dict[int, tuple[str, str]],
    report: VerifyReport,
) -> Iterator[ChainBreak]:
    """Every archive bundle (归档包, issue 17) against the store, its seal and its journal."""
    bundles = uow.bundles.for_case(case_id) if case_id is not None else uow.bundles.every(agency)
    for record in bundles:
        report.bundles += 1
        code, number = names.get(record.case_id, (agency or "", ""))
        for problem in verify_bundle(uow, record):
            yield ChainBreak(code, number or None, record.event_seq, f"归档包：{problem}")


def document_breaks(
    records: Iterable[DocumentRecord], digest: DocumentDigest, report: VerifyReport
) -> Iterator[ChainBreak]:
    """Every stored document whose bytes are gone or hash to another sha256 than recorded.

    The one place that reads the documents' bytes: point ``digest`` at the document store."""
    for record in records:
        report.documents += 1
        actual = digest(record)
        where = f"文书 {record.kind}（{record.path}）"
        if actual is None:
            yield ChainBreak(
                record.agency, record.case_number, None, f"{where}：文书库中没有其内容"
            )
        elif actual != record.sha256:
            yield ChainBreak(
                record.agency,
                record.case_number,
                None,
                f"{where}：sha256 不符：记录为 {short(record.sha256)}，文书库中的内容为 {short(actual)}"
                "（文件已被改动或替换）",
            )


def _anchored_head_breaks(
    store: IntegrityStore, case_id: int | None, agency: str | None
) -> Iterator[ChainBreak]:
    for head in store.moved_anchored_heads(case_id, agency):
        now = (
            "该条已不存在（被删除）"
            if head.current_hash is None
            else f"现为 {short(head.current_hash)}（该条或其之前的日志被改写）"
        )
        yield ChainBreak(
            head.agency,
            head.case_number,
            head.seq,
            f"与 {head.anchored_on} 第 {head.anchor_seq} 次锚定不符：锚定的哈希为 "
            f"{short(head.anchored_hash)}，{now}",
        )


def _anchor_chain_breaks(
    store: IntegrityStore, agency: str, report: VerifyReport
) -> Iterator[ChainBreak]:
    previous: Anchor | None = None
    for anchor, heads in store.anchors(agency):
        report.anchors += 1
        where = f"机关 {agency} 第 {anchor.seq} 次锚定（{anchor.anchored_on.isoformat()}）"
        expected_seq = 1 if previous is None else previous.seq + 1
        if anchor.seq != expected_seq:
            yield ChainBreak(agency, None, None, f"{where}：序号不连续，应为第 {expected_seq} 次")
        expected_prev = None if previous is None else previous.anchor_hash
        if anchor.prev_hash != expected_prev:
            yield ChainBreak(agency, None, None, f"{where}：前一次锚定的哈希不符")
        if seal_anchor(anchor) != anchor.anchor_hash:
            yield ChainBreak(agency, None, None, f"{where}：锚定记录的内容与哈希不符")
        if heads_digest(heads) != anchor.heads_hash or len(heads) != anchor.cases:
            yield ChainBreak(agency, None, None, f"{where}：锚定的案件日志头与记录的摘要不符")
        previous = anchor


@dataclass(frozen=True)
class AnchorResult:
    """One agency's anchor of the day: new, or already made (``created`` False)."""

    agency: str
    seq: int
    anchored_on: date
    cases: int
    anchor_hash: str
    created: bool


def anchor(uow: UnitOfWork, ctx: ServiceContext, agency: str, on: date) -> AnchorResult:
    """Anchor the agency's moved chain heads for day ``on``; once a day (a re-run, or a second
    daemon, finds the day's anchor and adds nothing)."""
    with uow:
        store = uow.integrity
        last = store.last_anchor(agency)
        if last is not None and last.anchored_on >= on:
            return _result(last, created=False)
        heads = store.unanchored_heads(agency)
        new = Anchor(
            agency=agency,
            seq=1 if last is None else last.seq + 1,
            anchored_on=on,
            recorded_at=ctx.now,
            actor=ctx.actor,
            cases=len(heads),
            heads_hash=heads_digest((h.case_number, h.seq, h.event_hash) for h in heads),
            prev_hash=None if last is None else last.anchor_hash,
        )
        sealed = replace(new, anchor_hash=seal_anchor(new))
        store.add_anchor(sealed, heads)
        uow.commit()
    return _result(sealed, created=True)


def _result(anchor: Anchor, *, created: bool) -> AnchorResult:
    assert anchor.anchor_hash is not None
    return AnchorResult(
        anchor.agency, anchor.seq, anchor.anchored_on, anchor.cases, anchor.anchor_hash, created
    )
