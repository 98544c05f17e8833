"""The SQL of ``casework search`` and of the earlier requests of an applicant (issue 17).

Words of three characters or more go through each engine's trigram index (revision 0018):
SQLite's FTS5 table ``cases_fts`` (``MATCH`` of quoted phrases), PostgreSQL's GIN pg_trgm
index on ``cases.search_text`` (``ILIKE '%…%'``).  Shorter words are below a trigram: they are
matched by ``LIKE`` over the rows the other criteria leave (on PostgreSQL the GIN index still
answers them, reading its whole posting list; ``bench/bench_search.py`` measures both).  The
applicant's name and identity number are exact matches over their own indexes.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Integer, Select, Text, and_, column, select, table

from casework.adapters.orm import applicants, cases
from casework.domain.case.records import Case
from casework.domain.case.search import VOIDED, CaseSearch

# The FTS5 table of revision 0018 (SQLite only; outside the metadata, see orm.py).
CASES_FTS = table("cases_fts", column("rowid", Integer), column("cases_fts", Text))


def search_statement(query: CaseSearch, dialect: str) -> Select[Case]:
    """The cases matching every part of ``query``, newest receipt first."""
    statement = select(Case)
    for condition in _conditions(query, dialect):
        statement = statement.where(condition)
    order = (cases.c.received_on.desc(), cases.c.id.desc())
    return statement.order_by(*order).limit(query.limit)


def _conditions(query: CaseSearch, dialect: str) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if query.indexed_terms:
        conditions.append(_indexed(query.indexed_terms, dialect))
    for term in query.short_terms:
        conditions.append(_like(term, dialect))
    if query.applicant is not None:
        conditions.append(cases.c.applicant_id.in_(_applicants(applicants.c.name, query.applicant)))
    if query.id_number is not None:
        # Exact over the stored value; check characters (X) are stored in upper case.
        forms = sorted({query.id_number, query.id_number.upper()})
        owners = select(applicants.c.id).where(applicants.c.id_number.in_(forms))
        conditions.append(cases.c.applicant_id.in_(owners))
    if query.received_from is not None:
        conditions.append(cases.c.received_on >= query.received_from)
    if query.received_to is not None:
        conditions.append(cases.c.received_on <= query.received_to)
    if query.outcome is not None:
        conditions.append(cases.c.outcome == query.outcome)
    if query.agency is not None:
        conditions.append(cases.c.agency == query.agency)
    if not query.include_voided:
        conditions.append(cases.c.state != VOIDED)
    return conditions


def _applicants(column: ColumnElement[str | None], value: str) -> Select[tuple[int]]:
    return select(applicants.c.id).where(column == value)


def _indexed(terms: tuple[str, ...], dialect: str) -> ColumnElement[bool]:
    if dialect == "sqlite":
        # Each term a quoted phrase (a double quote inside doubled): FTS5 ANDs them.
        match = " ".join('"' + term.replace('"', '""') + '"' for term in terms)
        found = select(CASES_FTS.c.rowid).where(CASES_FTS.c.cases_fts.op("MATCH")(match))
        return cases.c.id.in_(found)
    conditions = [_like(term, dialect) for term in terms]
    return and_(*conditions)


def _like(term: str, dialect: str) -> ColumnElement[bool]:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    if dialect == "postgresql":
        # ILIKE: the same case folding as FTS5's trigram tokenizer; pg_trgm indexes both.
        return cases.c.search_text.ilike(pattern, escape="\\")
    return cases.c.search_text.like(pattern, escape="\\")


def same_applicant_statement(case: Case) -> Select[Case]:
    """The agency's other cases whose applicant has ``case``'s name: every case the rule of
    ``casework.domain.case.applicants`` may call the same applicant (it always asks the same
    name), which the service then applies (type, identity number, contact)."""
    owners = _applicants(applicants.c.name, case.applicant.name.strip())
    return (
        select(Case)
        .where(cases.c.applicant_id.in_(owners), cases.c.agency == case.agency)
        .where(cases.c.id != case.id)
        .order_by(cases.c.received_on.desc(), cases.c.id.desc())
    )
