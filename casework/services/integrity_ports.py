"""The port through which ``verify`` and the daily anchor read and write the sealed records.

Kept apart from ``casework.services.ports`` (the action ports): verification streams every
event of every case in chain order, which no clerk action does.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    from casework.domain.case.chain import Anchor, ChainLink


class CaseChainRow(NamedTuple):
    """One row of the chain stream: a case and one of its events (None: it has none)."""

    case_id: int
    agency: str
    case_number: str
    link: ChainLink | None


class DocumentRecord(NamedTuple):
    """A stored document and the sha256 recorded when it was made."""

    agency: str
    case_number: str
    document_id: int
    kind: str
    path: str
    sha256: str


class AnchoredHead(NamedTuple):
    """A head sealed by an anchor whose event no longer carries the anchored hash."""

    agency: str
    anchor_seq: int
    anchored_on: str
    case_number: str
    seq: int
    anchored_hash: str
    current_hash: str | None  # None: the event is gone


class Head(NamedTuple):
    """The newest event of a case's chain, as an anchor seals it."""

    case_id: int
    case_number: str
    seq: int
    event_hash: str


class IntegrityStore(Protocol):
    def chains(self, case_id: int | None, agency: str | None) -> Iterator[CaseChainRow]:
        """Every case in scope with its events, ordered by case and seq."""
        ...

    def documents(self, case_id: int | None, agency: str | None) -> Iterator[DocumentRecord]:
        """Every stored document of the cases in scope."""
        ...

    def moved_anchored_heads(self, case_id: int | None, agency: str | None) -> list[AnchoredHead]:
        """The anchored heads whose event is gone or carries another hash now."""
        ...

    def anchors(self, agency: str) -> list[tuple[Anchor, list[tuple[str, int, str]]]]:
        """The agency's anchors in seq order, each with its heads (number, seq, hash)."""
        ...

    def anchored_agencies(self) -> list[str]: ...

    def last_anchor(self, agency: str) -> Anchor | None: ...

    def unanchored_heads(self, agency: str) -> list[Head]:
        """The heads of the agency's cases that moved past their last anchored seq."""
        ...

    def add_anchor(self, anchor: Anchor, heads: Sequence[Head]) -> None: ...
