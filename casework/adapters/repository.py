"""SQLAlchemy implementations of the service ports, and the unit of work that holds them.

A unit of work is one transaction: ``commit`` makes every change of a clerk action durable
together, leaving the block without it rolls everything back.  Lost updates surface as
``ConflictError``; other database failures as ``StorageError``.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Self
from weakref import WeakKeyDictionary

from sqlalchemy import Select, event, func, or_, select
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker, with_loader_criteria

from casework.adapters import case_listing
from casework.adapters.access_store import SqlIdempotencyStore, SqlTokenStore
from casework.adapters.alert_ledger import SqlAlertLedger
from casework.adapters.calendar_store import SqlCalendarStore
from casework.adapters.case_file import SqlArchiveBundleRepository, SqlAttachmentRepository
from casework.adapters.case_listing import AGENCY_SCOPE
from casework.adapters.case_search import same_applicant_statement, search_statement
from casework.adapters.database_errors import describe, is_database_error
from casework.adapters.documents import SqlDocumentRepository, SqlDocumentStore
from casework.adapters.integrity_store import SqlIntegrityStore
from casework.adapters.notice_listing import notice_candidates_statement
from casework.adapters.orm import applicants, cases, events, number_sequences, start_mappers
from casework.adapters.remedy_store import SqlRemedyRepository
from casework.adapters.review_listing import awaiting_review_statement
from casework.adapters.upserts import dialect_insert
from casework.domain.alerts.model import CaseSnapshot
from casework.domain.case.chain import plain_json, seal
from casework.domain.case.records import Case, CaseEvent, chain_link
from casework.errors import StorageError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from casework.domain.case.search import CaseSearch
    from casework.services.ports import CaseFilter, CaseRow


class SqlCaseRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, case: Case) -> None:
        self.session.add(case)

    def find(self, reference: str, agency: str | None) -> list[Case]:
        condition = or_(cases.c.number == reference, cases.c.query_code == reference.upper())
        query = select(Case).where(condition)
        if agency:
            query = query.where(cases.c.agency == agency)
        return list(self.session.scalars(query.order_by(cases.c.id)).unique())

    def get_by_id(self, case_id: int) -> Case | None:
        return self.session.get(Case, case_id)

    def search(self, query: CaseSearch) -> list[Case]:
        dialect = self.session.get_bind().dialect.name
        return list(self.session.scalars(search_statement(query, dialect)).unique())

    def same_applicant(self, case: Case) -> list[Case]:
        return list(self.session.scalars(same_applicant_statement(case)).unique())

    def awaiting_review(
        self,
        agencies: tuple[str, ...],
        draft_states: tuple[str, ...],
        extension_states: tuple[str, ...],
    ) -> list[Case]:
        statement = awaiting_review_statement(agencies, draft_states, extension_states)
        return list(self.session.scalars(statement).unique())

    def notice_candidates(
        self, agencies: tuple[str, ...], states: tuple[str, ...]
    ) -> list[CaseSnapshot]:
        statement = notice_candidates_statement(agencies, states)
        return list(map(CaseSnapshot._make, self.session.execute(statement).all()))

    def list(self, query: CaseFilter) -> list[Case]:
        return list(self.session.scalars(self.list_statement(query)).unique())

    def list_statement(self, query: CaseFilter) -> Select[Case]:
        return case_listing.ordered(case_listing.filtered(select(Case), query), query)

    def count(self, query: CaseFilter) -> int:
        return case_listing.count_cases(self.session, query, self.session.info.get(AGENCY_SCOPE))

    def rows(self, query: CaseFilter) -> Iterator[CaseRow]:
        return case_listing.case_rows(self.session, query, self.session.info.get(AGENCY_SCOPE))

    def stream(self, query: CaseFilter) -> Iterator[Case]:
        statement = self.list_statement(query).execution_options(yield_per=case_listing.CHUNK)
        for case in self.session.scalars(statement):
            yield case
            self.session.expunge(case)  # memory stays flat over 20,000 cases

    def applicant_ordinal_in_month(self, case: Case) -> int:
        # The same applicant: the same identity number when one was given, else the same
        # name and applicant type (an application without identity is corrected first).
        applicant = case.applicant
        if applicant.id_number:
            same = (applicants.c.id_type == applicant.id_type) & (
                applicants.c.id_number == applicant.id_number
            )
        else:
            same = (applicants.c.name == applicant.name) & (
                applicants.c.applicant_type == applicant.applicant_type
            )
        first = case.received_on.replace(day=1)
        earlier = (cases.c.received_on < case.received_on) | (
            (cases.c.received_on == case.received_on) & (cases.c.id <= case.id)
        )
        query = (
            select(func.count())
            .select_from(cases.join(applicants, cases.c.applicant_id == applicants.c.id))
            .where(cases.c.agency == case.agency, cases.c.received_on >= first, same, earlier)
        )
        return int(self.session.scalar(query) or 0)


class SqlEventJournal:
    def __init__(self, session: Session) -> None:
        self.session = session

    def append(self, event: CaseEvent) -> None:
        """Seal ``event`` onto the end of its case's chain (issue 17) and add it."""
        case = self.session.get(Case, event.case_id)
        if case is None:
            raise StorageError(f"日志条目所属的案件（id={event.case_id}）不存在")
        self.session.flush()  # the events added earlier in this unit of work come first
        previous = self.session.scalar(
            select(events.c.event_hash)
            .where(events.c.case_id == event.case_id, events.c.seq < event.seq)
            .order_by(events.c.seq.desc())
            .limit(1)
        )
        event.prev_hash = previous
        event.data = plain_json(event.data)  # sealed exactly as it will read back
        event.event_hash = seal(chain_link(event, case.agency, case.number))
        self.session.add(event)

    def for_case(self, case_id: int) -> list[CaseEvent]:
        query = select(CaseEvent).where(events.c.case_id == case_id).order_by(events.c.seq)
        return list(self.session.scalars(query))

    def next_seq(self, case_id: int) -> int:
        self.session.flush()
        query = select(func.coalesce(func.max(events.c.seq), 0)).where(events.c.case_id == case_id)
        return int(self.session.scalar(query) or 0) + 1


