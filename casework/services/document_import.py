"""Moving the letter files of a home that predates the document store into it, once, and back.

Until revision 0010 a letter's bytes were a file in the home of the clerk whose action made it
(issue 15).  ``import_documents`` reads, for every documents row whose bytes are not in the
store, the file at its old place (or the staging file a killed action left beside it) and
stores it when its sha256 is the recorded one: a file edited or damaged since is never taken
for the letter.  It is re-runnable (each clerk runs it once in their own home against the
shared database) and stores nothing twice.  ``export_documents`` writes every stored letter
back to its old place, before a downgrade to revision 0009.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from hashlib import sha256
from typing import Protocol

from casework.services.ports import UnitOfWork


class LegacyDocuments(Protocol):
    """A home's documents folder as revision 0009 wrote it."""

    def candidates(self, path: str) -> Iterator[bytes]:
        """The bytes that may be the letter named ``path``: its file, then staging files."""
        ...

    def write(self, path: str, data: bytes) -> None: ...


@dataclass(frozen=True)
class ImportOutcome:
    """Names of the letters imported now, and of those still without their bytes (no file
    with the recorded sha256 in this home: perhaps in another clerk's)."""

    imported: tuple[str, ...]
    missing: tuple[str, ...]


def import_documents(uow: UnitOfWork, folder: LegacyDocuments) -> ImportOutcome:
    """Store the file of each letter not yet in the store whose sha256 is the recorded one."""
    imported: list[str] = []
    missing: list[str] = []
    with uow:
        for document in uow.documents.without_content():
            if uow.store.get(document.sha256) is not None:  # the same bytes, stored just now
                imported.append(document.path)
                continue
            match = next(
                (
                    data
                    for data in folder.candidates(document.path)
                    if sha256(data).hexdigest() == document.sha256
                ),
                None,
            )
            if match is None:
                missing.append(document.path)
                continue
            uow.store.put(match)
            imported.append(document.path)
        uow.commit()
    return ImportOutcome(tuple(imported), tuple(missing))


def export_documents(uow: UnitOfWork, folder: LegacyDocuments) -> ImportOutcome:
    """Write every stored letter to its old place (``imported``: written; ``missing``: not
    in the store)."""
    written: list[str] = []
    missing: list[str] = []
    with uow:
        for document in uow.documents.every():
            data = uow.store.get(document.sha256)
            if data is None:
                missing.append(document.path)
                continue
            folder.write(document.path, data)
            written.append(document.path)
    return ImportOutcome(tuple(written), tuple(missing))
