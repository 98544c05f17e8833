"""The read path of ``show``, ``history`` and ``list`` on SQLAlchemy Core (issue #18).

A clerk's ``show`` used to import ``sqlalchemy.orm``, start the mapper and compile the ORM's
query of the case before reading one row: most of its time above a bare select.  This unit of
work implements the read ports of those commands (``casework.services.read_ports``) with Core
statements on the tables of ``casework.adapters.tables`` and builds the same domain records
(``Case``, ``Applicant``, ``CaseEvent``) from the rows.  The decisions column decodes through
the same ``DecisionsJSON`` column type the ORM uses, so both give equal records.  Statements
are built once per process, so SQLAlchemy's compiled cache serves every later execution.

On SQLite the transaction begins deferred (``database.READ_ONLY``), not with the write lock
the actions take: a ``show`` neither waits for a long import or sweep nor holds one up.
Row security is the engine's: on PostgreSQL a clerk's login sees its agencies' rows through
the policies of revision 0011, as under the ORM unit of work; ``agencies`` narrows the reads
the same way ``SqlUnitOfWork(agencies=...)`` does for the staff API.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from sqlalchemy import Select, bindparam, or_, select

from casework.adapters import case_listing
from casework.adapters.calendar_store import SqlCalendarStore
from casework.adapters.case_file import SqlAttachmentRepository
from casework.adapters.database import READ_ONLY
from casework.adapters.database_errors import describe, is_database_error
from casework.adapters.tables import applicants, cases, events
from casework.domain.case.records import Applicant, Case, CaseEvent

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine, Row

    from casework.services.ports import CaseFilter, CaseRow

# The case row as the domain record has it: every column but the applicant's key, with the
# decisions column (``facts``) under the record's name; then the applicant's columns.
_CASE_COLUMNS = tuple(column for column in cases.c if column.key != "applicant_id")
_CASE_FIELDS = tuple("decisions" if c.key == "facts" else c.key for c in _CASE_COLUMNS)
_APPLICANT_FIELDS = tuple(column.key for column in applicants.c)
_SPLIT = len(_CASE_COLUMNS)

CASES: Select[Any] = select(*_CASE_COLUMNS, *applicants.c).join(
    applicants, applicants.c.id == cases.c.applicant_id
)
_REFERENCE = or_(cases.c.number == bindparam("reference"), cases.c.query_code == bindparam("code"))
FIND = CASES.where(_REFERENCE).order_by(cases.c.id)
FIND_IN_AGENCY = CASES.where(_REFERENCE, cases.c.agency == bindparam("agency")).order_by(cases.c.id)
EVENTS = select(events).where(events.c.case_id == bindparam("case_id")).order_by(events.c.seq)


def case_from_row(row: Row[Any]) -> Case:
    """The domain record of a row of :data:`CASES`."""
    applicant = Applicant(**dict(zip(_APPLICANT_FIELDS, row[_SPLIT:], strict=True)))
    return Case(applicant=applicant, **dict(zip(_CASE_FIELDS, row[:_SPLIT], strict=True)))


class CoreCaseReader:
    """Finding and listing cases (``casework.services.read_ports.CaseReader``)."""

    def __init__(self, connection: Connection, agencies: tuple[str, ...] | None) -> None:
        self.connection = connection
        self.agencies = agencies

    def find(self, reference: str, agency: str | None) -> list[Case]:
        statement = FIND_IN_AGENCY if agency else FIND
        statement = case_listing.scoped(statement, self.agencies)
        values = {"reference": reference, "code": reference.upper(), "agency": agency}
        return [case_from_row(row) for row in self.connection.execute(statement, values)]

    def list(self, query: CaseFilter) -> list[Case]:
        return [case_from_row(row) for row in self.connection.execute(self._listed(query))]

    def count(self, query: CaseFilter) -> int:
        return case_listing.count_cases(self.connection, query, self.agencies)

    def rows(self, query: CaseFilter) -> Iterator[CaseRow]:
        return case_listing.case_rows(self.connection, query, self.agencies)

    def stream(self, query: CaseFilter) -> Iterator[Case]:
        statement = self._listed(query).execution_options(yield_per=case_listing.CHUNK)
        for row in self.connection.execute(statement):
            yield case_from_row(row)

    def _listed(self, query: CaseFilter) -> Select[Any]:
        filtered = case_listing.filtered(CASES, query)
        return case_listing.ordered(case_listing.scoped(filtered, self.agencies), query)


class CoreEventReader:
    """A case's journal (``casework.services.read_ports.EventReader``)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def for_case(self, case_id: int) -> list[CaseEvent]:
        rows = self.connection.execute(EVENTS, {"case_id": case_id})
        return [CaseEvent(**row._asdict()) for row in rows]


class SqlCaseReader:
    """One read-only transaction over Core (``casework.services.read_ports.ReadUnitOfWork``);
    use as a context manager.  ``agencies``: as ``SqlUnitOfWork``'s (None: no scope)."""

    def __init__(self, engine: Engine, agencies: tuple[str, ...] | None = None) -> None:
        self._engine = engine
        self._agencies = agencies

    def __enter__(self) -> Self:
        try:
            self.connection = self._engine.connect().execution_options(**{READ_ONLY: True})
        except Exception as exc:
            if is_database_error(exc):
                raise describe(exc) from exc
            raise
        self.cases = CoreCaseReader(self.connection, self._agencies)
        self.events = CoreEventReader(self.connection)
        self.calendars = SqlCalendarStore(self.connection)
        self.attachments = SqlAttachmentRepository(self.connection)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Nothing was written: the transaction ends without a commit.
        try:
            self.connection.rollback()
            self.connection.close()
        finally:
            if exc is not None and is_database_error(exc):
                raise describe(exc) from exc
