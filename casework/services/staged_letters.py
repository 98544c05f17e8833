"""Finishing or removing letters left half way between rendering and publishing (issue 14).

An action renders its letters to staging files (``.<name>.<hex>.part``) inside its unit of
work and moves them into place after the commit (``LetterBatch.run``).  A process killed in
between leaves a staging file behind: before the commit its letter was never recorded (the
action did not happen), after it the letter is recorded in the documents table but its file is
missing.  ``settle_staged_letters`` finishes the second kind (the staged bytes are exactly the
recorded letter: same sha256) and removes the first, so no half-written file stays in the
documents folder.  Staging files younger than ``IN_FLIGHT`` are left alone: they may belong to
an action that is still running.  Until documents move into the database, ``casework init``
(re-runnable) runs it over the whole documents folder.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from casework.services.ports import LetterRenderer, UnitOfWork

LOGGER = logging.getLogger("casework.letters")
# An action renders, commits and publishes within seconds; a staging file this old is stranded.
IN_FLIGHT = timedelta(minutes=15)


@dataclass(frozen=True)
class StagedOutcome:
    """What was done: letters moved into place, staging files removed, and those left alone
    because they may still be in use (paths relative to the documents folder)."""

    finished: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    left: tuple[str, ...] = ()


def settle_staged_letters(
    uow: UnitOfWork, letters: LetterRenderer, now: datetime, folder: str = ""
) -> StagedOutcome:
    """Finish each stranded staging file whose letter was committed, remove the others."""
    finished: list[str] = []
    removed: list[str] = []
    left: list[str] = []
    with uow:
        for staged in letters.staged_letters(folder):
            letter = staged.letter
            if now - staged.modified_at < IN_FLIGHT:
                left.append(letter.path)
                continue
            stored = uow.documents.by_path(letter.path)
            recorded = stored is not None and stored.sha256 == letter.sha256
            if recorded and letters.file_sha256(letter.path) != letter.sha256:
                # Committed, never moved into place (or its file lost): the staged bytes are
                # the recorded letter, checked by its sha256.
                letters.publish([letter])
                finished.append(letter.path)
                LOGGER.info("已补完未移入的文书：%s", letter.path)
            else:
                # Never committed (the action was refused or killed), or already in place.
                letters.discard([letter])
                removed.append(letter.path)
                LOGGER.info("已删除残留的暂存文书：%s", letter.staged.name)
    return StagedOutcome(tuple(finished), tuple(removed), tuple(left))
