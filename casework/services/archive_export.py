"""Exporting an archive bundle and verifying one: on disk, and in the database.

``export_bundle`` gives the files of the case's latest bundle (manifest, seal and every listed
file, from the document store) for ``casework archive export CASE --out DIR``.
``check_exported`` checks an exported folder (``casework archive verify DIR``): every listed
file there with its size and sha256, nothing unlisted, the seal matching the manifest.
``verify_bundle`` checks a stored bundle against the database — the manifest's bytes, every
file's bytes, the seal, and the journal head against the journal as it is now — for
``casework verify`` (issue 17, the hash-chained journal) to call.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from casework.domain.case.archive import (
    MANIFEST,
    SEAL,
    BundleRecord,
    check_bundle,
    journal_digest,
)
from casework.domain.case.endings import IMPORTED_ARCHIVE_NOTE, imported_without_bundle
from casework.domain.case.records import Case
from casework.errors import NotFoundError
from casework.services.context import ServiceContext
from casework.services.lookup import find_case
from casework.services.ports import UnitOfWork


def export_bundle(
    uow: UnitOfWork, ctx: ServiceContext, reference: str, agency: str | None = None
) -> tuple[Case, list[tuple[str, bytes]]]:
    """The case and the (path, bytes) of its latest bundle: manifest, seal, then the files."""
    with uow:
        case = find_case(uow, reference, agency, ctx.default_agency)
        assert case.id is not None
        bundles = uow.bundles.for_case(case.id)
        if not bundles:
            raise NotFoundError(_no_bundle(uow, case), field="CASE（案件编号）")
        record = bundles[-1]
        manifest = _stored(uow, record.manifest_sha256, MANIFEST)
        files = [(MANIFEST, manifest), (SEAL, (record.seal + "\n").encode())]
        for item in json.loads(manifest)["items"]:
            files.append((item["file"], _stored(uow, item["sha256"], item["file"])))
    return case, files


def _no_bundle(uow: UnitOfWork, case: Case) -> str:
    assert case.id is not None
    if imported_without_bundle(case, uow.events.for_case(case.id)):
        return f"案件 {case.number} 为{IMPORTED_ARCHIVE_NOTE}（导入时按原台账已办结归档）"
    return f"案件 {case.number} 没有归档包（归档后生成：casework archive {case.number}）"


def _stored(uow: UnitOfWork, sha256: str, name: str) -> bytes:
    data = uow.store.get(sha256)
    if data is None:
        raise NotFoundError("文书库中缺少归档包文件", field=name)
    return data


def check_exported(files: Mapping[str, bytes | None]) -> list[str]:
    """The problems of an exported bundle given every file found under its folder (relative
    POSIX paths → bytes); the manifest and seal are read from ``files``."""
    manifest = files.get(MANIFEST)
    seal_file = files.get(SEAL)
    stated = None if seal_file is None else seal_file.decode("ascii", "replace")
    rest = {path: data for path, data in files.items() if path not in (MANIFEST, SEAL)}
    return check_bundle(manifest, stated, rest)


def verify_bundle(uow: UnitOfWork, record: BundleRecord) -> list[str]:
    """The problems of a stored bundle, inside the caller's unit of work: its manifest and
    files against the store, its seal, and its journal head against the journal rows before
    the archive event that made it (a journal edited since shows here)."""
    manifest = uow.store.get(record.manifest_sha256)
    if manifest is None or hashlib.sha256(manifest).hexdigest() != record.manifest_sha256:
        return ["文书库中的归档清单缺失或已被改动"]
    body = json.loads(manifest)
    files: dict[str, bytes | None] = {
        item["file"]: uow.store.get(item["sha256"]) for item in body["items"]
    }
    problems = check_bundle(manifest, record.seal, files)
    if body.get("journal_head") != record.journal_head:
        problems.append("归档清单中的日志校验值与归档记录不符")
    events = [e for e in uow.events.for_case(record.case_id) if e.seq < record.event_seq]
    case = uow.cases.get_by_id(record.case_id)
    if case is None or journal_digest(events, case.agency, case.number) != record.journal_head:
        problems.append(f"归档（第 {record.event_seq} 条日志）之前的办理日志已被改动")
    return problems


def verify_case_bundles(
    uow: UnitOfWork, ctx: ServiceContext, reference: str, agency: str | None = None
) -> tuple[Case, list[tuple[BundleRecord, list[str]]]]:
    """Every bundle of the case with its problems (an empty list: intact)."""
    with uow:
        case = find_case(uow, reference, agency, ctx.default_agency)
        assert case.id is not None
        return case, [(b, verify_bundle(uow, b)) for b in uow.bundles.for_case(case.id)]


def imported_archive_note(
    uow: UnitOfWork, ctx: ServiceContext, reference: str, agency: str | None = None
) -> str | None:
    """「历史台账导入，无归档包」 for a finished case of an imported 台账 (issue 17): the
    import archived it without a bundle, which is no fault to report; None otherwise."""
    with uow:
        case = find_case(uow, reference, agency, ctx.default_agency)
        assert case.id is not None
        imported = imported_without_bundle(case, uow.events.for_case(case.id))
        return IMPORTED_ARCHIVE_NOTE if imported else None
