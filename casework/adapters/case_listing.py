"""The statements behind ``casework list``: a count, a page and a stream of light rows.

A list shows eight columns of each case; loading the whole mapped record (its decisions, its
receipt, its applicant object) for 20,000 cases is what made ``list`` slow (issue #18).  These
Core statements select only the columns shown, joined with the applicant's name, and stream
them in chunks so that ``list --all`` prints as it reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, func, select

from casework.adapters.tables import applicants, cases
from casework.services.ports import CaseFilter, CaseRow

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session

# Rows fetched from the database at a time while streaming (memory stays flat).
CHUNK = 1000
# The key of a session's agency scope in ``Session.info`` (``SqlUnitOfWork(agencies=…)``).
AGENCY_SCOPE = "casework_agencies"


def filtered(statement: Select[Any], query: CaseFilter) -> Select[Any]:
    """``statement`` restricted to the cases ``query`` asks for."""
    if query.states:
        statement = statement.where(cases.c.state.in_(query.states))
    if query.agency:
        statement = statement.where(cases.c.agency == query.agency)
    if query.handler is not None:
        statement = statement.where(cases.c.handler == query.handler)
    if query.due_on_or_before is not None:
        statement = statement.where(cases.c.reply_due_on <= query.due_on_or_before)
    if query.overdue_on is not None:
        statement = statement.where(cases.c.reply_due_on < query.overdue_on)
    return statement


def ordered(statement: Select[Any], query: CaseFilter) -> Select[Any]:
    """``statement`` in the list's order, cut to the page ``query`` asks for."""
    if query.order_by_next_deadline:  # one clerk's 待办 (todo)
        deadline = cases.c.next_deadline_on
        statement = statement.order_by(deadline.is_(None), deadline)
    if query.order_by_due:
        statement = statement.order_by(cases.c.reply_due_on.is_(None), cases.c.reply_due_on)
    statement = statement.order_by(cases.c.received_on, cases.c.id)
    if query.offset:
        statement = statement.offset(query.offset)
    if query.limit:
        statement = statement.limit(query.limit)
    return statement


def scoped(statement: Select[Any], agencies: tuple[str, ...] | None) -> Select[Any]:
    """``statement`` within an agency scope (the staff API's token user; the ORM reads get the
    same through ``repository._agency_scope``); None: no scope."""
    return statement if agencies is None else statement.where(cases.c.agency.in_(agencies))


def count_cases(
    executor: Session | Connection, query: CaseFilter, agencies: tuple[str, ...] | None
) -> int:
    statement = scoped(filtered(select(func.count()).select_from(cases), query), agencies)
    return int(executor.execute(statement).scalar_one())


def case_rows(
    executor: Session | Connection, query: CaseFilter, agencies: tuple[str, ...] | None
) -> Iterator[CaseRow]:
    """The rows of the cases ``query`` asks for, in order, read ``CHUNK`` at a time."""
    columns = (
        cases.c.number,
        cases.c.agency,
        cases.c.state,
        applicants.c.name,
        cases.c.received_on,
        cases.c.reply_due_on,
        cases.c.due_provisional,
        cases.c.clock_status,
        cases.c.outcome,
    )
    joined = select(*columns).join(applicants, applicants.c.id == cases.c.applicant_id)
    statement = ordered(scoped(filtered(joined, query), agencies), query)
    result = executor.execute(statement.execution_options(yield_per=CHUNK))
    for row in result:
        yield CaseRow._make(row)
