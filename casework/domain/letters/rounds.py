"""Reply rounds: which round of handling a letter belongs to, and the case as it stood then.

A reconsideration decision (ARL art. 64) or a judgment (ALL art. 70) may order the agency to
answer again (重新答复).  The reopening moves the facts of the round that ended — draft,
approval, issue, delivery, extension, deferral — into ``facts["reopenings"][i]["previous"]``
(``casework.services.remedies``).  The letters of that round were issued and stay on file as a
historical record: they are read and checked against the facts of their own round, never
against the new round's (a first reply dated and numbered as issued is not a defect of the
second).  Pure: the journal tells which action rendered which file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from casework.domain.case.records import Case, CaseEvent
from casework.domain.letters.documents import DocumentKind, StoredDocument

# The facts of one reply round: a reopening (casework.services.remedies) moves them into its
# history, and a new round starts without them (a new request for reasons, a new extension).
ROUND_FACTS = (
    "draft",
    "approval",
    "issued_on",
    "concluded_on",
    "delivery",
    "archive",
    "extension",
    "deferral",
    "reasons_request",
)
_HISTORY = ("reopening", "reopenings")
REOPEN_ACTION = "reopen"
# Letters whose record is a round fact: their ordinal counts within their round (the round's
# disclosure notices start again at the first overridden party).
ROUND_KINDS = frozenset(
    {
        DocumentKind.REPLY,
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
    return len(case.facts.get("reopenings", []))


def case_in_round(case: Case, round_index: int) -> Case:
    """``case`` as it stood in round ``round_index``: that round's facts, outcome and number.

    The current round (or any later index) is the case itself.  Facts outside a round
    (corrections, consultations, fee) are the application's and stay as recorded.
    """
    reopenings: list[dict[str, Any]] = case.facts.get("reopenings", [])
    if round_index >= len(reopenings):
        return case
    previous: dict[str, Any] = reopenings[round_index]["previous"]
    facts = {k: v for k, v in case.facts.items() if k not in ROUND_FACTS and k not in _HISTORY}
    facts.update({k: v for k, v in previous.items() if k in ROUND_FACTS})
    if round_index:
        earlier = {k: v for k, v in reopenings[round_index - 1].items() if k != "previous"}
        facts["reopening"] = earlier
        facts["reopenings"] = list(reopenings[:round_index])
    concluded = previous.get("concluded_on")
    return dataclasses.replace(
        case,
        facts=facts,
        outcome=previous.get("outcome"),
        reply_number=previous.get("reply_number"),
        concluded_on=date.fromisoformat(concluded) if isinstance(concluded, str) else None,
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
