"""Reply rounds: which round of handling a letter belongs to, and the case as it stood then.

A reconsideration decision (ARL art. 64) or a judgment (ALL art. 70) may order the agency to
answer again (重新答复).  The reopening closes the round that ended — draft, approval, issue,
delivery, extension, deferral — into ``case.decisions.reopenings[i]``
(``casework.services.remedies``).  The letters of that round were issued and stay on file as a
historical record: they are read and checked against the facts of their own round, never
against the new round's (a first reply dated and numbered as issued is not a defect of the
second).  Pure: the journal tells which action rendered which file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from casework.domain.case.records import Case, CaseEvent
from casework.domain.letters.documents import DocumentKind, StoredDocument

REOPEN_ACTION = "reopen"
# Letters whose record is a round fact: their ordinal counts within their round (the round's
# disclosure notices start again at the first overridden party).
ROUND_KINDS = frozenset(
    {
        DocumentKind.REPLY,
        DocumentKind.RE_REPLY,
        DocumentKind.TERMINATION,
        DocumentKind.DISCLOSURE_NOTICE,
        DocumentKind.EXTENSION_NOTICE,
        DocumentKind.REASONS_REQUEST,
        DocumentKind.DEFERRAL_NOTICE,
        DocumentKind.DELIVERY_RECORD,
    }
)


def document_rounds(
    documents: Iterable[StoredDocument], events: Iterable[CaseEvent]
) -> dict[str, int]:
    """The round (0 = first handling, 1 = after the first reopening …) of each document, by
    path: the number of reopenings journaled before the action that rendered it."""
    current, rendered_in = 0, {}
    for event in sorted(events, key=lambda e: e.seq):
        if event.action == REOPEN_ACTION:
            current += 1
            continue
        for entry in event.data.get("documents", []):
            rendered_in[str(entry["path"])] = current
    # A file no journal entry names cannot predate the journal's last reopening knowingly:
    # read it as the current round's (the behaviour without any reopening).
    return {d.path: rendered_in.get(d.path, current) for d in documents}


def case_round(case: Case) -> int:
    """The round the case is in now: the number of reopenings."""
    return len(case.decisions.reopenings)


def case_in_round(case: Case, round_index: int) -> Case:
    """``case`` as it stood in round ``round_index``: that round's facts, outcome and number.

    The current round (or any later index) is the case itself.  Decisions outside a round
    (corrections, consultations, fee) are the application's and stay as recorded.
    """
    closed = case.decisions.reopenings
    if round_index >= len(closed):
        return case
    then = closed[round_index]
    return dataclasses.replace(
        case,
        decisions=case.decisions.as_in_round(round_index),
        outcome=then.outcome,
        reply_number=then.reply_number,
        concluded_on=then.previous.concluded_on,
    )


def ordinal_in_round(
    documents: list[StoredDocument], rounds: Mapping[str, int], target: StoredDocument
) -> int:
    """1 for the first letter of its kind (within its round for ``ROUND_KINDS``), 2 …"""
    kind = DocumentKind(target.kind)
    same = [d for d in documents if d.kind == target.kind]
    if kind in ROUND_KINDS:
        same = [d for d in same if rounds.get(d.path) == rounds.get(target.path)]
    return next(i for i, d in enumerate(same, start=1) if d is target)


def round_label(round_index: int) -> str:
    """How listings name a round: 「首次答复」, 「第1次重新答复」 …"""
    return "首次答复" if round_index == 0 else f"第{round_index}次重新答复"
