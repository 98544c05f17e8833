"""The interfaces services need from storage, as protocols, so services never import an ORM.

``casework.adapters.repository`` implements them on SQLAlchemy; tests may use fakes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, Self

from casework.domain.alerts.model import CaseSnapshot
from casework.domain.alerts.routing import Delivery, Notice, Recipient
from casework.domain.calendar.working import CalendarYear
from casework.domain.case.records import Case, CaseEvent
from casework.domain.case.remedy import Remedy
from casework.domain.letters.documents import StoredDocument
from casework.domain.report.annual import CaseCounts, RemedyCounts

if TYPE_CHECKING:
    from casework.domain.letters.check import LetterText


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


class CaseRepository(Protocol):
    def add(self, case: Case) -> None: ...

    def find(self, reference: str, agency: str | None) -> list[Case]:
        """Cases whose number (within ``agency`` when given) or query code is ``reference``."""
        ...

    def get_by_id(self, case_id: int) -> Case | None: ...

    def list(self, query: CaseFilter) -> list[Case]: ...

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
    def alerts(self) -> AlertLedger: ...

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


# --- Letters (issue #5) -------------------------------------------------------------------


class DocumentRepository(Protocol):
    def add(self, document: StoredDocument) -> int:
        """Store a rendered letter's row; returns its id."""
        ...

    def for_case(self, case_id: int) -> list[StoredDocument]:
        """The case's documents in the order they were made."""
        ...

    def by_path(self, path: str) -> StoredDocument | None:
        """The committed document stored at ``path`` (relative to the documents folder)."""
        ...


@dataclass(frozen=True)
class RenderedLetter:
    """A letter rendered inside a unit of work: written to ``staged`` until the commit, then
    moved to ``path`` (relative to the documents folder) by ``LetterRenderer.publish``."""

    path: str
    staged: Path
    sha256: str


@dataclass(frozen=True)
class StagedLetter:
    """A staging file found beside its final ``path``: the letter as rendered (``sha256``),
    and when it was last written."""

    letter: RenderedLetter
    modified_at: datetime


class LetterRenderer(Protocol):
    """Rendering letters from the .docx templates, reading them back, converting to PDF."""

    def render(
        self, kind: str, context: Mapping[str, Any], seal_image: Path | None, path: str
    ) -> RenderedLetter: ...

    def publish(self, letters: Sequence[RenderedLetter]) -> None: ...

    def discard(self, letters: Sequence[RenderedLetter]) -> None: ...

    def location(self, path: str) -> Path: ...

    def staged_letters(self, folder: str = "") -> list[StagedLetter]:
        """The staging files under ``folder`` (relative to the documents folder; all of it by
        default) that were never published or discarded."""
        ...

    def file_sha256(self, path: str) -> str | None:
        """The sha256 of the published file at ``path`` (None: there is none)."""
        ...

    def read(self, file: Path) -> LetterText: ...

    def to_pdf(self, files: Sequence[Path], out_dir: Path) -> list[Path]: ...


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


# --- Deadline alerts and the scheduler (issue #6) ----------------------------------------


@dataclass(frozen=True)
class AlertQuery:
    """The cases that may have an alert on ``on``: each part is an indexed range on the
    stored dates, so a sweep over many open cases reads only the few that are due."""

    agencies: tuple[str, ...]
    reply_states: tuple[str, ...]  # reply_due_on <= horizon_on
    window_states: tuple[str, ...]  # next_deadline_on <= horizon_on
    horizon_on: date
    received_since: date  # registered cases: the correction-notice window
    provisional_from: date | None  # open cases with a date in a year without calendar data
    open_states: tuple[str, ...]
    notice_states: tuple[str, ...] = ("correcting", "replied", "delivered")


# The ledger's unique key (agency, subject, kind, level, due date, recipient, channel) as one
# string: ``casework.domain.alerts.routing.Delivery.key``.
LedgerKey = str


class LedgerRow(NamedTuple):
    """An alert ledger row: its key, status and the attempts made (a named tuple: a daily
    sweep reads tens of thousands)."""

    id: int
    key: LedgerKey
    status: str
    attempts: int


@dataclass(frozen=True)
class SweepRecord:
    """One sweep that ran: its date, who ran it, and what it did."""

    swept_on: date
    holder: str
    started_at: datetime
    finished_at: datetime
    sent: int
    skipped: int
    failed: int
    lapsed: int


class Notifier(Protocol):
    """One alert channel (log, e-mail, webhook); raises ``NotificationError`` on failure."""

    def send(self, recipient: Recipient, notice: Notice) -> None: ...


class AlertLedger(Protocol):
    """The alert ledger (one row per alert, recipient and channel), the lease that lets one
    daemon sweep at a time, and the log of sweeps."""

    def candidates(self, query: AlertQuery) -> list[CaseSnapshot]: ...

    def lapses_possible(self, states: Sequence[str], on: date) -> bool:
        """Whether a case in ``states`` has a stored next deadline before ``on`` (or none)."""
        ...

    def lookup(self, deliveries: Sequence[Delivery]) -> dict[LedgerKey, LedgerRow]:
        """The ledger rows of ``deliveries`` that exist, by key (any status)."""
        ...

    def unsent(self) -> list[LedgerRow]:
        """Every pending, failed or sending row."""
        ...

    def add(
        self, deliveries: Sequence[Delivery], status: str, at: datetime, error: str | None
    ) -> None:
        """Record new deliveries with ``status`` (a sent or failed one counts one attempt)."""
        ...

    def mark(self, ids: Sequence[int], status: str, at: datetime, error: str | None) -> None:
        """Set ``status`` (sent, failed, expired, sending, uncertain) and count the attempt of
        sent/failed."""
        ...

    def settle(
        self, recipient: str, channel: str, status: str, at: datetime, error: str | None
    ) -> int:
        """Set the ``sending`` rows of ``recipient`` on ``channel`` to ``status`` (sent or
        failed), counting the attempt; the number of rows settled."""
        ...

    def lease(self, name: str) -> tuple[str, datetime] | None:
        """Who holds the lease ``name`` and until when (None: it was never taken)."""
        ...

    def acquire_lease(self, name: str, holder: str, now: datetime, seconds: int) -> bool: ...

    def release_lease(self, name: str, holder: str | None, now: datetime) -> None:
        """End the lease ``name`` of ``holder`` now (None: whoever holds it)."""
        ...

    def last_sweep_on(self) -> date | None: ...

    def add_sweep(self, record: SweepRecord) -> None: ...
