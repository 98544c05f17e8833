"""The narrower ports of the read-only commands: ``show``, ``history`` and ``list`` (issue #18).

Looking a case up, reading its journal, its attachments and the calendar years needs none of
the writing ports of ``casework.services.ports.UnitOfWork``; the services of those commands
(``casework.services.queries``) are typed against :class:`ReadUnitOfWork`, which both the full
unit of work and the Core reader (``casework.adapters.case_reader``) satisfy.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, Self

if TYPE_CHECKING:
    from casework.domain.calendar.working import CalendarYear
    from casework.domain.case.attachments import Attachment
    from casework.domain.case.records import Case, CaseEvent
    from casework.services.ports import CaseFilter, CaseRow


class CaseReader(Protocol):
    """Finding and listing cases, as ``casework.services.ports.CaseRepository`` does."""

    def find(self, reference: str, agency: str | None) -> list[Case]:
        """Cases whose number (within ``agency`` when given) or query code is ``reference``."""
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


class EventReader(Protocol):
    def for_case(self, case_id: int) -> list[CaseEvent]:
        """The case's journal, in its order."""
        ...


class CalendarReader(Protocol):
    def all(self) -> list[CalendarYear]:
        """Every calendar year loaded from data files."""
        ...


class AttachmentReader(Protocol):
    def for_case(self, case_id: int) -> list[Attachment]:
        """The case's attachments in the order they were added."""
        ...


class ReadUnitOfWork(Protocol):
    """One read transaction: entering opens it, leaving ends it; nothing is written."""

    @property
    def cases(self) -> CaseReader: ...

    @property
    def events(self) -> EventReader: ...

    @property
    def calendars(self) -> CalendarReader: ...

    @property
    def attachments(self) -> AttachmentReader: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
