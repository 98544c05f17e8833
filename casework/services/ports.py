"""The interfaces services need from storage, as protocols, so services never import an ORM.

``casework.adapters.repository`` implements them on SQLAlchemy; tests may use fakes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, Self

from casework.services.alert_ports import (
    AlertLedger,
    AlertQuery,
    LedgerRow,
    Notifier,
    SweepRecord,
)

if TYPE_CHECKING:
    from casework.domain.alerts.model import CaseSnapshot
    from casework.domain.calendar.working import CalendarYear
    from casework.domain.case.records import Case, CaseEvent
    from casework.domain.case.remedy import Remedy
    from casework.domain.case.search import CaseSearch
    from casework.domain.letters.check import LetterText
    from casework.domain.letters.documents import StoredDocument
    from casework.domain.report.annual import CaseCounts, RemedyCounts
    from casework.services.case_file_ports import ArchiveBundleRepository, AttachmentRepository
    from casework.services.integrity_ports import IntegrityStore


@dataclass(frozen=True)
class CaseFilter:
    """What ``casework list`` asks for."""

    # States listed positively: "open and due before X" is then a range scan on
    # (state, reply_due_on).  The open states come from the workflow definition.
    states: tuple[str, ...] = ()
    agency: str | None = None
    due_on_or_before: date | None = None
    overdue_on: date | None = None
    order_by_due: bool = False
    limit: int | None = None
    handler: str | None = None  # one clerk's cases (转办/签收, ``list --handler``, ``todo``)
    order_by_next_deadline: bool = False
    offset: int = 0  # a page of ``limit`` cases after the first ``offset`` (list, #18)


class CaseRow(NamedTuple):
    """What ``casework list`` prints of one case (not the whole record: issue #18)."""

    number: str
    agency: str
    state: str
    applicant_name: str
    received_on: date
    reply_due_on: date | None
    due_provisional: bool
    clock_status: str | None
    outcome: str | None


class CaseRepository(Protocol):
    def add(self, case: Case) -> None: ...

    def find(self, reference: str, agency: str | None) -> list[Case]:
        """Cases whose number (within ``agency`` when given) or query code is ``reference``."""
        ...

    def get_by_id(self, case_id: int) -> Case | None: ...

    def search(self, query: CaseSearch) -> list[Case]:
        """``casework search``: the cases matching every part of ``query``, newest first."""
        ...

    def same_applicant(self, case: Case) -> list[Case]:
        """The agency's other cases whose applicant bears ``case``'s name (every one that may be
        the same applicant, ``casework.domain.case.applicants``), newest receipt first."""
        ...

    def awaiting_review(
        self,
        agencies: tuple[str, ...],
        draft_states: tuple[str, ...],
        extension_states: tuple[str, ...],
    ) -> list[Case]:
        """The reviewer's queue (issue 20), in one query: the cases of ``agencies`` in
        ``draft_states``, and those in ``extension_states`` whose round holds an extension
        request not yet granted; by reply due date (none last), then number."""
        ...

    def notice_candidates(
        self, agencies: tuple[str, ...], states: tuple[str, ...]
    ) -> list[CaseSnapshot]:
        """The cases of ``agencies`` in ``states`` that may hold a personal notice (a returned
        draft, a refused extension request): ``casework.domain.alerts.notices`` decides."""
        ...

    def list(self, query: CaseFilter) -> list[Case]: ...

    def count(self, query: CaseFilter) -> int:
        """How many cases ``query`` selects (ignoring its limit and offset)."""
        ...

    def rows(self, query: CaseFilter) -> Iterator[CaseRow]:
        """The list columns of the cases ``query`` selects, in its order, streamed."""
        ...

    def stream(self, query: CaseFilter) -> Iterator[Case]:
        """The cases ``query`` selects, in its order, loaded a chunk at a time."""
        ...

    def applicant_ordinal_in_month(self, case: Case) -> int:
        """Which application of its applicant to this agency ``case`` is in its receipt's
        natural month (Fee art. 4: counted per applicant, per natural month)."""
        ...


class EventJournal(Protocol):
    def append(self, event: CaseEvent) -> None: ...

    def for_case(self, case_id: int) -> list[CaseEvent]: ...

    def next_seq(self, case_id: int) -> int: ...


class NumberSequences(Protocol):
    def next_value(self, agency: str, kind: str, year: int) -> int:
        """Allocate the next number of (agency, kind, year); never repeats, also concurrently."""
        ...


class CalendarStore(Protocol):
    def all(self) -> list[CalendarYear]:
        """Every calendar year loaded from data files."""
        ...

    def add(self, year: CalendarYear, loaded_by: str, loaded_at: datetime) -> str:
        """Store a year; returns its checksum."""
        ...

    def replace(
        self,
        year: CalendarYear,
        previous: CalendarYear,
        loaded_by: str,
        loaded_at: datetime,
        reason: str,
    ) -> str:
        """Put a year in effect instead of ``previous``, which goes to the history."""
        ...

    def history(self) -> list[dict[str, object]]:
        """Every replaced year, with who replaced it, when and why."""
        ...

    def provenance(self) -> list[dict[str, object]]: ...


class UnitOfWork(Protocol):
    """One transaction: entering opens it, ``commit`` keeps it, leaving without commit undoes it."""

    @property
    def cases(self) -> CaseRepository: ...

    @property
    def events(self) -> EventJournal: ...

    @property
    def sequences(self) -> NumberSequences: ...

    @property
    def calendars(self) -> CalendarStore: ...

    @property
    def remedies(self) -> RemedyRepository: ...

    @property
    def documents(self) -> DocumentRepository: ...

    @property
    def store(self) -> DocumentStore: ...

    @property
    def alerts(self) -> AlertLedger: ...

    @property
    def integrity(self) -> IntegrityStore: ...

    @property
    def attachments(self) -> AttachmentRepository: ...

    @property
    def bundles(self) -> ArchiveBundleRepository: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def flush(self) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


# --- Letters (issue #5) and the document store (issue 15) ---------------------------------


class DocumentRepository(Protocol):
    def add(self, document: StoredDocument) -> int:
        """Store a rendered letter's row; returns its id."""
        ...

    def for_case(self, case_id: int) -> list[StoredDocument]:
        """The case's documents in the order they were made."""
        ...

    def without_content(self) -> list[StoredDocument]:
        """Every document whose bytes are not in the store (written before revision 0010)."""
        ...

    def every(self) -> list[StoredDocument]:
        """Every document of every case, oldest first."""
        ...

    def add_rendition(self, document_id: int, fmt: str, sha256: str, at: datetime, by: str) -> bool:
        """Record ``sha256`` (already in the store) as the ``fmt`` rendition of the document,
        made ``at`` by ``by``; False when it already has one."""
        ...

    def renditions(self, case_id: int, fmt: str) -> dict[int, str]:
        """The ``fmt`` renditions of the case's documents: document id → sha256."""
        ...


class DocumentStore(Protocol):
    """Content-addressed bytes (letters, their PDFs, later attachments), each stored once by
    its sha256, in the transaction of the unit of work that puts them: every clerk of the
    deployment reads what any clerk's action wrote, and nothing is stored without its action."""

    def put(self, data: bytes) -> str:
        """Store ``data`` (once: the same bytes again are not stored twice); its sha256."""
        ...

    def get(self, sha256: str) -> bytes | None:
        """The bytes stored under ``sha256`` (None: not in the store)."""
        ...


class LetterRenderer(Protocol):
    """Rendering letters from the .docx templates, reading them back, converting to PDF."""

    def render(self, kind: str, context: Mapping[str, Any], seal_image: Path | None) -> bytes:
        """The rendered .docx."""
        ...

    def read(self, data: bytes, name: str) -> LetterText:
        """The text of a rendered .docx (``name`` names it in an error)."""
        ...

    def to_pdf(
        self,
        letters: Sequence[tuple[str, bytes]],
        tally: Callable[[int, int], None] | None = None,
        *,
        pdfa: bool = False,
    ) -> list[bytes]:
        """The PDF (PDF/A-2b with ``pdfa``) of each (file name, .docx bytes), in order, from
        one LibreOffice run; ``tally`` is told the PDFs written so far."""
        ...

    def table_document(
        self, title: str, sections: Sequence[tuple[str, Sequence[str], Sequence[Sequence[str]]]]
    ) -> bytes:
        """A .docx of ``title`` and headed tables (heading, columns, rows)."""
        ...


class RemedyRepository(Protocol):
    """Reconsideration and litigation records of cases (issue #7, table 四)."""

    def for_case(self, case_id: int) -> list[Remedy]:
        """The case's remedies, oldest filing first."""
        ...

    def save(self, remedy: Remedy) -> None:
        """Insert (``id`` None; sets it) or update the record."""
        ...


class ReportQueries(Protocol):
    """Read-only aggregation and extraction for reports, registers and statistics (issue #7)."""

    def case_counts(self, year: int, agency: str | None) -> CaseCounts:
        """Table 三's counts for ``year`` (``agency`` None: every agency)."""
        ...

    def remedy_counts(self, year: int, agency: str | None) -> RemedyCounts:
        """Remedies filed in ``year``: by (kind, result as of 31 Dec), and by kind alone."""
        ...

    def cases_received(self, first: date, last: date, agency: str | None) -> list[Case]:
        """Cases received in [first, last], by receipt date and number."""
        ...

    def cases_concluded(self, first: date, last: date, agency: str | None) -> list[Case]:
        """Cases concluded in [first, last] (or ever, with ``date.min``/``date.max``)."""
        ...


# Deadline alerts and the scheduler (issue #6): the ports live in casework.services.alert_ports.
__all__ = ["AlertLedger", "AlertQuery", "LedgerRow", "Notifier", "SweepRecord"]