class SqlNumberSequences:
    def __init__(self, session: Session) -> None:
        self.session = session

    def next_value(self, agency: str, kind: str, year: int) -> int:
        # One atomic upsert: the row lock (PostgreSQL) or the database write lock taken at
        # BEGIN IMMEDIATE (SQLite) serialises concurrent allocations; a rolled-back action
        # releases its number unused, a committed one is never handed out again.
        # Only the dialect in use loads (PostgreSQL's costs ~25 ms of start-up, #18).
        dialect = self.session.get_bind().dialect.name
        upsert = dialect_insert(dialect, number_sequences).values(
            agency=agency, kind=kind, year=year, last_value=1
        )
        statement = upsert.on_conflict_do_update(
            index_elements=["agency", "kind", "year"],
            set_={"last_value": number_sequences.c.last_value + 1},
        ).returning(number_sequences.c.last_value)
        return int(self.session.execute(statement).scalar_one())


_FACTORIES: WeakKeyDictionary[Engine, sessionmaker[Session]] = WeakKeyDictionary()


def _agency_scope(state: ORMExecuteState) -> None:
    """Every ORM read of cases in a scoped session sees only the scope's agencies: the same
    rows PostgreSQL's row-level security (``row_security``, revision 0011) shows a clerk's
    login, applied where the server's one login is not subject to it (the staff API)."""
    agencies = state.session.info.get(AGENCY_SCOPE)
    if agencies is None or not state.is_select or state.is_column_load:
        return
    criteria = with_loader_criteria(
        Case, cases.c.agency.in_(agencies), include_aliases=True, propagate_to_loaders=True
    )
    state.statement = state.statement.options(criteria)


class SqlUnitOfWork:
    """One transaction over the repositories; use as a context manager.

    ``agencies`` scopes it to those agencies' cases (the staff API's token user, whose
    ``[users.X] agencies`` PostgreSQL's policies cannot see: the server has one login).  A case
    of another agency is then not found, as under row-level security; None: no scope."""

    def __init__(self, engine: Engine, agencies: tuple[str, ...] | None = None) -> None:
        start_mappers()
        # One session factory per engine: building one sets up its event dispatch (about
        # 0.5 ms), which a status lookup would otherwise pay on every request (issue 19).
        factory = _FACTORIES.get(engine)
        if factory is None:
            factory = sessionmaker(bind=engine, expire_on_commit=False, autoflush=False)
            event.listen(factory, "do_orm_execute", _agency_scope)
            _FACTORIES[engine] = factory
        self._factory = factory
        self._agencies = agencies

    def __enter__(self) -> Self:
        self.session = self._factory()
        if self._agencies is not None:
            self.session.info[AGENCY_SCOPE] = self._agencies
        self.cases = SqlCaseRepository(self.session)
        self.events = SqlEventJournal(self.session)
        self.sequences = SqlNumberSequences(self.session)
        self.calendars = SqlCalendarStore(self.session)
        self.alerts = SqlAlertLedger(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Detach loaded records first so callers can still read them (a rollback would
        # expire them); anything not committed is discarded by the rollback.
        try:
            self.session.expunge_all()
            self.session.rollback()
            self.session.close()
        finally:
            # Any flush inside the block (the autoflush of a query, events.next_seq) may meet
            # a colleague's change: it reaches the clerk as a Chinese message, never raw.
            if exc is not None and is_database_error(exc):
                raise describe(exc) from exc

    @property
    def documents(self) -> SqlDocumentRepository:
        return SqlDocumentRepository(self.session)

    @property
    def store(self) -> SqlDocumentStore:
        return SqlDocumentStore(self.session)

    @property
    def integrity(self) -> SqlIntegrityStore:
        return SqlIntegrityStore(self.session)

    @property
    def attachments(self) -> SqlAttachmentRepository:
        return SqlAttachmentRepository(self.session)

    @property
    def bundles(self) -> SqlArchiveBundleRepository:
        return SqlArchiveBundleRepository(self.session)

    @property
    def remedies(self) -> SqlRemedyRepository:
        return SqlRemedyRepository(self.session)

    @property
    def tokens(self) -> SqlTokenStore:
        return SqlTokenStore(self.session)

    @property
    def idempotency(self) -> SqlIdempotencyStore:
        return SqlIdempotencyStore(self.session)

    def flush(self) -> None:
        with translate_errors():
            self.session.flush()

    def commit(self) -> None:
        with translate_errors():
            self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()


class translate_errors:
    """Turn SQLAlchemy errors into casework errors with a Chinese message (no SQL)."""

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is not None and is_database_error(exc):
            raise describe(exc) from exc
