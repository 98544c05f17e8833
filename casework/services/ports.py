"""The interfaces services need from storage, as protocols, so services never import an ORM.

``casework.adapters.repository`` implements them on SQLAlchemy; tests may use fakes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from types import TracebackType
from typing import Protocol, Self

from casework.domain.calendar import CalendarYear
from casework.domain.records import Case, CaseEvent


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
